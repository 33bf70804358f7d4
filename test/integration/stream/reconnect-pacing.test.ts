// Reconnect storms against a real camera on loopback: a snapshot URL is polled at the snapshot
// rate, and a camera that sends one frame per connection waits longer each time and is flagged
// unstable. Waits on conditions; the assertions are about how many connections the camera saw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CameraSession, type OpenStream } from '../../../main/stream/camera-session.ts';
import { DEFAULT_SNAPSHOT_FPS } from '../../../main/stream/backoff.ts';
import { systemClock } from '../../../main/base/clock.ts';
import { openStream } from '../../../main/stream/http-source.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';
import { makeJpegs } from '../../support/jpegs.ts';
import { startTestCamera, type TestCameraOptions } from '../../support/test-camera.ts';
import { WAIT_MS } from './lifecycle-helpers.ts';

const open: OpenStream = (target, options) => openStream(target, options);

async function sessionOn(t: import('node:test').TestContext, options: TestCameraOptions) {
  const camera = await startTestCamera({ frames: makeJpegs(1, 160, 120), ...options });
  t.after(() => camera.close());
  const statuses: CameraStatus[] = [];
  let frames = 0;
  let wake = (): void => {};
  const session = new CameraSession(
    { cameraId: 'storm', target: { url: camera.url('/snapshot') } },
    {
      openStream: open,
      clock: systemClock,
      random: () => 0,
      onStatus: (status) => {
        statuses.push(status);
        wake();
      },
      onFrame: () => {
        frames += 1;
        wake();
      },
    },
  );
  t.after(() => session.stop());
  /** Resolves once `done()` holds, checked at every status and frame. */
  const until = (what: string, done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${WAIT_MS} ms for ${what}; ${camera.connections.accepted} connections`)), WAIT_MS);
      wake = () => {
        if (!done()) return;
        clearTimeout(timer);
        resolve();
      };
      wake();
    });
  return { camera, statuses, session, until, frames: () => frames };
}

test('regression: a snapshot camera (image/jpeg) is polled at DEFAULT_SNAPSHOT_FPS, not about 2,000 times a second', async (t) => {
  const h = await sessionOn(t, { single: true, contentType: 'image/jpeg' });
  const polls = 5;
  const started = performance.now();
  h.session.start();
  await h.until(`${polls} snapshots`, () => h.frames() >= polls);
  const elapsedMs = performance.now() - started;
  const intervalMs = 1000 / DEFAULT_SNAPSHOT_FPS;
  assert.ok(elapsedMs >= (polls - 1) * intervalMs - 50, `${polls} snapshots took ${Math.round(elapsedMs)} ms`);
  assert.ok(h.camera.connections.accepted <= polls + 1, `${h.camera.connections.accepted} connections for ${polls} snapshots`);
  assert.deepEqual(h.statuses.map((s) => s.state), ['connecting', 'live'], 'live, with no event per poll');
});

test('regression: a camera that sends one frame per connection backs off and is flagged unstable', async (t) => {
  const h = await sessionOn(t, { frameCount: 1 });
  const started = performance.now();
  h.session.start();
  await h.until('the unstable flag', () => h.statuses.some((s) => s.unstable !== undefined));
  const elapsedMs = performance.now() - started;
  // Three brief connections: waits of 0.5 and 1 s between them (no jitter), none at once.
  assert.equal(h.camera.connections.accepted, 3);
  assert.ok(elapsedMs >= 1500 - 50, `three connections within ${Math.round(elapsedMs)} ms`);
  const flagged = h.statuses.find((s) => s.unstable !== undefined)!;
  assert.equal(flagged.state, 'error');
  assert.match(flagged.reason, /the stream ended .* after it opened/);
  assert.match(flagged.unstable!, /the last 3 connections each broke within 10 s of their first frame/);
  assert.equal(h.statuses.at(-1)?.retryInMs, 2000);
});
