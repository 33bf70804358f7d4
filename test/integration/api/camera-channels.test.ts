// An encoder's channels over the real WebSocket: cameras.test reads how many video sources the
// simulated P7316 has (param.cgi ImageSource.NbrOfSources), and cameras.add with `passwordOf`
// gives a new channel the saved password of the camera it was added from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellWithSimulator, simulatedCamera } from './helpers.ts';

const shell = shellWithSimulator('api-channels', { cameras: 4, fps: 5, resolution: '320x240', auth: 'digest', user: 'admin', password: 'secret' });

test('cameras.test reports the encoder\'s video sources, with the right password and even with a wrong one refused', { timeout: 60_000 }, async () => {
  const good = await shell.client.value('cameras.test', { camera: { ...simulatedCamera(shell.simulator.port, 2, 'Encoder'), username: 'admin', password: 'secret' }, durationMs: 300 });
  assert.equal(good.ok, true);
  assert.equal(good.videoSources, 4);
  const bad = await shell.client.value('cameras.test', { camera: { ...simulatedCamera(shell.simulator.port, 2, 'Encoder'), username: 'admin', password: 'wrong' }, durationMs: 300 });
  assert.equal(bad.ok, false);
  assert.equal(bad.failure.kind, 'auth');
  assert.equal(bad.videoSources, null, 'param.cgi refused the wrong password too');
});

test('cameras.add with passwordOf takes the saved password of that camera; without it the channel has none', { timeout: 60_000 }, async () => {
  const first = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 1, 'Encoder 1'), username: 'admin', password: 'secret' } });
  const second = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 2, 'Encoder 2'), username: 'admin' }, passwordOf: first.id });
  const third = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 3, 'Encoder 3'), username: 'admin' } });
  assert.equal(second.hasPassword, true);
  assert.equal(third.hasPassword, false);
  // The saved password really is the first camera's: a test with it passes.
  const tested = await shell.client.value('cameras.test', { camera: { ...simulatedCamera(shell.simulator.port, 2, 'Encoder 2'), username: 'admin' }, useSavedPasswordOf: second.id, durationMs: 300 });
  assert.equal(tested.ok, true, JSON.stringify(tested.failure));
  // A typed password wins over passwordOf; an unknown camera is refused.
  const typed = await shell.client.value('cameras.add', { camera: { ...simulatedCamera(shell.simulator.port, 4, 'Encoder 4'), username: 'admin', password: 'other' }, passwordOf: first.id });
  const typedTest = await shell.client.value('cameras.test', { camera: { ...simulatedCamera(shell.simulator.port, 4, 'Encoder 4'), username: 'admin' }, useSavedPasswordOf: typed.id, durationMs: 300 });
  assert.equal(typedTest.failure?.kind, 'auth');
  const missing = await shell.client.call('cameras.add', { camera: simulatedCamera(shell.simulator.port, 4, 'X'), passwordOf: 'cam-nothere' });
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.equal(missing.error.code, 'not-found');
});
