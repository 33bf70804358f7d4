// The Electron shell's notifications adapter: the core decides what to say and when
// (main/integrations/notify-policy.ts: kinds, offline after N s, quiet hours, the rate limit) and
// pushes `notification.show`; this shows each notice with Electron's Notification and turns a
// click into "open that camera in playback at that moment" for the main window. Electron's
// constructor and the click's target are parameters, so tests drive it with a fake.
import type { PushBus } from '../../shared/api/push-bus.ts';
import type { AppCommand } from '../../shared/api/pushes.ts';
import type { Notice } from '../../shared/integrations.ts';

/** Electron notifications still on screen (kept so a click can reach them; the oldest go first). */
export const MAX_OPEN_NOTIFICATIONS = 20;

export type NotificationLike = { show(): void; close(): void; on(event: 'click' | 'close', listener: () => void): unknown };
export type NotificationClassLike = {
  isSupported(): boolean;
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
};

/** What a click on a notice asks the page to do: its camera in playback, or the Events view for a disk notice. */
export function clickCommand(notice: Notice): AppCommand | null {
  return notice.cameraId === null ? null : { kind: 'open-playback', cameraId: notice.cameraId, atMs: notice.atMs };
}

/** Shows every `notification.show` push; returns the unsubscribe. */
export function showCoreNotifications(
  events: PushBus,
  Notification: NotificationClassLike,
  onClick: (command: AppCommand | null) => void,
): () => void {
  // Electron drops the click handler of a notification the garbage collector took: keep them.
  const open: NotificationLike[] = [];
  return events.on('notification.show', ({ notice }) => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notice.title, body: notice.body, silent: false });
    open.push(shown);
    if (open.length > MAX_OPEN_NOTIFICATIONS) open.shift();
    shown.on('click', () => onClick(clickCommand(notice)));
    shown.on('close', () => {
      const at = open.indexOf(shown);
      if (at >= 0) open.splice(at, 1);
    });
    shown.show();
  });
}
