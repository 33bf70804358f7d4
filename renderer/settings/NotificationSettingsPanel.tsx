// Settings → Notifications: which kinds notify, after how long offline counts, quiet hours, and
// cameras left out per kind. The core decides and sends each notice (main/integrations/
// notify-policy.ts); the desktop app shows it, a browser shows it once the user allowed it here.
import { useEffect, useState } from 'preact/hooks';
import type { Camera } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import { CAMERA_NOTIFICATION_KINDS, type CameraNotificationKind, type NotificationSettings } from '../../shared/integrations.ts';
import { useServices } from '../app/use-live.ts';
import { Field } from '../cameras/Field.tsx';
import { askBrowserNotificationPermission, browserNotificationPermission, type BrowserPermission } from '../app/browser-notifications.ts';
import { settingsErrorsOf, type SettingsErrors } from './settings-draft.ts';

type Draft = { notifications: NotificationSettings; notifyOnOffline: boolean; offlineAfterS: string };
const draftOf = (s: Settings): Draft => ({ notifications: s.notifications, notifyOnOffline: s.notifyOnOffline, offlineAfterS: String(s.notifications.offlineAfterS) });
const KIND_LABELS: Record<CameraNotificationKind, string> = { motion: 'Motion', offline: 'Offline', recording: 'Recording stopped' };

