// Adds or edits one camera. The core validates (shared/camera.ts) and its field errors show
// beside each field; "Test connection" tries the draft without saving it.
import { useState } from 'preact/hooks';
import type { AppInfo, CameraTestReport } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import { useServices } from '../app/use-live.ts';
import { PasswordWarning } from '../shell/PasswordWarning.tsx';
import { PasswordStorageChoice } from '../shell/PasswordStorageChoice.tsx';
import { asksForPasswordChoice, type ChosenStorage } from '../shell/password-storage.ts';
import { draftOf, emptyDraft, inputOf, type CameraDraft } from './camera-draft.ts';
import { Field } from './Field.tsx';
import { fieldErrorsOf, type FieldErrors } from './field-errors.ts';
import { TestReport } from './TestReport.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { MotionSettings } from './MotionSettings.tsx';
import { motionConfigOf, motionDraftOf, motionFieldErrorsOf, type MotionDraft } from './motion-draft.ts';
import { recordingChoiceOf, RECORDING_CHOICES, type RecordingChoice } from './recording-choice.ts';
import { FormError } from '../shell/FormError.tsx';

type Props = {
  camera: Camera | null;
  settings: Settings | null;
  info: AppInfo | null;
  onSaved: (camera: Camera, added: boolean) => void;
  onCancel: () => void;
};

