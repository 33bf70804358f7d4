// Adds or edits one camera. The core validates (shared/camera.ts) and its field errors show
// beside each field; "Test connection" tries the draft without saving it, and its verdict shows
// beside the buttons, in a footer that stays in view. A whole address pasted into the address
// field fills the fields (shared/camera-url.ts); an encoder's channels can be added in one go.
import { useState } from 'preact/hooks';
import type { AppInfo, CameraTestReport } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { looksLikeCameraUrl, parseCameraUrl } from '../../shared/camera-url.ts';
import { channelCameras } from '../../shared/encoder-channels.ts';
import type { Settings } from '../../shared/settings.ts';
import { useServices } from '../app/use-live.ts';
import { PasswordWarning } from '../shell/PasswordWarning.tsx';
import { PasswordStorageChoice } from '../shell/PasswordStorageChoice.tsx';
import { asksForPasswordChoice, type ChosenStorage } from '../shell/password-storage.ts';
import { addressKey, draftOf, draftWithUrl, emptyDraft, inputOf, type CameraDraft } from './camera-draft.ts';
import { scheduleFieldName } from './schedule-draft.ts';
import { Field } from './Field.tsx';
import { fieldErrorsOf, type FieldErrors } from './field-errors.ts';
import { TestReport } from './TestReport.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { MotionSettings } from './MotionSettings.tsx';
import { motionConfigOf, motionDraftOf, motionFieldErrorsOf, type MotionDraft } from './motion-draft.ts';
import { recordingChoiceOf, RECORDING_CHOICES, type RecordingChoice } from './recording-choice.ts';
import { FormError } from '../shell/FormError.tsx';
import { DiscoveredCameras } from './DiscoveredCameras.tsx';
import { fillFromDiscovered } from './discovered-draft.ts';

type Props = {
  camera: Camera | null;
  /** Every camera in the list, so adding an encoder's channels skips those already added. */
  cameras: readonly Camera[];
  settings: Settings | null;
  info: AppInfo | null;
  onSaved: (camera: Camera, added: boolean) => void;
  /** Several cameras added at once (an encoder's channels). */
  onAddedMany: (cameras: Camera[]) => void;
  onCancel: () => void;
};

