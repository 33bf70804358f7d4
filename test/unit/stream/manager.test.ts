import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { StreamManager } from '../../../main/stream/stream-manager.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';
import { ManualClock } from './session-fakes.ts';
import { waitFor } from '../../support/wait-for.ts';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('manager: rejects a pool size it cannot run and duplicate camera ids', async () => {
  assert.throws(() => new StreamManager({ workers: 0 }), RangeError);
  assert.throws(() => new StreamManager({ workers: 2.5 }), RangeError);
  const manager = new StreamManager({ workers: 1 });
  const target = { url: 'http://127.0.0.1:9/axis-cgi/mjpg/video.cgi' };
  assert.throws(() => manager.setCameras([{ id: 'a', target }, { id: 'a', target }]), /appears twice/);
  assert.throws(() => manager.setRecording('nope', true), /no camera nope/);
  await manager.close();
  assert.throws(() => manager.subscribe('a', { deliver: () => {} }), /closed/);
});

test('manager: a camera nobody needs is stopped and starts no worker', async () => {
  const manager = new StreamManager({ workers: 2 });
  const statuses: CameraStatus[] = [];
  manager.on('status', (_id, status) => statuses.push(status));
  manager.setCameras([{ id: 'a', target: { url: 'http://127.0.0.1:9/axis-cgi/mjpg/video.cgi' } }]);
  assert.equal(manager.workerCount, 0);
  assert.equal(manager.status('a')?.state, 'stopped');
  assert.deepEqual(statuses.map((s) => s.state), ['stopped']);
  assert.equal(await manager.snapshot('nope'), null, 'an unknown camera has no picture');
  assert.equal(manager.workerCount, 0);
  // A snapshot needs a frame: it connects the camera; one that refuses answers null at its first failure.
  assert.equal(await manager.snapshot('a', 60_000), null);
  assert.ok(statuses.some((s) => s.state === 'backoff' || s.state === 'error'), 'the camera was tried');
  await manager.close();
});

test('manager: close() answers a snapshot still waiting for its frame at once', { timeout: 8_000 }, async (t) => {
  // A camera that takes the connection and never answers: no frame and no failure for 10 s (the
  // headers timeout), and on the manual clock the snapshot's own wait never runs out.
  const held = new Set<import('node:net').Socket>();
  const silent = createServer((socket) => { held.add(socket); socket.on('error', () => {}); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => { for (const socket of held) socket.destroy(); silent.close(); });
  const port = (silent.address() as { port: number }).port;
  const manager = new StreamManager({ workers: 1, clock: new ManualClock() });
  manager.setCameras([{ id: 'a', target: { url: `http://127.0.0.1:${port}/axis-cgi/mjpg/video.cgi` } }]);
  const waiting = manager.snapshot('a', 60_000);
  await waitFor(() => held.size > 0, { what: 'the camera to be connected', pollMs: 20 });
  await manager.close();
  assert.equal(await waiting, null);
});

test('manager: the grace period runs on the injected clock before an unwatched camera stops', { timeout: 30_000 }, async (t) => {
  const clock = new ManualClock();
  const port = await closedPort();
  const manager = new StreamManager({ workers: 1, clock, graceMs: 10_000 });
  t.after(() => manager.close());
  const states: string[] = [];
  let resolveError: () => void;
  const sawError = new Promise<void>((resolve) => (resolveError = resolve));
  manager.on('status', (_id, status) => {
    states.push(status.state);
    if (status.state === 'backoff') resolveError();
  });
  manager.setCameras([{ id: 'a', target: { url: `http://127.0.0.1:${port}/axis-cgi/mjpg/video.cgi` } }]);
  const subscription = manager.subscribe('a', { deliver: () => {} });
  await sawError; // the worker runs and retries a refused camera
  assert.equal(manager.workerCount, 1);
  subscription.unsubscribe();
  await clock.advance(9_999);
  assert.notEqual(states.at(-1), 'stopped');
  const stopped = new Promise<void>((resolve) => manager.on('status', (_id, s) => s.state === 'stopped' && resolve()));
  await clock.advance(1);
  await stopped;
  assert.equal(manager.status('a')?.reason, 'nobody is watching or recording');
});