export function CameraForm({ camera, settings, info, onSaved, onCancel }: Props) {
  const { api } = useServices();
  const [draft, setDraft] = useState<CameraDraft>(() => (camera ? draftOf(camera) : emptyDraft(settings)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [report, setReport] = useState<CameraTestReport | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [motion, setMotion] = useState<MotionDraft>(() => motionDraftOf(camera?.motion));
  const [motionErrors, setMotionErrors] = useState<FieldErrors>({});
  const editing = camera !== null;

  // The first password typed where no keychain exists: the user picks how passwords are kept
  // (until then the core keeps them for this session only). The prompt goes once the setting
  // changes (settings.changed brings the new settings).
  const chooseStorage = async (choice: ChosenStorage) => {
    setChoosing(true);
    const result = await api.settings.set({ patch: { passwordStorage: choice } });
    setChoosing(false);
    if (!result.ok) setFormError(result.error.message);
  };

  // "Continuous, motion marked" is continuous recording with detection on; "On motion" needs detection.
  const chooseRecording = (choice: RecordingChoice) => {
    const { recordMode, motionEnabled } = RECORDING_CHOICES.find(([c]) => c === choice)![2];
    set('recordMode', recordMode);
    if (motionEnabled !== null) setMotion((m) => ({ ...m, enabled: motionEnabled }));
  };
  const set = <K extends keyof CameraDraft>(key: K, value: CameraDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: keyof CameraDraft) => ({
    value: draft[key] as string,
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value as never),
  });

  const showError = (error: { message: string; fields?: { field: string; message: string }[] }) => {
    const byField = fieldErrorsOf({ code: 'invalid-argument', ...error });
    setErrors(byField);
    setMotionErrors(motionFieldErrorsOf(error.fields));
    setFormError(Object.keys(byField).length > 0 ? 'Please correct the fields marked below.' : error.message);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const motionConfig = motionConfigOf(motion);
    if ('errors' in motionConfig) {
      setMotionErrors(motionConfig.errors);
      return setFormError('Please correct the motion settings marked below.');
    }
    setMotionErrors({});
    setBusy('saving');
    const input = { ...inputOf(draft, editing), motion: motionConfig.config };
    const result = camera ? await api.cameras.update({ id: camera.id, patch: input }) : await api.cameras.add({ camera: input });
    setBusy(null);
    if (!result.ok) return showError(result.error);
    setErrors({});
    setFormError(null);
    onSaved(result.value, !camera);
  };

  const test = async (override?: Partial<CameraDraft>) => {
    const tested = { ...draft, ...override };
    setBusy('testing');
    setReport(null);
    const result = await api.cameras.test({
      camera: inputOf(tested, editing),
      ...(camera && tested.password === '' && !tested.clearPassword ? { useSavedPasswordOf: camera.id } : {}),
    });
    setBusy(null);
    if (!result.ok) return showError(result.error);
    setErrors({});
    setFormError(null);
    setReport(result.value);
  };

  return (
    <form class="camera-form" onSubmit={save} aria-label={editing ? `Edit ${camera.name}` : 'Add a camera'} noValidate>
      <h2>{editing ? `Edit ${camera.name}` : 'Add a camera'}</h2>
      <FormError message={formError} />
      <div class="form-grid">
        <Field id="camera-name" label="Name" error={errors.name}>
          {(a) => <input {...a} {...text('name')} autoComplete="off" />}
        </Field>
        <Field id="camera-kind" label="Type" error={errors.kind}>
          {(a) => (
            <select {...a} value={draft.kind} onChange={(e) => set('kind', (e.currentTarget as HTMLSelectElement).value as CameraDraft['kind'])}>
              <option value="vapix">Axis (VAPIX)</option>
              <option value="url">Other MJPEG camera (URL path)</option>
            </select>
          )}
        </Field>
        <Field id="camera-scheme" label="Protocol" error={errors.scheme}>
          {(a) => (
            <select {...a} value={draft.scheme} onChange={(e) => set('scheme', (e.currentTarget as HTMLSelectElement).value as CameraDraft['scheme'])}>
              <option value="http">http</option>
              <option value="https">https</option>
            </select>
          )}
        </Field>
        <Field id="camera-host" label="Address" error={errors.host} hint="Hostname or IP address, e.g. 192.0.2.10">
          {(a) => <input {...a} {...text('host')} autoComplete="off" spellcheck={false} />}
        </Field>
        <Field id="camera-port" label="Port" error={errors.port} hint={draft.scheme === 'https' ? 'Default 443' : 'Default 80'}>
          {(a) => <input {...a} {...text('port')} inputMode="numeric" autoComplete="off" />}
        </Field>
        {draft.kind === 'url' ? (
          <>
            <Field id="camera-path" label="Stream path" error={errors.path} hint="e.g. /mjpg/video.mjpg">
              {(a) => <input {...a} {...text('path')} autoComplete="off" spellcheck={false} />}
            </Field>
            <Field id="camera-subPath" label="Smaller stream path (optional)" error={errors.subPath}>
              {(a) => <input {...a} {...text('subPath')} autoComplete="off" spellcheck={false} />}
            </Field>
          </>
        ) : (
          <>
            <Field id="camera-resolution" label="Resolution (optional)" error={errors.resolution} hint="e.g. 1920x1080; empty = camera default">
              {(a) => <input {...a} {...text('resolution')} autoComplete="off" />}
            </Field>
            <Field id="camera-fps" label="Frame rate (optional)" error={errors.fps}>
              {(a) => <input {...a} {...text('fps')} inputMode="numeric" autoComplete="off" />}
            </Field>
            <Field id="camera-subResolution" label="Tile stream resolution (optional)" error={errors.subResolution} hint="A smaller stream for grid tiles, e.g. 640x360">
              {(a) => <input {...a} {...text('subResolution')} autoComplete="off" />}
            </Field>
            <Field id="camera-subFps" label="Tile stream frame rate (optional)" error={errors.subFps}>
              {(a) => <input {...a} {...text('subFps')} inputMode="numeric" autoComplete="off" />}
            </Field>
          </>
        )}
        <Field id="camera-username" label="Username" error={errors.username}>
          {(a) => <input {...a} {...text('username')} autoComplete="off" spellcheck={false} />}
        </Field>
        <Field id="camera-password" label="Password" error={errors.password} {...(editing && camera.hasPassword ? { hint: 'Leave empty to keep the saved password' } : {})}>
          {(a) => <input {...a} {...text('password')} type="password" autoComplete="new-password" />}
        </Field>
        {asksForPasswordChoice(info, settings, draft.password !== '') && (
          <PasswordStorageChoice name="camera-password-storage" value="ask" disabled={choosing} onChoose={(choice) => void chooseStorage(choice)} />
        )}
        {editing && camera.hasPassword && (
          <label class="check">
            <input type="checkbox" checked={draft.clearPassword} onChange={(e) => set('clearPassword', (e.currentTarget as HTMLInputElement).checked)} />
            Remove the saved password
          </label>
        )}
        {draft.scheme === 'http' && draft.username !== '' && (
          <label class="check" title="Basic sends the password readable over http; Camwall refuses it once the camera has used Digest, unless this is on">
            <input type="checkbox" checked={draft.allowBasicAfterDigest} onChange={(e) => set('allowBasicAfterDigest', (e.currentTarget as HTMLInputElement).checked)} />
            Allow Basic authentication after Digest (the password is sent readable over http)
          </label>
        )}
        {draft.scheme === 'https' && (
          <Field id="camera-certSha256" label="Pinned certificate (SHA-256)" error={errors.certSha256} hint="Filled in when you trust the certificate after a test">
            {(a) => <input {...a} {...text('certSha256')} autoComplete="off" spellcheck={false} class="mono" />}
          </Field>
        )}
        <Field id="camera-recordMode" label="Recording" error={errors.recordMode}>
          {(a) => (
            <select {...a} value={recordingChoiceOf(draft.recordMode, motion.enabled)} onChange={(e) => chooseRecording((e.currentTarget as HTMLSelectElement).value as RecordingChoice)}>
              {RECORDING_CHOICES.map(([choice, label]) => (
                <option key={choice} value={choice}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.recordMode === 'scheduled' && (
          <ScheduleEditor schedule={draft.schedule} error={errors.schedule} onChange={(schedule) => set('schedule', schedule)} />
        )}
        <Field id="camera-retentionDays" label="Keep recordings for (days, optional)" error={errors.retentionDays} hint="Empty = until the storage limits need the room">
          {(a) => <input {...a} {...text('retentionDays')} inputMode="numeric" autoComplete="off" />}
        </Field>
        <Field id="camera-retentionGb" label="Storage limit for this camera (GB, optional)" error={errors.retentionGb} hint="The oldest recordings go first">
          {(a) => <input {...a} {...text('retentionGb')} inputMode="decimal" autoComplete="off" />}
        </Field>
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', (e.currentTarget as HTMLInputElement).checked)} />
          Enabled (connect to this camera)
        </label>
      </div>
      <MotionSettings cameraId={camera?.id ?? null} draft={motion} onChange={setMotion} errors={motionErrors} recordsOnMotion={draft.recordMode === 'motion'} />
      <PasswordWarning info={info} />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy !== null}>
          {busy === 'saving' ? 'Saving…' : editing ? 'Save changes' : 'Add camera'}
        </button>
        <button type="button" class="button" disabled={busy !== null} onClick={() => void test()}>
          {busy === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" class="button ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {report && (
        <TestReport
          report={report}
          onTrustCertificate={(sha256) => {
            set('certSha256', sha256);
            void test({ certSha256: sha256 });
          }}
        />
      )}
    </form>
  );
}

