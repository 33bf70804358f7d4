// How a camera's state reads on a tile and in the camera list, the unstable flag included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeState } from '../../../renderer/app/camera-state.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';

const unstable = 'the last 3 connections each broke within 10 s of their first frame';

test('a live camera is Live; flagged unstable it is "Live, unstable" with the reason', () => {
  const live: CameraStatus = { state: 'live', reason: 'receiving frames', since: 0 };
  assert.deepEqual(describeState(live, true), { label: 'Live', tone: 'live', reason: null });
  assert.deepEqual(describeState({ ...live, unstable }, true), { label: 'Live, unstable', tone: 'warning', reason: `Unstable: ${unstable}` });
});

test('a camera waiting to reconnect keeps its countdown and adds the unstable reason', () => {
  const backoff: CameraStatus = { state: 'backoff', reason: 'the stream ended 0.1 s after it opened; retrying in 2.0 s', since: 1000, retryInMs: 2000, unstable };
  const view = describeState(backoff, false, true, 1000);
  assert.equal(view.label, 'Reconnecting in 2 s (unstable)');
  assert.equal(view.tone, 'warning');
  assert.equal(view.reason, `the stream ended 0.1 s after it opened; retrying in 2.0 s. Unstable: ${unstable}`);
  assert.deepEqual(describeState({ ...backoff, state: 'stopped' }, false), { label: 'Idle', tone: 'idle', reason: 'not connected: no tile shows it and it is not recording' });
  assert.equal(describeState(backoff, false, false).label, 'Disabled');
});
