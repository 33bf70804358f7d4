// The Electron notifications adapter against a fake Notification: each `notification.show` push
// is shown once, and a click asks the window for that camera in playback at that moment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PushBus } from '../../../shared/api/push-bus.ts';
import type { AppCommand } from '../../../shared/api/pushes.ts';
import { MAX_OPEN_NOTIFICATIONS, showCoreNotifications } from '../../../main/electron/notifications.ts';
import type { Notice } from '../../../shared/integrations.ts';

function fakeNotificationClass(supported = true) {
  const made: Array<{ options: { title: string; body: string }; shown: boolean; listeners: Map<string, () => void> }> = [];
  class FakeNotification {
    static isSupported = () => supported;
    readonly record;
    constructor(options: { title: string; body: string }) {
      this.record = { options, shown: false, listeners: new Map<string, () => void>() };
      made.push(this.record);
    }
    show() { this.record.shown = true; }
    close() { this.record.listeners.get('close')?.(); }
    on(event: string, listener: () => void) { this.record.listeners.set(event, listener); return this; }
  }
  return { FakeNotification, made };
}

const notice = (patch: Partial<Notice> = {}): Notice => ({ id: 1, kind: 'offline', cameraId: 'cam-a', atMs: 1_700_000_000_000, title: 'Door is offline', body: 'HTTP 503', ...patch });

describe('Electron notifications', () => {
  it('show each notice the core pushes, and a click opens its camera in playback at its moment', () => {
    const events = new PushBus();
    const { FakeNotification, made } = fakeNotificationClass();
    const clicks: Array<AppCommand | null> = [];
    showCoreNotifications(events, FakeNotification, (command) => clicks.push(command));
    events.emit('notification.show', { notice: notice() });
    assert.equal(made.length, 1);
    assert.deepEqual(made[0]!.options, { title: 'Door is offline', body: 'HTTP 503', silent: false });
    assert.equal(made[0]!.shown, true);
    made[0]!.listeners.get('click')!();
    assert.deepEqual(clicks, [{ kind: 'open-playback', cameraId: 'cam-a', atMs: 1_700_000_000_000 }]);
    events.emit('notification.show', { notice: notice({ id: 2, kind: 'disk', cameraId: null, title: 'The disk is nearly full' }) });
    made[1]!.listeners.get('click')!();
    assert.equal(clicks[1], null, 'a notice about no camera opens no playback');
  });

  it('show nothing where the desktop has no notifications; a long run of notices all show', () => {
    const events = new PushBus();
    const none = fakeNotificationClass(false);
    const off = showCoreNotifications(events, none.FakeNotification, () => {});
    events.emit('notification.show', { notice: notice() });
    assert.equal(none.made.length, 0);
    off();
    const { FakeNotification, made } = fakeNotificationClass();
    showCoreNotifications(events, FakeNotification, () => {});
    for (let i = 0; i < MAX_OPEN_NOTIFICATIONS + 5; i++) events.emit('notification.show', { notice: notice({ id: i }) });
    assert.equal(made.length, MAX_OPEN_NOTIFICATIONS + 5);
    assert.ok(made.every((m) => m.shown));
  });
});
