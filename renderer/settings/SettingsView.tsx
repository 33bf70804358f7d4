// App settings: the data and recordings folders, storage limits, streams, what a new camera
// starts with, and (Electron without a keychain) how camera passwords are kept. Saved with
// settings.set; the core's field errors show beside each field. A settings change made
// elsewhere replaces the form's values unless the user has edited them.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppInfo } from '../../shared/api/index.ts';
import type { Layout } from '../../shared/layout.ts';
import type { Settings } from '../../shared/settings.ts';
import { StoragePlanView } from './StoragePlanView.tsx';
import { useServices } from '../app/use-live.ts';
import { Field } from '../cameras/Field.tsx';
import { PasswordStorageChoice } from '../shell/PasswordStorageChoice.tsx';
import { PasswordWarning } from '../shell/PasswordWarning.tsx';
import { offersPasswordChoice } from '../shell/password-storage.ts';
import { TourEditor } from './TourEditor.tsx';
import { NotificationSettingsPanel } from './NotificationSettingsPanel.tsx';
import { MqttSettingsPanel } from './MqttSettingsPanel.tsx';
import { RestreamPanel } from './RestreamPanel.tsx';
import type { Camera } from '../../shared/camera.ts';
import { draftOf, patchOf, sameDraft, settingsErrorsOf, type SettingsDraft, type SettingsErrors } from './settings-draft.ts';

export function SettingsView({ settings, info, layouts, cameras = [] }: { settings: Settings | null; info: AppInfo | null; layouts: Layout[]; cameras?: Camera[] }) {
  if (!settings) return <div class="page">Loading settings…</div>;
  return (
    <div class="page">
      <SettingsForm settings={settings} info={info} layouts={layouts} />
      <div class="settings-column">
        <NotificationSettingsPanel settings={settings} cameras={cameras} shell={info?.shell ?? null} />
        <MqttSettingsPanel settings={settings} />
        <RestreamPanel settings={settings} cameras={cameras} />
      </div>
    </div>
  );
}