export function CameraForm({ camera, cameras, settings, info, onSaved, onAddedMany, onCancel }: Props) {
  const { api } = useServices();
  const [draft, setDraft] = useState<CameraDraft>(() => (camera ? draftOf(camera) : emptyDraft(settings)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'saving' | 'testing' | 'adding-channels' | null>(null);
  const [report, setReport] = useState<CameraTestReport | null>(null);
  /** addressKey() of the draft the report is about. */
  const [reportFor, setReportFor] = useState<string | null>(null);
  /** The failed test's message while "Add anyway?" is asked. */
  const [confirming, setConfirming] = useState<string | null>(null);
  /** What a pasted address filled in, and what of it could not be used. */
  const [urlNotes, setUrlNotes] = useState<string[]>([]);
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

  // A whole address in the address field: split it into the fields (on paste, or when the field
  // is left after typing one). One that cannot be used is named beside the field.
  const takeAddress = (value: string): boolean => {
    if (!looksLikeCameraUrl(value)) return false;
    const parsed = parseCameraUrl(value);
    if (!parsed.ok) {
      setDraft((d) => ({ ...d, host: value.trim() }));
      setErrors((e) => ({ ...e, host: parsed.message }));
      setUrlNotes([]);
      return true;
    }
    const moved = parsed.fields.password !== null ? ['The password was moved to the password field and is not kept in the address.'] : [];
    setDraft((d) => draftWithUrl(d, parsed.fields));
    setErrors(({ host: _fixed, ...others }) => others);
    setUrlNotes([...moved, ...parsed.notes]);
    return true;
  };

  const showError = (error: { message: string; fields?: { field: string; message: string }[] }) => {
    const fields = (error.fields ?? []).map((f) => ({ ...f, message: scheduleFieldName(draft.schedule, f.field, f.message) }));
    const byField = fieldErrorsOf({ code: 'invalid-argument', ...error, fields });
    setErrors(byField);
    setMotionErrors(motionFieldErrorsOf(error.fields));
    setFormError(Object.keys(byField).length > 0 ? 'Please correct the fields marked below.' : error.message);
  };

  const testFailedHere = report !== null && !report.ok && reportFor === addressKey(draft);

  const save = async (event: Event | null, confirmed = false) => {
    event?.preventDefault();
    const motionConfig = motionConfigOf(motion);
    if ('errors' in motionConfig) {
      setMotionErrors(motionConfig.errors);
      return setFormError('Please correct the motion settings marked below.');
    }
    setMotionErrors({});
    // Adding a camera whose test just failed is most often a typo: ask once.
    if (!editing && testFailedHere && !confirmed) {
      setConfirming(report.failure?.message ?? 'The camera sent no usable stream.');
      return;
    }
    setConfirming(null);
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
    setConfirming(null);
    const result = await api.cameras.test({
      camera: inputOf(tested, editing),
      ...(camera && tested.password === '' && !tested.clearPassword ? { useSavedPasswordOf: camera.id } : {}),
    });
    setBusy(null);
    if (!result.ok) return showError(result.error);
    setErrors({});
    setFormError(null);
    setReport(result.value);
    setReportFor(addressKey(tested));
  };

  // An encoder's channels 1..N as cameras "<name> 1".."<name> N", those already added skipped.
  const channelPlan = report?.videoSources && report.videoSources > 1 && draft.kind === 'vapix'
    ? channelCameras(inputOf(draft, false), report.videoSources, cameras)
    : null;
  const addChannels = async () => {
    if (!channelPlan) return;
    setBusy('adding-channels');
    const added: Camera[] = [];
    for (const input of channelPlan.inputs) {
      // Editing a camera whose password is saved: the channels take that password.
      const result = await api.cameras.add({ camera: input, ...(camera && draft.password === '' && !draft.clearPassword ? { passwordOf: camera.id } : {}) });
      if (!result.ok) {
        setBusy(null);
        if (added.length > 0) onAddedMany(added);
        return showError({ ...result.error, message: `Channel ${String(input.channel)}: ${result.error.message}${added.length > 0 ? ` (${added.length} channel(s) were added before it)` : ''}` });
      }
      added.push(result.value);
    }
    setBusy(null);
    onAddedMany(added);
  };

  return (
    <form class="camera-form" onSubmit={save} aria-label={editing ? `Edit ${camera.name}` : 'Add a camera'} noValidate>
      <h2>{editing ? `Edit ${camera.name}` : 'Add a camera'}</h2>
      <FormError message={formError} />
      {!editing && <DiscoveredCameras onUse={(device, names) => setDraft((d) => fillFromDiscovered(d, device, names))} />}
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
        <Field id="camera-host" label="Address" error={errors.host} hint="Hostname or IP address, e.g. 192.0.2.10, or paste the camera's whole address (http://…)">
          {(a) => (
            <input {...a} {...text('host')} autoComplete="off" spellcheck={false}
              onPaste={(e) => {
                const pasted = e.clipboardData?.getData('text') ?? '';
                if (takeAddress(pasted)) e.preventDefault();
              }}
              onChange={(e) => void takeAddress((e.currentTarget as HTMLInputElement).value)} />
          )}
        </Field>
        {urlNotes.length > 0 && (
          <ul class="url-notes" data-testid="url-notes" aria-live="polite">
            {urlNotes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
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
            <Field id="camera-channel" label="Channel" error={errors.channel}
              hint={report?.videoSources && report.videoSources > 1 ? `This device has ${report.videoSources} video channels` : 'The video input of an encoder; empty = 1'}>
              {(a) =>
                report?.videoSources && report.videoSources > 1 ? (
                  <select {...a} value={draft.channel === '' ? '1' : draft.channel} onChange={(e) => set('channel', (e.currentTarget as HTMLSelectElement).value)}>
                    {Array.from({ length: report.videoSources }, (_, i) => (
                      <option key={i} value={String(i + 1)}>
                        Channel {i + 1}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input {...a} {...text('channel')} inputMode="numeric" autoComplete="off" />
                )
              }
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
        {draft.kind === 'vapix' && (
          <label class="check" title="Axis cameras detect motion, tampering and day/night themselves and report digital inputs; a camera whose firmware has no event stream is left alone">
            <input type="checkbox" id="camera-vapixEvents" checked={draft.vapixEvents} onChange={(e) => set('vapixEvents', (e.currentTarget as HTMLInputElement).checked)} />
            Use the camera's own events: its motion detection, tampering, day/night and inputs (logged, and offered as a motion source)
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
        <Field id="camera-retentionDays" label="Keep recordings for (days, optional)" error={errors.retentionDays} hint="Leave it empty to keep them until the storage limits need the room">
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
      <div class="form-footer">
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
          {report && !confirming && (
            <span class={`test-verdict ${report.ok ? 'test-ok' : 'test-failed'}`} data-testid="test-verdict" role="status">
              {report.ok ? `✓ Usable stream${report.width ? `, ${report.width}×${report.height}` : ''}${report.fps !== null ? `, ${report.fps.toFixed(1)} fps` : ''}` : `✕ ${failureTitle(report)}`}
            </span>
          )}
        </div>
        {confirming && (
          <div class="confirm-add" role="alertdialog" aria-label="The connection test failed" data-testid="confirm-add">
            <p>
              The connection test failed: {confirming} Add the camera anyway? It will keep trying to connect.
            </p>
            <button type="button" class="button danger" onClick={() => void save(null, true)}>
              Add anyway
            </button>
            <button type="button" class="button" onClick={() => setConfirming(null)}>
              Keep editing
            </button>
          </div>
        )}
        {report && (
          <TestReport
            report={report}
            onTrustCertificate={(sha256) => {
              set('certSha256', sha256);
              void test({ certSha256: sha256 });
            }}
            channels={channelPlan && { sources: report.videoSources ?? 0, toAdd: channelPlan.inputs.map((c) => c.channel as number), skipped: channelPlan.skipped }}
            addingChannels={busy === 'adding-channels'}
            onAddChannels={() => void addChannels()}
          />
        )}
      </div>
    </form>
  );
}

/** The verdict beside the buttons: what failed, in a few words (the report below says more). */
function failureTitle(report: CameraTestReport): string {
  switch (report.failure?.kind) {
    case 'auth': return 'Username or password refused';
    case 'unreachable': return 'Nothing answered at this address';
    case 'timeout': return 'The camera answered too slowly';
    case 'http': return `The camera answered HTTP ${report.httpStatus ?? 'error'}`;
    case 'not-mjpeg': return 'Not a Motion JPEG stream';
    case 'tls-mismatch': return 'Certificate changed';
    case 'tls': return 'Certificate not trusted';
    case 'protocol': return 'The stream was malformed';
    case 'no-frames': return 'No picture arrived';
    default: return 'The test failed';
  }
}
