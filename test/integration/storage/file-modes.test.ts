// What Camwall writes is its user's alone: the data folder (tightened when it exists looser),
// the database and its -wal/-shm, demo.json, the recordings folders and segment files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { call, openTestCore, tempDir } from '../recording-app/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';

const posix = process.platform !== 'win32';
const modeOf = (path: string) => statSync(path).mode & 0o777;

test('regression: data folder 0700 (an existing 0755 one is tightened), database, WAL, SHM and demo.json 0600, recordings 0700/0600', { skip: !posix && 'mode bits are POSIX only', timeout: 90_000 }, async (t) => {
  const scratch = tempDir('file-modes');
  t.after(() => scratch.remove());
  const dataDir = join(scratch.path, 'data');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  const logs: string[] = [];
  const core = await openTestCore(dataDir, { segmentSeconds: 1 }, (line) => logs.push(line));
  t.after(() => core.close());
  assert.equal(modeOf(dataDir), 0o700);
  assert.ok(logs.some((line) => /was open to other users \(mode 0755\); it is now 0700/.test(line)));

  const demo = await call(core, 'demo.start', {});
  const camera = demo.cameras[0]!;
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
  await call(core, 'cameras.update', { id: camera.id, patch: { recordMode: 'continuous' } });
  const segment = await waitFor(async () => (await call(core, 'recordings.query', { cameraId: camera.id, fromMs: 0, toMs: Date.now() + 60_000 }))[0], { what: 'a recorded segment', timeoutMs: 60_000 });

  for (const file of ['camwall.db', 'camwall.db-wal', 'camwall.db-shm', 'demo.json', 'secret.key']) {
    assert.equal(modeOf(join(dataDir, file)).toString(8), '600', file);
  }
  const recordings = join(dataDir, 'recordings');
  const file = join(recordings, segment.path);
  assert.equal(modeOf(file).toString(8), '600', 'segment file');
  for (const dir of [dirname(file), dirname(dirname(file)), recordings]) assert.equal(modeOf(dir).toString(8), '700', dir);
});
