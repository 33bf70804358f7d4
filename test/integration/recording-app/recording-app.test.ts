// Recording as the app does it: cameras added through the service against the simulator, the
// recorder in the stream worker, the segments table read back through recordings.query, the
// files checked with ffprobe/ffmpeg, a SIGKILLed core recovered by the next one, retention on real
// files, and the weekly schedule on an injected clock.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { DATABASE_FILE_NAME } from '../../../main/registry/registry.ts';
import { MkvWriter } from '../../../main/media/mkv-writer.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import type { RecordingSegment } from '../../../shared/api/calls.ts';
import { decodeErrors, probePackets } from '../../unit/recording/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';
import { call, collect, DrivenClock, openTestCore, simulatedCamera, tempDir } from './helpers.ts';

const CHILD = fileURLToPath(new URL('./core-child.ts', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  cleanups.push(() => sim.close());
  return sim;
}

function scratch(prefix: string) {
  const dir = tempDir(prefix);
  cleanups.push(() => dir.remove());
  return dir.path;
}

const everything = (cameraId: string) => ({ cameraId, fromMs: 0, toMs: Date.now() + 86_400_000 });

test('continuous recording writes playable segments listed by recordings.query; turning it off finishes the segment', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const dataDir = scratch('rec-app');
  const core = await openTestCore(dataDir);
  cleanups.push(() => core.close());
  const states = collect(core, 'recording.state');
  assert.equal((await call(core, 'app.info', {})).recording, true);
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });

  const camera = await call(core, 'cameras.add', { camera: { ...simulatedCamera(sim.port, 1, 'Door'), recordMode: 'continuous' } });
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording.state recording' });
  assert.deepEqual(
    (await call(core, 'recordings.states', {})).find((s) => s.cameraId === camera.id),
    { cameraId: camera.id, state: 'recording', message: null },
  );
  // Segments of 2 s (the first one shorter, staggered): wait for a finished one.
  const complete = await waitFor(async () => {
    const segments = await call(core, 'recordings.query', everything(camera.id));
    return segments.find((s) => s.status === 'complete' && s.frames > 0);
  }, { what: 'a complete segment' });
  assert.match(complete.path, new RegExp(`^${camera.id}/\\d{4}-\\d{2}-\\d{2}/\\d{6}(-\\d+)?\\.mkv$`));
  const root = join(dataDir, 'recordings');
  const file = join(root, complete.path);
  assert.equal(probePackets(file).length, complete.frames, 'the row counts every frame ffprobe reads');
  assert.equal(decodeErrors(file), '');

  await call(core, 'cameras.update', { id: camera.id, patch: { recordMode: 'off' } });
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'off'), { what: 'recording.state off' });
  const segments = await waitFor(async () => {
    const all = await call(core, 'recordings.query', everything(camera.id));
    return all.every((s) => s.status === 'complete') ? all : undefined;
  }, { what: 'every segment complete after recording was turned off' });
  for (const segment of segments) {
    const path = join(root, segment.path);
    assert.ok(existsSync(path), `${segment.path} exists`);
    assert.equal(probePackets(path).length, segment.frames, `${segment.path}: index and file agree`);
  }
  const started = await call(core, 'events.query', { cameraId: camera.id, kinds: ['recording.started'] });
  assert.equal(started.length, 1);
});

