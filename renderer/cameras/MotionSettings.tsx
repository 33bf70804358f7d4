// The camera form's motion section: detection on or off, where motion comes from (Camwall's
// detector or the camera's own events), the sensitivity preset with the numbers behind it
// adjustable under "Advanced", analysed frames a second, the quiet period that ends an event,
// the pre-roll and post-roll that recording on motion keeps, and the zones drawn on the picture.
// The draft and its checks are motion-draft.ts.
import { MOTION_SENSITIVITIES, type MotionSensitivity } from '../../shared/motion.ts';
import { Field } from './Field.tsx';
import { presetShown, type FieldErrors, type MotionDraft } from './motion-draft.ts';
import { ZoneEditor } from './ZoneEditor.tsx';

type Props = {
  cameraId: string | null;
  draft: MotionDraft;
  onChange: (draft: MotionDraft) => void;
  errors: FieldErrors;
  /** The camera records on motion: the rolls matter. */
  recordsOnMotion: boolean;
};

const SENSITIVITY_LABELS: Record<MotionSensitivity, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export function MotionSettings({ cameraId, draft, onChange, errors, recordsOnMotion }: Props) {
  const set = <K extends keyof MotionDraft>(key: K, value: MotionDraft[K]) => onChange({ ...draft, [key]: value });
  const text = (key: keyof MotionDraft) => ({
    value: draft[key] as string,
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value as never),
    autoComplete: 'off',
  });
  const preset: Partial<Record<keyof MotionDraft, string>> = presetShown(draft.sensitivity);
  const number = (key: keyof MotionDraft, label: string, hint?: string, mode: 'numeric' | 'decimal' = 'decimal') => (
    <Field id={`motion-${key}`} label={label} error={errors[key]} {...(hint ? { hint } : {})}>
      {(a) => <input {...a} {...text(key)} inputMode={mode} {...(preset[key] ? { placeholder: `${preset[key]} (preset)` } : {})} />}
    </Field>
  );
  const camwall = draft.source === 'camwall';
  return (
    <fieldset class="motion-settings" aria-label="Motion detection">
      <legend>Motion</legend>
      <label class="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', (e.currentTarget as HTMLInputElement).checked)} />
        Detect motion (marked on the timeline, listed in Events, and what "On motion" records)
      </label>
      {errors.motion && <span class="field-error" data-field-error="motion">{errors.motion}</span>}
      {draft.enabled && (
        <div class="form-grid motion-grid">
          <Field id="motion-source" label="Motion from" error={errors.source} hint={camwall ? 'Camwall’s own detector' : 'The camera’s own motion events'}>
            {(a) => (
              <select {...a} value={draft.source} onChange={(e) => set('source', (e.currentTarget as HTMLSelectElement).value as MotionDraft['source'])}>
                <option value="camwall">Camwall</option>
                <option value="camera">The camera</option>
              </select>
            )}
          </Field>
          {camwall && (
            <Field id="motion-sensitivity" label="Sensitivity" error={errors.sensitivity} hint="Low: large, sure motion; high: small or faint">
              {(a) => (
                <select {...a} value={draft.sensitivity} onChange={(e) => set('sensitivity', (e.currentTarget as HTMLSelectElement).value as MotionSensitivity)}>
                  {MOTION_SENSITIVITIES.map((s) => (
                    <option key={s} value={s}>
                      {SENSITIVITY_LABELS[s]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {camwall && number('analysedFps', 'Analysed frames a second', '1 to 15; 5 sees a walking person', 'numeric')}
          {number('quietS', 'Quiet period (s)', 'An event ends after this long without motion')}
          {number('preRollS', 'Pre-roll (s)', recordsOnMotion ? 'Recording on motion keeps this much before the first moving frame' : 'Used when recording "On motion"')}
          {number('postRollS', 'Post-roll (s)', recordsOnMotion ? 'and this much after the event ends' : 'Used when recording "On motion"')}
          {camwall && (
            <details class="motion-advanced">
              <summary>Advanced: the numbers behind the sensitivity (empty = the preset's, shown in grey)</summary>
              <div class="form-grid">
                {number('pixelThreshold', 'Pixel change threshold (gray levels)', '1 to 255: how different from the background a pixel must be', 'numeric')}
                {number('minObjectPct', 'Smallest object (% of the picture)', 'A moving region smaller than this is ignored')}
                {number('makeFrames', 'Frames of motion before an event', 'Consecutive analysed frames ("make time")', 'numeric')}
                {number('backgroundAlpha', 'Background adaptation (0 to 1)', 'How fast the background follows the picture')}
                {number('lightSwitchPct', 'Light switch above (% of the picture)', 'A change this large at once is lights or infrared, not motion')}
              </div>
            </details>
          )}
          {camwall && (
            <div class="motion-zones">
              <h3>Zones</h3>
              <ZoneEditor cameraId={cameraId} zones={draft.zones} onChange={(zones) => set('zones', zones)} error={errors.zones} />
            </div>
          )}
        </div>
      )}
    </fieldset>
  );
}
