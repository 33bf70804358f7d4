// Limits that hold across clients of one browser shell: camera tests running at once, browser
// connections at once. Real server, real WebSockets on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CameraTestReport } from '../../../shared/api/calls.ts';
import { MAX_CONCURRENT_CAMERA_TESTS } from '../../../main/service/handlers.ts';
import { startServe, tempDir, TestClient } from './helpers.ts';

const draft = { name: 'Draft', kind: 'url', scheme: 'http', host: '127.0.0.1', port: 9, path: '/video' };

test('regression: camera tests are capped across all clients; the next one is answered unavailable, and runs again once one ends', async (t) => {
  const data = tempDir('limits-tests');
  t.after(() => data.remove());
  const releases: Array<() => void> = [];
  let started = 0;
  const serving = await startServe(data.path, {
    testCamera: () =>
      new Promise<CameraTestReport>((resolve) => {
        started += 1;
        releases.push(() => resolve({ ok: false, failure: { kind: 'unreachable', message: 'test' } } as unknown as CameraTestReport));
      }),
  });
  t.after(() => serving.close());
  const a = await TestClient.connect(serving);
  const b = await TestClient.connect(serving);
  t.after(() => { a.socket.close(); b.socket.close(); });

  const running = Array.from({ length: MAX_CONCURRENT_CAMERA_TESTS }, (_, i) => (i % 2 === 0 ? a : b).call('cameras.test', { camera: draft }));
  await a.until(() => (started === MAX_CONCURRENT_CAMERA_TESTS ? true : undefined), 15_000, 'every test to start');
  const refused = await b.call('cameras.test', { camera: draft });
  assert.equal(refused.ok, false);
  assert.equal(refused.ok === false && refused.error.code, 'unavailable');
  assert.match(refused.ok === false ? refused.error.message : '', new RegExp(`the most Camwall runs at once across all windows \\(${MAX_CONCURRENT_CAMERA_TESTS}\\)`));
  assert.equal(started, MAX_CONCURRENT_CAMERA_TESTS, 'the refused test never started');

  releases.shift()!();
  const next = a.call('cameras.test', { camera: draft });
  await a.until(() => (started === MAX_CONCURRENT_CAMERA_TESTS + 1 ? true : undefined), 15_000, 'the next test to start');
  for (const release of releases.splice(0)) release();
  for (const result of await Promise.all([...running, next])) assert.equal(result.ok, true);
});

test('regression: browser connections are capped; one more is refused with 503 until one closes', async (t) => {
  const data = tempDir('limits-sessions');
  t.after(() => data.remove());
  const serving = await startServe(data.path, { maxSessions: 2 });
  t.after(() => serving.close());
  const first = await TestClient.connect(serving);
  const second = await TestClient.connect(serving);
  assert.equal(await TestClient.attempt(serving), 503);
  assert.equal(serving.server.sessions.size, 2);
  first.socket.close();
  await second.until(() => (serving.server.sessions.size === 1 ? true : undefined), 15_000, 'the closed session to go');
  assert.equal(await TestClient.attempt(serving), 101);
  second.socket.close();
});
