// A full data disk on a real (tmpfs) file system: Camwall starts on it with live view, says the
// disk is full in app.info, and answers saves with 'disk-full' instead of an internal error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFileSecretStore, SECRET_KEY_FILE_NAME } from '../../../main/registry/key-file-secret-store.ts';
import { startSimulator } from '../../../main/simulator/server.ts';
import type { ApiPushes } from '../../../shared/api/pushes.ts';
import { cannotMount, mountSmallDisk } from '../../support/full-disk.ts';
import { startServe } from '../api/helpers.ts';
import { call } from '../recording-app/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';

const skip = cannotMount();
const context = { shell: 'browser' as const, caller: 'test' };

test('the key file store opens an existing key on a full disk without writing anything', { skip }, async (t) => {
  const disk = mountSmallDisk(t);
  const dataDir = join(disk.path, 'data');
  const first = await KeyFileSecretStore.open(dataDir);
  const stored = await first.encrypt('hunter2');
  const key = readFileSync(join(dataDir, SECRET_KEY_FILE_NAME));
  disk.fill();
  const again = await KeyFileSecretStore.open(dataDir);
  assert.equal(await again.decrypt(stored), 'hunter2');
  assert.deepEqual(readFileSync(join(dataDir, SECRET_KEY_FILE_NAME)), key);
  assert.deepEqual(readdirSync(dataDir), [SECRET_KEY_FILE_NAME], 'no temporary key file left behind');
});

test('camwall serve starts on a full data disk: live view on, saves and recording refused, app.info says the disk is full', { skip }, async (t) => {
  const disk = mountSmallDisk(t);
  const dataDir = join(disk.path, 'data');
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, cameras: 1, resolution: '320x240', fps: 10, auth: 'none' });
  t.after(() => simulator.close());
  const before = await startServe(dataDir);
  const added = await call(before.core, 'cameras.add', { camera: { name: 'Yard', kind: 'vapix', scheme: 'http', host: '127.0.0.1', port: simulator.port, channel: 1 } });
  const recorded = await call(before.core, 'cameras.add', { camera: { name: 'Gone', kind: 'url', scheme: 'http', host: '127.0.0.1', port: 1, path: '/video', recordMode: 'continuous' } });
  await before.close();

  disk.fill();
  const logs: string[] = [];
  const serving = await startServe(dataDir, { log: (line) => logs.push(line) });
  t.after(() => serving.close());

  const { storage } = await call(serving.core, 'app.info', {});
  assert.equal(storage.state, 'full');
  assert.equal(storage.startedFull, true);
  assert.match(storage.message ?? '', /was full when Camwall started: live view works, but nothing can be saved and nothing is recorded/);

  // Live view: the camera registered before the disk filled streams.
  const frames: number[] = [];
  const subscription = serving.core.subscribeFrames(added.id, 'main', { deliver: (frame) => void frames.push(frame.seq) });
  t.after(() => subscription.unsubscribe());
  await waitFor(() => frames.length > 0, { what: 'a live frame on a full disk' });

  for (const [name, args] of [
    ['cameras.add', { camera: { name: 'New', kind: 'url', scheme: 'http', host: '127.0.0.1', port: 2, path: '/v' } }],
    ['settings.set', { patch: { stallTimeoutS: 12 } }],
    ['layouts.save', { layout: { name: 'Second', preset: '2x2', tiles: [null, null, null, null] } }],
  ] as const) {
    const result = await serving.core.dispatch(name, args, context);
    assert.equal(result.ok, false, name);
    if (result.ok) continue;
    assert.equal(result.error.code, 'disk-full', name);
    assert.match(result.error.message, new RegExp(`^${name.replace('.', '\\.')}: the disk is full`));
    assert.ok(result.error.message.includes(dataDir), 'says which folder');
  }
  const states = await call(serving.core, 'recordings.states', {});
  const gone = states.find((entry) => entry.cameraId === recorded.id);
  assert.equal(gone?.state, 'error');
  assert.match(gone?.message ?? '', /the disk was full when Camwall started/);
  assert.ok(logs.some((line) => /is full: live view only/.test(line)));
});

test('a save that fails for lack of space while running answers disk-full and emits storage.changed', { skip }, async (t) => {
  const disk = mountSmallDisk(t);
  const dataDir = join(disk.path, 'data');
  const serving = await startServe(dataDir);
  t.after(() => serving.close());
  const changes: ApiPushes['storage.changed'][] = [];
  serving.core.events.on('storage.changed', (payload) => changes.push(payload));
  disk.fill();
  // The WAL may still have room for a few commits: add cameras until one does not fit.
  let failure: { code: string; message: string } | null = null;
  for (let i = 0; i < 500 && failure === null; i++) {
    const result = await serving.core.dispatch('cameras.add', { camera: { name: `Camera ${i}`, kind: 'url', scheme: 'http', host: '127.0.0.1', port: 2, path: '/v' } }, context);
    if (!result.ok) failure = result.error;
  }
  assert.ok(failure, 'a save failed once the disk was full');
  assert.equal(failure.code, 'disk-full');
  assert.match(failure.message, /^cameras\.add: the disk is full; nothing was saved\. Free some space/);
  assert.equal(changes.at(-1)?.storage.state, 'full');
  assert.equal(changes.at(-1)?.storage.startedFull, false);
  assert.equal((await call(serving.core, 'app.info', {})).storage.state, 'full');
});