test('a core killed while recording leaves a segment the next core recovers, playable to its last frame', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const dataDir = scratch('rec-crash');
  const child: ChildProcess = spawn(process.execPath, [CHILD, dataDir, String(sim.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const cameraId = await waitFor(() => /^camera (\S+)$/m.exec(output)?.[1], { what: 'the child core to add its camera' });
  // Wait until the open segment holds synced frames, then kill without any goodbye.
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  const open = await waitFor(() => {
    const row = db.prepare(`SELECT * FROM segments WHERE camera_id = ? AND status = 'recording' AND frames >= 10`).get(cameraId) as
      | { id: number; path: string; frames: number }
      | undefined;
    return row;
  }, { what: `an open segment with frames (child output: ${output})` });
  db.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const core = await openTestCore(dataDir);
  cleanups.push(() => core.close());
  const segments = await call(core, 'recordings.query', everything(cameraId));
  const recovered = segments.find((s) => s.id === open.id);
  assert.ok(recovered, `segment ${open.path} is still indexed`);
  assert.equal(recovered.status, 'recovered');
  assert.ok(recovered.frames >= open.frames, 'nothing synced before the kill was lost');
  const file = join(dataDir, 'recordings', recovered.path);
  assert.equal(probePackets(file).length, recovered.frames);
  assert.equal(decodeErrors(file), '');
  const events = await call(core, 'events.query', { cameraId, kinds: ['segment.recovered'] });
  assert.ok(events.some((e) => (e.data as { path?: string }).path === open.path), 'the recovery is in the event log');
});

test('retention deletes the oldest segment over the camera limit, keeps the last hours when free space runs short, and warns', { timeout: 60_000 }, async () => {
  const dataDir = scratch('rec-retention');
  const root = join(dataDir, 'recordings');
  let freeBytes = 1024 ** 4;
  // First start: the camera, with a 0.1 GB limit and no recording.
  let core = await openTestCore(dataDir, { freeBytes: () => freeBytes });
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
  const camera = await call(core, 'cameras.add', { camera: { ...simulatedCamera(9, 1, 'Archive'), enabled: false, retentionGb: 0.1 } });
  await core.close();

  // Two real segments written while the app was not running: an old one over the limit alone, and a newer small one.
  const oldPath = `${camera.id}/2026-01-01/080000.mkv`;
  const newPath = `${camera.id}/2026-01-02/080000.mkv`;
  writeSegment(join(root, oldPath), Date.UTC(2026, 0, 1, 8), 110, 1024 * 1024);
  writeSegment(join(root, newPath), Date.UTC(2026, 0, 2, 8), 20, 10 * 1024);

  core = await openTestCore(dataDir, { freeBytes: () => freeBytes });
  cleanups.push(() => core.close());
  const appended = collect(core, 'events.appended');
  // At open: recovery adopts both files, then retention removes the old one (0.1 GB = 107 MB < 115 MB).
  const left = await call(core, 'recordings.query', everything(camera.id));
  assert.deepEqual(left.map((s: RecordingSegment) => s.path), [newPath]);
  assert.equal(existsSync(join(root, oldPath)), false);
  assert.equal(existsSync(join(root, `${camera.id}/2026-01-01`)), false, 'the emptied day folder is gone');
  assert.ok(existsSync(join(root, newPath)));
  const deletions = await call(core, 'events.query', { cameraId: camera.id, kinds: ['retention.deleted'] });
  assert.equal(deletions.length, 1);
  assert.equal((deletions[0]!.data as { path: string; reason: string }).path, oldPath);
  assert.equal((deletions[0]!.data as { reason: string }).reason, 'camera-bytes');

  // The disk runs short: the one segment left is the camera's last hours, which free space never
  // deletes (before, it went and the archive was empty); a warning says so, as an event once and
  // in app.info's storage for the banner.
  const storageChanges = collect(core, 'storage.changed');
  freeBytes = 0;
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 1024 } });
  assert.deepEqual((await call(core, 'recordings.query', everything(camera.id))).map((s: RecordingSegment) => s.path), [newPath]);
  assert.ok(existsSync(join(root, newPath)));
  const warnings = await call(core, 'events.query', { kinds: ['retention.warning'] });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /has 0 B free, less than the 1\.0 KiB Camwall keeps free/);
  const { storage } = await call(core, 'app.info', {});
  assert.equal(storage.warnings.length, 1);
  assert.equal(storageChanges.at(-1)?.storage.warnings[0], warnings[0]!.message);
  core.recording.runRetention();
  assert.equal((await call(core, 'events.query', { kinds: ['retention.warning'] })).length, 1, 'once per episode, not once a run');
  // Warnings reach the UI as they happen.
  await waitFor(() => appended.find((e) => e.entry.kind === 'retention.warning'), { what: 'events.appended for the warning' });
  // Room again: the warning goes.
  freeBytes = 1024 ** 4;
  core.recording.runRetention();
  assert.deepEqual((await call(core, 'app.info', {})).storage.warnings, []);
});

