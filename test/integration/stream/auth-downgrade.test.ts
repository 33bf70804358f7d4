// A camera that answered Digest and then offers only Basic over plain http (a changed setting,
// or someone in between stripping Digest): the password is not sent in Basic unless the camera
// is allowed to; over https, or for a camera that never used Digest, Basic works as before.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CameraSession, type CameraTarget } from '../../../main/stream/camera-session.ts';
import { systemClock } from '../../../main/base/clock.ts';
import { openStream } from '../../../main/stream/http-source.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';
import { makeJpegs } from '../../support/jpegs.ts';
import { startTestCamera, type TestCameraAuth } from '../../support/test-camera.ts';
import { WAIT_MS } from './lifecycle-helpers.ts';

const USER = 'viewer';
const PASSWORD = 'correct horse';

async function harness(t: TestContext, schemes: TestCameraAuth['schemes'], target: Partial<CameraTarget> = {}) {
  const auth: TestCameraAuth = { username: USER, password: PASSWORD, schemes };
  const camera = await startTestCamera({ frames: makeJpegs(2, 64, 48), frameCount: 2, auth });
  t.after(() => camera.close());
  const statuses: CameraStatus[] = [];
  const waiters = new Set<() => void>();
  const session = new CameraSession(
    { cameraId: 'cam', target: { url: camera.url(), username: USER, password: PASSWORD, ...target } },
    {
      openStream: (t2, o) => openStream(t2, o),
      clock: systemClock,
      random: () => 0,
      onStatus: (status) => {
        statuses.push(status);
        for (const wake of [...waiters]) wake();
      },
      onFrame: () => {},
    },
  );
  t.after(() => session.stop());
  const waitFor = (what: string, match: (s: CameraStatus) => boolean, from = 0) =>
    new Promise<CameraStatus>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited for ${what}; states ${statuses.map((s) => s.state).join(' → ')}`)), WAIT_MS);
      const check = () => {
        const found = statuses.slice(from).find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  const basicSent = () => camera.requests.filter((r) => r.headers['authorization']?.startsWith('Basic')).length;
  return { auth, camera, statuses, session, waitFor, basicSent };
}

test('regression: after Digest, a plain-http camera offering only Basic is refused and the password is not sent in Basic', async (t) => {
  const h = await harness(t, ['MD5']);
  h.session.start();
  await h.waitFor('live with Digest', (s) => s.state === 'live');
  h.auth.schemes = ['basic'];
  const refused = await h.waitFor('auth-failed', (s) => s.state === 'auth-failed');
  assert.match(refused.reason, /offers only Basic authentication, but it used Digest before/);
  assert.match(refused.reason, /allow Basic for this camera/);
  assert.equal(h.basicSent(), 0, 'no request carried Basic credentials');
  assert.equal(refused.reason.includes(PASSWORD), false);
});

test('a camera allowed to fall back gets Basic after Digest; one that only ever used Basic is unaffected', async (t) => {
  const allowed = await harness(t, ['MD5'], { allowBasicAfterDigest: true });
  allowed.session.start();
  await allowed.waitFor('live with Digest', (s) => s.state === 'live');
  allowed.auth.schemes = ['basic'];
  const firstLive = allowed.statuses.findIndex((s) => s.state === 'live');
  await allowed.waitFor('live again with Basic', (s) => s.state === 'live', firstLive + 1);
  assert.ok(allowed.basicSent() > 0);

  const basic = await harness(t, ['basic']);
  basic.session.start();
  await basic.waitFor('live with Basic', (s) => s.state === 'live');
  const again = basic.statuses.findIndex((s) => s.state === 'live');
  await basic.waitFor('live again with Basic', (s) => s.state === 'live', again + 1);
  assert.equal(basic.statuses.some((s) => s.state === 'auth-failed'), false);
});
