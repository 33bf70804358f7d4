// The browser shell's desktop notifications: the core decides (kinds, quiet hours, the rate
// limit) and sends `notification.show`; this page shows each with the Web Notifications API once
// the user allowed it (Settings → Notifications asks, on a click, as browsers require). The
// Electron shell shows them itself with Electron's Notification, so its pages do nothing here.
import { useEffect, useRef } from 'preact/hooks';
import type { CamwallApi } from '../../shared/api/index.ts';
import type { Notice } from '../../shared/integrations.ts';

/** What the browser allows: 'unsupported' where there is no Notification API (or no secure context). */
export type BrowserPermission = NotificationPermission | 'unsupported';

export function browserNotificationPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser (call it from a click). */
export async function askBrowserNotificationPermission(): Promise<BrowserPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function useBrowserNotifications(api: CamwallApi, shell: 'electron' | 'browser' | null, onClick: (notice: Notice) => void): void {
  const latest = useRef(onClick);
  latest.current = onClick;
  useEffect(() => {
    if (shell !== 'browser') return;
    return api.on('notification.show', ({ notice }) => {
      if (browserNotificationPermission() !== 'granted') return;
      // The tag makes a repeated notice (another tab of the same wall) replace, not stack.
      const shown = new Notification(notice.title, { body: notice.body, tag: `camwall-${notice.id}` });
      shown.onclick = () => {
        window.focus();
        shown.close();
        latest.current(notice);
      };
    });
  }, [api, shell]);
}