export function NotificationSettingsPanel({ settings, cameras, shell }: { settings: Settings; cameras: Camera[]; shell: 'electron' | 'browser' | null }) {
  const { api } = useServices();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [permission, setPermission] = useState<BrowserPermission>(() => browserNotificationPermission());
  useEffect(() => setDraft(draftOf(settings)), [settings]);

  const n = draft.notifications;
  const setN = (patch: Partial<NotificationSettings>) => {
    setDraft((d) => ({ ...d, notifications: { ...d.notifications, ...patch } }));
    setStatus(null);
  };
  const check = (key: 'enabled' | 'motion' | 'recording' | 'disk') => ({
    checked: n[key],
    onChange: (e: Event) => setN({ [key]: (e.currentTarget as HTMLInputElement).checked }),
  });
  const muted = (cameraId: string, kind: CameraNotificationKind) => (n.mutedCameras[cameraId] ?? []).includes(kind);
  const setMuted = (cameraId: string, kind: CameraNotificationKind, off: boolean) => {
    const kinds = new Set(n.mutedCameras[cameraId] ?? []);
    if (off) kinds.add(kind);
    else kinds.delete(kind);
    const next = { ...n.mutedCameras };
    if (kinds.size === 0) delete next[cameraId];
    else next[cameraId] = CAMERA_NOTIFICATION_KINDS.filter((k) => kinds.has(k));
    setN({ mutedCameras: next });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const seconds = Number(draft.offlineAfterS.trim());
    if (draft.offlineAfterS.trim() === '' || !Number.isInteger(seconds)) {
      setErrors({ 'notifications.offlineAfterS': 'must be a whole number of seconds' });
      return setStatus('Not saved: please correct the fields marked.');
    }
    // Cameras removed since keep no choices.
    const known = new Set(cameras.map((c) => c.id));
    const mutedCameras = Object.fromEntries(Object.entries(n.mutedCameras).filter(([id]) => known.has(id)));
    const result = await api.settings.set({ patch: { notifyOnOffline: draft.notifyOnOffline, notifications: { ...n, offlineAfterS: seconds, mutedCameras } } });
    if (result.ok) {
      setErrors({});
      setStatus('Notifications saved.');
    } else {
      setErrors(settingsErrorsOf(result.error));
      setStatus(result.error.fields?.length ? 'Not saved: please correct the fields marked.' : result.error.message);
    }
  };

  return (
    <form class="panel settings-panel" onSubmit={save} aria-labelledby="notifications-title" noValidate data-testid="notification-settings">
      <h2 id="notifications-title">Notifications</h2>
      {shell === 'browser' && (
        <p class="hint" data-testid="browser-permission">
          {permission === 'granted'
            ? 'This browser shows Camwall’s notifications while the page is open.'
            : permission === 'denied'
              ? 'This browser blocks notifications from Camwall: allow them in the site settings (the icon left of the address).'
              : permission === 'unsupported'
                ? 'This browser cannot show notifications here (they need https or localhost).'
                : 'This browser shows notifications only once you allow them. '}
          {permission === 'default' && (
            <button type="button" class="button small" onClick={() => void askBrowserNotificationPermission().then(setPermission)}>
              Allow notifications
            </button>
          )}
        </p>
      )}
      <div class="form-grid">
        <label class="check">
          <input type="checkbox" id="notify-enabled" {...check('enabled')} />
          Show desktop notifications
        </label>
        <label class="check">
          <input type="checkbox" id="notify-offline" checked={draft.notifyOnOffline} onChange={(e) => (setDraft((d) => ({ ...d, notifyOnOffline: (e.currentTarget as HTMLInputElement).checked })), setStatus(null))} />
          A camera is offline
        </label>
        <Field id="notify-offlineAfterS" label="…for longer than (s)" error={errors['notifications.offlineAfterS']} hint="A camera back within this time is not worth a notification">
          {(a) => <input {...a} value={draft.offlineAfterS} inputMode="numeric" onInput={(e) => (setDraft((d) => ({ ...d, offlineAfterS: (e.currentTarget as HTMLInputElement).value })), setStatus(null))} />}
        </Field>
        <label class="check">
          <input type="checkbox" id="notify-motion" {...check('motion')} />
          Motion on a camera
        </label>
        <label class="check">
          <input type="checkbox" id="notify-recording" {...check('recording')} />
          Recording stopped by an error
        </label>
        <label class="check">
          <input type="checkbox" id="notify-disk" {...check('disk')} />
          The disk is nearly full
        </label>
      </div>
      <h3>Quiet hours</h3>
      <div class="form-grid quiet-hours">
        <label class="check">
          <input type="checkbox" id="notify-quiet" checked={n.quietHours.enabled} onChange={(e) => setN({ quietHours: { ...n.quietHours, enabled: (e.currentTarget as HTMLInputElement).checked } })} />
          No notifications from … to … (one summary when they end)
        </label>
        <Field id="notify-quiet-start" label="From" error={errors['notifications.quietHours.start']}>
          {(a) => <input {...a} type="time" value={n.quietHours.start} onInput={(e) => setN({ quietHours: { ...n.quietHours, start: (e.currentTarget as HTMLInputElement).value } })} />}
        </Field>
        <Field id="notify-quiet-end" label="To" error={errors['notifications.quietHours.end']} hint="Before “From”: over midnight">
          {(a) => <input {...a} type="time" value={n.quietHours.end} onInput={(e) => setN({ quietHours: { ...n.quietHours, end: (e.currentTarget as HTMLInputElement).value } })} />}
        </Field>
      </div>
      {cameras.length > 0 && (
        <>
          <h3>Per camera</h3>
          <table class="notify-cameras" data-testid="notify-cameras">
            <thead>
              <tr>
                <th scope="col">Camera</th>
                {CAMERA_NOTIFICATION_KINDS.map((kind) => (
                  <th scope="col" key={kind}>
                    {KIND_LABELS[kind]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cameras.map((camera) => (
                <tr key={camera.id}>
                  <th scope="row">{camera.name}</th>
                  {CAMERA_NOTIFICATION_KINDS.map((kind) => (
                    <td key={kind}>
                      <input
                        type="checkbox"
                        aria-label={`${KIND_LABELS[kind]} notifications for ${camera.name}`}
                        checked={!muted(camera.id, kind)}
                        onChange={(e) => setMuted(camera.id, kind, !(e.currentTarget as HTMLInputElement).checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {errors['notifications'] && <span class="field-error">{errors['notifications']}</span>}
      <div class="form-actions">
        <button type="submit" class="button primary">
          Save notifications
        </button>
        {status && (
          <span role="status" data-testid="notifications-status">
            {status}
          </span>
        )}
      </div>
    </form>
  );
}
