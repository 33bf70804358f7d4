// Frames over the WebSocket: a camera added through the API streams at once, keeps streaming
// after a restart of the server on the same data folder, and a client that does not ack gets
// at most FRAMES_IN_FLIGHT_PER_SUBSCRIPTION frames until it does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { FRAMES_IN_FLIGHT_PER_SUBSCRIPTION } from '../../../shared/api/wire.ts';
import { simulatedCamera, startServe, tempDir, TestClient } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let simulator: Simulator;

before(async () => {
  dir = tempDir('api-frames');
  simulator = await startSimulator({ cameras: 2, fps: 15, resolution: '320x240' });
});

after(async () => {
  await simulator?.close();
  dir?.remove();
});

test('a camera added through the API streams, and comes back live after a restart', async () => {
  let serving = await startServe(dir.path);
  let client = await TestClient.connect(serving);
  let cameraId: string;
  try {
    const addedAt = performance.now();
    const camera = await client.value('cameras.add', { camera: simulatedCamera(simulator.port, 1, 'Gate') });
    cameraId = camera.id;
    client.send({ t: 'subscribe', sub: 1, cameraId, stream: 'main' });
    const [first] = await client.waitForFrames(1);
    // Reported, not asserted (the machine may be busy): the design target is well under 1 s.
    console.log(`first frame ${Math.round(performance.now() - addedAt)} ms after cameras.add`);
    assert.equal(first!.frame.cameraId, cameraId);
    assert.equal(first!.subscription, 1);
    assert.equal(first!.frame.width, 320);
    assert.equal(first!.frame.height, 240);
    const jpeg = new Uint8Array(first!.frame.jpeg);
    assert.deepEqual([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)], [0xff, 0xd8, 0xff, 0xd9]);
    await client.waitFor((m) => m.t === 'event' && m.name === 'camera.status' && m.payload.cameraId === cameraId && m.payload.status.state === 'live');
  } finally {
    client.close();
    await serving.close();
  }

  serving = await startServe(dir.path);
  client = await TestClient.connect(serving);
  try {
    const list = await client.value('cameras.list');
    assert.deepEqual(list.map((c: { id: string }) => c.id), [cameraId]);
    client.send({ t: 'subscribe', sub: 5, cameraId, stream: 'main' });
    const [frame] = await client.waitForFrames(1);
    assert.equal(frame!.frame.cameraId, cameraId);
  } finally {
    client.close();
    await serving.close();
  }
});

test('a client that never acks gets at most the in-flight credit; acking resumes the flow', async () => {
  const serving = await startServe(dir.path);
  const silent = await TestClient.connect(serving);
  const watcher = await TestClient.connect(serving);
  try {
    const camera = await watcher.value('cameras.add', { camera: simulatedCamera(simulator.port, 2, 'Flow') });
    silent.send({ t: 'subscribe', sub: 1, cameraId: camera.id, stream: 'main' });
    watcher.send({ t: 'subscribe', sub: 1, cameraId: camera.id, stream: 'main' });
    // The watcher acks every frame; by the time it has 12, the silent client has been offered
    // at least ten and must have been sent only its credit.
    const acked = new Set<number>();
    await watcher.until(() => {
      for (const [i, frame] of watcher.frames.entries()) {
        if (!acked.has(i)) {
          acked.add(i);
          watcher.send({ t: 'ack', sub: frame.subscription });
        }
      }
      return watcher.frames.length >= 12 ? true : undefined;
    }, 30_000, '12 frames for the acking client');
    assert.ok(silent.frames.length >= 1, 'the silent client got its first frames');
    assert.ok(silent.frames.length <= FRAMES_IN_FLIGHT_PER_SUBSCRIPTION, `the silent client got ${silent.frames.length} frames without acking`);
    const seqs = silent.frames.map((f) => f.frame.seq);

    for (let i = 0; i < silent.frames.length; i++) silent.send({ t: 'ack', sub: 1 });
    await silent.until(() => (silent.frames.length > seqs.length ? true : undefined), 15_000, 'a frame after acking');
    const next = silent.frames[seqs.length]!;
    assert.ok(next.frame.seq > Math.max(...seqs), 'the next frame is newer: stale ones were dropped, not queued');
  } finally {
    silent.close();
    watcher.close();
    await serving.close();
  }
});

test('a tile stream subscription gets the smaller stream, labelled with the camera id', async () => {
  const serving = await startServe(dir.path);
  const client = await TestClient.connect(serving);
  try {
    const camera = await client.value('cameras.add', {
      camera: { ...simulatedCamera(simulator.port, 1, 'Two streams'), resolution: '640x480', subResolution: '320x240' },
    });
    client.send({ t: 'subscribe', sub: 3, cameraId: camera.id, stream: 'sub' });
    client.send({ t: 'subscribe', sub: 4, cameraId: camera.id, stream: 'main' });
    const sub = await client.until(() => client.frames.find((f) => f.subscription === 3), 15_000, 'a tile-stream frame');
    const main = await client.until(() => client.frames.find((f) => f.subscription === 4), 15_000, 'a main-stream frame');
    assert.equal(sub.frame.cameraId, camera.id);
    assert.deepEqual([sub.frame.width, sub.frame.height], [320, 240]);
    assert.deepEqual([main.frame.width, main.frame.height], [640, 480]);
  } finally {
    client.close();
    await serving.close();
  }
});

test('removing a camera ends its subscriptions; disabling it stops its stream', async () => {
  const serving = await startServe(dir.path);
  const client = await TestClient.connect(serving);
  try {
    const camera = await client.value('cameras.add', { camera: simulatedCamera(simulator.port, 2, 'Short-lived') });
    client.send({ t: 'subscribe', sub: 8, cameraId: camera.id, stream: 'main' });
    await client.until(() => client.frames.find((f) => f.subscription === 8), 15_000, 'a frame');
    await client.value('cameras.update', { id: camera.id, patch: { enabled: false } });
    await client.waitFor((m) => m.t === 'event' && m.name === 'camera.status' && m.payload.cameraId === camera.id && m.payload.status.state === 'stopped');
    await client.value('cameras.remove', { id: camera.id });
    const ended = await client.waitFor((m) => m.t === 'subscription-ended' && m.sub === 8);
    assert.match((ended as { reason: string }).reason, /removed/);
    assert.equal(serving.core.streams.status(camera.id), null, 'the stream manager forgot the camera');
  } finally {
    client.close();
    await serving.close();
  }
});