function SettingsForm({ settings, info, layouts }: { settings: Settings; info: AppInfo | null; layouts: Layout[] }) {
  const { api } = useServices();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const pristine = useRef(draft);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const next = draftOf(settings);
    setDraft((d) => (sameDraft(d, pristine.current) ? next : d));
    pristine.current = next;
  }, [settings]);

  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus(null);
  };
  const text = (key: keyof SettingsDraft) => ({
    value: draft[key] as string,
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value as never),
  });
  const checkbox = (key: 'newEnabled' | 'startInKiosk' | 'tileClock') => ({
    checked: draft[key],
    onChange: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).checked),
  });

  const save = async (event: Event) => {
    event.preventDefault();
    const { patch, errors: local } = patchOf(draft, settings);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return setStatus('Settings not saved: please correct the fields marked.');
    }
    setSaving(true);
    const result = await api.settings.set({ patch });
    setSaving(false);
    if (result.ok) {
      const saved = draftOf(result.value);
      pristine.current = saved;
      setDraft(saved);
      setErrors({});
      setStatus('Settings saved.');
    } else {
      setErrors(settingsErrorsOf(result.error));
      setStatus(result.error.fields?.length ? 'Settings not saved: please correct the fields marked.' : result.error.message);
    }
  };

  return (
    <>
      <form class="panel settings-panel" onSubmit={save} aria-labelledby="settings-title" noValidate>
        <h2 id="settings-title">Settings</h2>
        {info && (
          <>
            <h3>Folders</h3>
            <dl class="folders" data-testid="folders">
              <div class="test-row">
                <dt>Data folder</dt>
                <dd class="mono" data-testid="data-folder">
                  {info.paths.data}
                </dd>
              </div>
              <div class="test-row">
                <dt>Recordings now in</dt>
                <dd class="mono" data-testid="recordings-folder">
                  {info.paths.recordings}
                </dd>
              </div>
            </dl>
          </>
        )}
        <h3>Storage</h3>
        <div class="form-grid">
          <Field id="settings-recordingsDir" label="Recordings folder" error={errors['recordingsDir']} hint="A full folder path, such as /srv/camwall; leave it empty for “recordings” in the data folder. Used from the next start.">
            {(a) => <input {...a} {...text('recordingsDir')} class="mono" spellcheck={false} />}
          </Field>
          <Field id="settings-globalRetentionGb" label="Keep at most (GB, all cameras)" error={errors['globalRetentionGb']} hint="Leave it empty for no limit">
            {(a) => <input {...a} {...text('globalRetentionGb')} inputMode="decimal" />}
          </Field>
          <Field id="settings-minFreeDiskGb" label="Keep free on disk (GB)" error={errors['minFreeDiskBytes']} hint="The oldest recordings go first to keep this free">
            {(a) => <input {...a} {...text('minFreeDiskGb')} inputMode="decimal" />}
          </Field>
          <Field id="settings-eventRetentionDays" label="Keep events for (days)" error={errors['eventRetentionDays']}>
            {(a) => <input {...a} {...text('eventRetentionDays')} inputMode="numeric" />}
          </Field>
        </div>
        {info?.recording && <StoragePlanView version={settings} />}
        <h3>Streams</h3>
        <div class="form-grid">
          <Field id="settings-stallTimeoutS" label="Reconnect after no frame for (s)" error={errors['stallTimeoutS']}>
            {(a) => <input {...a} {...text('stallTimeoutS')} inputMode="numeric" />}
          </Field>
        </div>
        <h3>Wall</h3>
        <div class="form-grid">
          <label class="check">
            <input type="checkbox" id="settings-tileClock" {...checkbox('tileClock')} />
            Show the date and time each picture was taken on the tiles
          </label>
          <label class="check">
            <input type="checkbox" {...checkbox('startInKiosk')} />
            Start the desktop app as a kiosk: the wall alone, full screen (View → Kiosk or Ctrl+Shift+K leaves it; in a browser, open the wall with ?kiosk=1)
          </label>
          <TourEditor layouts={layouts} steps={draft.tour} errors={errors} onChange={(steps) => set('tour', steps)} />
        </div>
        <h3>New cameras</h3>
        <div class="form-grid">
          <Field id="settings-newRecordMode" label="Recording" error={errors['newCameraDefaults.recordMode'] ?? errors['newCameraDefaults']}>
            {(a) => (
              <select {...a} value={draft.newRecordMode} onChange={(e) => set('newRecordMode', (e.currentTarget as HTMLSelectElement).value as SettingsDraft['newRecordMode'])}>
                <option value="off">Off</option>
                <option value="continuous">Continuous</option>
              </select>
            )}
          </Field>
          <Field id="settings-newRetentionDays" label="Keep recordings for (days)" error={errors['newCameraDefaults.retentionDays']} hint="Leave it empty to keep them until the storage limits need the room">
            {(a) => <input {...a} {...text('newRetentionDays')} inputMode="numeric" />}
          </Field>
          <Field id="settings-newRetentionGb" label="Storage limit per camera (GB)" error={errors['newCameraDefaults.retentionGb']} hint="Leave it empty for no limit">
            {(a) => <input {...a} {...text('newRetentionGb')} inputMode="decimal" />}
          </Field>
          <label class="check">
            <input type="checkbox" {...checkbox('newEnabled')} />
            Enabled when added
          </label>
        </div>
        {offersPasswordChoice(info) && (
          <>
            <h3>Camera passwords</h3>
            <PasswordStorageChoice name="settings-password-storage" value={draft.passwordStorage} onChoose={(choice) => set('passwordStorage', choice)}>
              {draft.passwordStorage === 'ask' && <span class="hint">Not chosen yet: until you choose, passwords are kept for this session only.</span>}
            </PasswordStorageChoice>
            {errors['passwordStorage'] && <span class="field-error">{errors['passwordStorage']}</span>}
          </>
        )}
        <PasswordWarning info={info} />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          {status && (
            <span role="status" data-testid="settings-status">
              {status}
            </span>
          )}
        </div>
        {info && (
          <p class="hint about">
            Camwall {info.version} · {info.shell === 'electron' ? 'desktop app' : 'browser'} · {info.platform}
          </p>
        )}
      </form>
    </>
  );
}
