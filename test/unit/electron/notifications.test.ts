import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CameraState, CameraStatus } from '../../../shared/camera-status.ts';
import { NOTIFY_INTERVAL_MS, OfflineNotifier, type OfflineNotice } from '../../../main/electron/notifications.ts';

function status(state: CameraState, reason = 'HTTP 503'): CameraStatus {
  return { state, reason, since: 0 };
}

function setup(enabled = true) {
  let now = 1_000_000;
  let on = enabled;
  const shown: OfflineNotice[] = [];
  const notifier = new OfflineNotifier({ enabled: () => on, cameraName: (id) => `Camera ${id}`, show: (n) => shown.push(n), now: () => now });
  return { notifier, shown, advance: (ms: number) => (now += ms), setEnabled: (value: boolean) => (on = value) };
}

describe('offline notifications', () => {
  it('notify when a live camera goes offline, naming it and the reason', () => {
    const { notifier, shown } = setup();
    notifier.status('a', status('connecting'));
    notifier.status('a', status('live'));
    assert.equal(notifier.status('a', status('error', 'no answer from 10.0.0.5')), true);
    assert.deepEqual(shown, [{ cameraId: 'a', title: 'Camera a is offline', body: 'no answer from 10.0.0.5' }]);
  });

  it('say nothing for a camera that never was live, or that was stopped', () => {
    const { notifier, shown } = setup();
    notifier.status('a', status('connecting'));
    notifier.status('a', status('error'));
    notifier.status('b', status('live'));
    notifier.status('b', status('stopped'));
    notifier.status('c', status('live'));
    notifier.status('c', status('connecting'));
    assert.equal(shown.length, 0);
  });

  it('are throttled per camera', () => {
    const { notifier, shown, advance } = setup();
    const flap = (id: string) => {
      notifier.status(id, status('live'));
      notifier.status(id, status('stalled'));
    };
    flap('a');
    advance(60_000);
    flap('a');
    flap('b');
    assert.deepEqual(shown.map((n) => n.cameraId), ['a', 'b']);
    advance(NOTIFY_INTERVAL_MS);
    flap('a');
    assert.deepEqual(shown.map((n) => n.cameraId), ['a', 'b', 'a']);
  });

  it('follow the setting', () => {
    const { notifier, shown, setEnabled } = setup(false);
    notifier.status('a', status('live'));
    notifier.status('a', status('auth-failed'));
    assert.equal(shown.length, 0);
    setEnabled(true);
    notifier.status('a', status('live'));
    notifier.status('a', status('auth-failed'));
    assert.equal(shown.length, 1);
  });
});
