// App settings: where recordings go, limits, and what a new camera starts with. Saved with
// settings.set; the core's field errors show beside each field.
import { useState } from 'preact/hooks';
import type { AppInfo } from '../../shared/api/index.ts';
import type { Settings, SettingsPatch } from '../../shared/settings.ts';
import { useServices } from '../app/use-live.ts';
import { Field } from '../cameras/Field.tsx';
import { fieldErrorsOf, type FieldErrors } from '../cameras/field-errors.ts';
import { PasswordWarning } from '../shell/PasswordWarning.tsx';

type Draft = {
  recordingsDir: string;
  globalRetentionGb: string;
  minFreeDiskGb: string;
  stallTimeoutS: string;
  eventRetentionDays: string;
  notifyOnOffline: boolean;
  newEnabled: boolean;
  newRecordMode: 'off' | 'continuous';
};

const GIB = 1024 ** 3;

function draftOf(s: Settings): Draft {
  return {
    recordingsDir: s.recordingsDir ?? '',
    globalRetentionGb: s.globalRetentionGb === null ? '' : String(s.globalRetentionGb),
    minFreeDiskGb: String(Math.round((s.minFreeDiskBytes / GIB) * 100) / 100),
    stallTimeoutS: String(s.stallTimeoutS),
    eventRetentionDays: String(s.eventRetentionDays),
    notifyOnOffline: s.notifyOnOffline,
    newEnabled: s.newCameraDefaults.enabled,
    newRecordMode: s.newCameraDefaults.recordMode,
  };
}

const num = (text: string) => (text.trim() === '' ? null : Number.isFinite(Number(text)) ? Number(text) : (text as unknown as number));

function patchOf(d: Draft, current: Settings): SettingsPatch {
  return {
    recordingsDir: d.recordingsDir.trim() === '' ? null : d.recordingsDir.trim(),
    globalRetentionGb: num(d.globalRetentionGb),
    minFreeDiskBytes: Math.round((num(d.minFreeDiskGb) ?? 0) * GIB),
    stallTimeoutS: num(d.stallTimeoutS) as number,
    eventRetentionDays: num(d.eventRetentionDays) as number,
    notifyOnOffline: d.notifyOnOffline,
    newCameraDefaults: { ...current.newCameraDefaults, enabled: d.newEnabled, recordMode: d.newRecordMode },
  };
}

export function SettingsView({ settings, info }: { settings: Settings | null; info: AppInfo | null }) {
  if (!settings) return <div class="page">Loading settings…</div>;
  return <SettingsForm key={JSON.stringify(settings)} settings={settings} info={info} />;
}

function SettingsForm({ settings, info }: { settings: Settings; info: AppInfo | null }) {
  const { api } = useServices();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const text = (key: keyof Draft) => ({
    value: draft[key] as string,
    onInput: (e: Event) => setDraft((d) => ({ ...d, [key]: (e.currentTarget as HTMLInputElement).value })),
  });

  const save = async (event: Event) => {
    event.preventDefault();
    const result = await api.settings.set({ patch: patchOf(draft, settings) });
    if (result.ok) {
      setErrors({});
      setStatus('Settings saved.');
    } else {
      setErrors(fieldErrorsOf(result.error));
      setStatus(result.error.message);
    }
  };

  return (
    <div class="page">
      <form class="panel settings-panel" onSubmit={save} aria-labelledby="settings-title" noValidate>
        <h2 id="settings-title">Settings</h2>
        <h3>Storage</h3>
        <div class="form-grid">
          <Field id="settings-recordingsDir" label="Recordings folder" error={errors.recordingsDir} hint="An absolute path; empty = the recordings folder inside the data folder">
            {(a) => <input {...a} {...text('recordingsDir')} class="mono" spellcheck={false} />}
          </Field>
          <Field id="settings-globalRetentionGb" label="Keep at most (GB, all cameras)" error={errors.globalRetentionGb} hint="Empty = no limit">
            {(a) => <input {...a} {...text('globalRetentionGb')} inputMode="decimal" />}
          </Field>
          <Field id="settings-minFreeDiskGb" label="Keep free on disk (GB)" error={errors.minFreeDiskBytes}>
            {(a) => <input {...a} {...text('minFreeDiskGb')} inputMode="decimal" />}
          </Field>
          <Field id="settings-eventRetentionDays" label="Keep events for (days)" error={errors.eventRetentionDays}>
            {(a) => <input {...a} {...text('eventRetentionDays')} inputMode="numeric" />}
          </Field>
        </div>
        <h3>Streams</h3>
        <div class="form-grid">
          <Field id="settings-stallTimeoutS" label="Reconnect after no frame for (s)" error={errors.stallTimeoutS}>
            {(a) => <input {...a} {...text('stallTimeoutS')} inputMode="numeric" />}
          </Field>
          <label class="check">
            <input type="checkbox" checked={draft.notifyOnOffline} onChange={(e) => setDraft((d) => ({ ...d, notifyOnOffline: (e.currentTarget as HTMLInputElement).checked }))} />
            Notify when a camera goes offline
          </label>
        </div>
        <h3>New cameras</h3>
        <div class="form-grid">
          <Field id="settings-newRecordMode" label="Recording" error={errors.newCameraDefaults}>
            {(a) => (
              <select {...a} value={draft.newRecordMode} onChange={(e) => setDraft((d) => ({ ...d, newRecordMode: (e.currentTarget as HTMLSelectElement).value as Draft['newRecordMode'] }))}>
                <option value="off">Off</option>
                <option value="continuous">Continuous</option>
              </select>
            )}
          </Field>
          <label class="check">
            <input type="checkbox" checked={draft.newEnabled} onChange={(e) => setDraft((d) => ({ ...d, newEnabled: (e.currentTarget as HTMLInputElement).checked }))} />
            Enabled when added
          </label>
        </div>
        <PasswordWarning info={info} />
        <div class="form-actions">
          <button type="submit" class="button primary">
            Save settings
          </button>
          {status && <span role="status">{status}</span>}
        </div>
        {info && (
          <p class="hint about">
            Camwall {info.version} · {info.shell === 'electron' ? 'desktop app' : 'browser'} · {info.platform}
          </p>
        )}
      </form>
    </div>
  );
}