test('scheduled recording follows the weekly schedule on an injected clock', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const dataDir = scratch('rec-schedule');
  // Monday 07:59:50 local time; the schedule records Mondays 08:00-08:01.
  const clock = new DrivenClock(new Date(2030, 0, 7, 7, 59, 50).getTime());
  const core = await openTestCore(dataDir, { clock });
  cleanups.push(() => core.close());
  const states = collect(core, 'recording.state');
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
  const camera = await call(core, 'cameras.add', {
    camera: { ...simulatedCamera(sim.port, 1, 'Gate'), recordMode: 'scheduled', schedule: [{ day: 1, from: '08:00', to: '08:01' }] },
  });
  const waiting = await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'waiting'), { what: 'waiting for the schedule' });
  assert.match(waiting.message ?? '', /Mon 08:00/);
  assert.deepEqual(await call(core, 'recordings.query', everything(camera.id)), []);
  // One timer, at the boundary.
  assert.equal(clock.pending.length, 1);
  assert.equal(clock.pending[0]!.at, new Date(2030, 0, 7, 8, 0, 0).getTime() + 250);

  clock.fireNext();
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording at 08:00' });
  await waitFor(async () => (await call(core, 'recordings.query', everything(camera.id))).find((s) => s.frames > 0), { what: 'frames recorded' });
  assert.equal(clock.pending.length, 1, 'the next boundary is armed');
  assert.equal(clock.pending[0]!.at, new Date(2030, 0, 7, 8, 1, 0).getTime() + 250);

  const before = states.length;
  clock.fireNext();
  await waitFor(() => states.slice(before).find((s) => s.cameraId === camera.id && s.state === 'waiting'), { what: 'waiting again at 08:01' });
  const segments = await waitFor(async () => {
    const all = await call(core, 'recordings.query', everything(camera.id));
    return all.length > 0 && all.every((s) => s.status === 'complete') ? all : undefined;
  }, { what: 'the scheduled segment finished' });
  assert.ok(segments.every((s) => s.frames > 0));
  assert.equal(clock.pending.length, 1, 'next Monday 08:00 is armed');
  assert.equal(clock.pending[0]!.at, new Date(2030, 0, 14, 8, 0, 0).getTime() + 250);
});

test('a recordings folder that cannot be written stops recording with a visible error, live view goes on, and it resumes by itself', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const dataDir = scratch('rec-blocked');
  // The folder is taken by a file: every attempt to create the camera's folders fails (a
  // permission test would not work as root, and these tests may run as root).
  const blocked = join(dataDir, 'blocked');
  let core = await openTestCore(dataDir);
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0, recordingsDir: blocked } });
  await core.close();
  writeFileSync(blocked, 'not a folder\n');
  core = await openTestCore(dataDir);
  cleanups.push(() => core.close());
  const states = collect(core, 'recording.state');
  const statuses = collect(core, 'camera.status');

  const camera = await call(core, 'cameras.add', { camera: { ...simulatedCamera(sim.port, 1, 'Blocked'), recordMode: 'continuous' } });
  const failed = await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'error'), { what: 'recording.state error' });
  assert.match(failed.message ?? '', /Recording camera .* stopped/);
  const errors = await call(core, 'events.query', { cameraId: camera.id, kinds: ['recording.error'] });
  assert.equal(errors.length, 1, 'one error event for the outage');
  // The recorder's failure and the camera's live state come as separate messages, in either order.
  await waitFor(() => statuses.find((s) => s.cameraId === camera.id && s.status.state === 'live'), { what: 'the camera streams on' });
  assert.equal(core.streams.status(camera.id)?.state, 'live');

  // The folder becomes usable: the recorder retries (every 10 s) and resumes without help.
  rmSync(blocked);
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording.state recording again', timeoutMs: 30_000 });
  const resumed = await waitFor(async () => {
    const events = await call(core, 'events.query', { cameraId: camera.id, kinds: ['recording.resumed'] });
    return events.length > 0 ? events : undefined;
  }, { what: 'a recording.resumed event' });
  assert.equal(resumed.length, 1);
  const segment = await waitFor(async () => (await call(core, 'recordings.query', everything(camera.id))).find((s) => s.frames > 0), { what: 'frames recorded after resuming' });
  assert.ok(existsSync(join(blocked, segment.path)));
});

/** A wall clock the test moves: timers wait until the test fires them, jumping the time there. */
/** A finished segment of `frames` JPEG-shaped payloads (FF D8 ... FF D9) of `frameBytes` each. */
function writeSegment(path: string, startWallMs: number, frames: number, frameBytes: number): void {
  nodeRecordingFs.mkdirp(join(path, '..'));
  const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs });
  const jpeg = Buffer.alloc(frameBytes);
  jpeg[0] = 0xff;
  jpeg[1] = 0xd8;
  jpeg[frameBytes - 2] = 0xff;
  jpeg[frameBytes - 1] = 0xd9;
  for (let i = 0; i < frames; i++) writer.writeFrame(jpeg, i * 100);
  writer.finish();
}

