// storage.plan and the event log over the real WebSocket, on real recordings: two simulated
// cameras recorded by the browser shell's core, the plan read while they record (rates, the days
// each will keep, the warning for the one whose GB limit cannot hold its days) and after they
// stop (disk use equal to the files on disk and to the segment index), then the event log's rows
// for camera changes and recording stopped, and a removed camera shown by its last name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordingSegment, StoragePlan } from '../../../shared/api/calls.ts';
import type { EventEntry } from '../../../shared/api/domain.ts';
import { waitFor } from '../../support/wait-for.ts';
import { shellWithSimulator, simulatedCamera } from './helpers.ts';

const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;
const shell = shellWithSimulator('api-storage', { cameras: 2, fps: 10, resolution: '320x240' });

function filesUnder(root: string): number {
  let total = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.mkv')) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

test('storage.plan forecasts from real recordings, warns where a limit cannot hold the days asked, and adds up to the files', { timeout: 120_000 }, async () => {
  const small = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 1, 'Small'), recordMode: 'continuous', retentionDays: 30, retentionGb: 0.1 } });
  const open = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 2, 'Open'), recordMode: 'continuous' } });
  const startedAt = Date.now();

  // Both record; after 10 s of it each has a rate.
  const plan: StoragePlan = await waitFor(async () => {
    const p: StoragePlan = await shell.client.value('storage.plan');
    return p.cameras.length === 2 && p.cameras.every((c) => c.bytesPerDay !== null) ? p : undefined;
  }, { what: 'a rate for both cameras', timeoutMs: 60_000 });
  const root = (await shell.client.value('app.info')).paths.recordings as string;
  const byId = new Map(plan.cameras.map((c) => [c.cameraId, c]));
  const s = byId.get(small.id)!;
  const o = byId.get(open.id)!;
  assert.equal(s.name, 'Small');
  assert.ok(s.recording && o.recording);
  for (const c of [s, o]) {
    // The rate is the bytes recorded over the time since recording began, scaled to a day.
    const elapsed = plan.atMs - startedAt;
    assert.ok(c.bytes > 0 && c.segments >= 1, JSON.stringify(c));
    assert.ok(c.bytesPerDay! >= (c.bytes * DAY_MS) / (elapsed + 2_000) * 0.8 && c.bytesPerDay! <= (c.bytes * DAY_MS) / 9_000, `${c.name}: ${c.bytesPerDay} a day from ${c.bytes} bytes in ${elapsed} ms`);
  }
  // 0.1 GiB at this rate holds hours, not the 30 days asked for: the camera's own GB decides.
  assert.equal(s.askedDays, 30);
  assert.equal(s.limitedBy, 'camera-gb');
  assert.ok(Math.abs(s.keepsDays! - (0.1 * GIB) / s.bytesPerDay!) < 1e-6 * s.keepsDays!, `${s.keepsDays}`);
  assert.match(s.warning ?? '', /^Small is set to keep 30 days, but at its current rate \(.* a day\) its own storage limit holds only about/);
  assert.deepEqual(plan.warnings, [s.warning]);
  // The other has no limit of its own: the free disk space, less the reserve, ends it.
  assert.equal(o.limitedBy, 'free-space');
  assert.equal(o.warning, null);
  const disk = statfsSync(root);
  const free = disk.bavail * disk.bsize;
  assert.ok(plan.freeBytes !== null && Math.abs(plan.freeBytes - free) < 0.05 * free + 50e6, `free ${plan.freeBytes} against statfs ${free}`);
  assert.equal(plan.diskBytes, disk.blocks * disk.bsize);
  const room = plan.totalBytes + plan.freeBytes - plan.reserveBytes!;
  const expected = (room - Math.min(s.keepsDays!, o.keepsDays!) * s.bytesPerDay!) / o.bytesPerDay!;
  assert.ok(Math.abs(o.keepsDays! - expected) < 0.01 * expected, `${o.keepsDays} days against ${expected}`);

  // Stop both: the plan's bytes are the index's and the files', to the byte.
  for (const camera of [small, open]) await shell.client.value('cameras.update', { id: camera.id, patch: { recordMode: 'off' } });
  const segments: RecordingSegment[] = await waitFor(async () => {
    const all: RecordingSegment[] = await shell.client.value('recordings.query', { fromMs: 0, toMs: Date.now() + DAY_MS });
    return all.length >= 2 && all.every((seg) => seg.status === 'complete') ? all : undefined;
  }, { what: 'every segment complete', timeoutMs: 30_000 });
  const after: StoragePlan = await shell.client.value('storage.plan');
  const indexed = segments.reduce((sum, seg) => sum + seg.bytes, 0);
  assert.equal(after.totalBytes, indexed);
  assert.equal(after.totalBytes, filesUnder(root));
  assert.equal(after.cameras.reduce((sum, c) => sum + c.bytes, 0), after.totalBytes);
  assert.ok(after.cameras.every((c) => !c.recording && c.bytesPerDay === null && c.keepsDays === null && c.warning === null));
  assert.deepEqual(after.warnings, []);
});

test('the event log names the shell and client of camera changes, logs recording stopped, and keeps a removed camera\'s name', { timeout: 60_000 }, async () => {
  const events = async (kinds: string[]): Promise<EventEntry[]> => shell.client.value('events.query', { kinds });
  const [added] = await events(['camera.added']).then((list) => list.filter((e) => e.message.includes('“Small”')));
  assert.ok(added);
  assert.match(added.message, /^Camera “Small” added from a browser \(ws client \d+\)$/);
  assert.deepEqual({ ...(added.data as object), client: 'x' }, { shell: 'browser', client: 'x', name: 'Small' });
  const changed = (await events(['camera.changed']))[0]!;
  assert.match(changed.message, /changed from a browser \(ws client \d+\): recording$/);
  const stopped = await waitFor(async () => {
    const list = await events(['recording.stopped']);
    return list.length >= 2 ? list : undefined;
  }, { what: 'recording.stopped of both cameras' });
  assert.equal(new Set(stopped.map((e) => e.cameraId)).size, 2);
  assert.equal((await events(['recording.started'])).length, 2, 'one start per camera');

  const open = (await shell.client.value('cameras.list')).find((c: { name: string }) => c.name === 'Open');
  await shell.client.value('cameras.update', { id: open.id, patch: { name: 'Open gate' } });
  await shell.client.value('cameras.remove', { id: open.id });
  const removed = (await events(['camera.removed']))[0]!;
  assert.match(removed.message, /^Camera “Open gate” removed from a browser/);
  const ofOpen: EventEntry[] = await shell.client.value('events.query', { cameraId: open.id });
  assert.ok(ofOpen.length >= 4);
  assert.ok(ofOpen.every((e) => e.cameraName === 'Open gate' && e.cameraRemoved === true), JSON.stringify(ofOpen.map((e) => [e.kind, e.cameraName])));
  const recorded = await shell.client.value('recordings.cameras');
  assert.deepEqual(recorded.filter((c: { removed: boolean }) => c.removed).map((c: { name: string }) => c.name), ['Open gate']);
  const plan: StoragePlan = await shell.client.value('storage.plan');
  assert.deepEqual(plan.cameras.filter((c) => c.removed).map((c) => c.name), ['Open gate']);
});
