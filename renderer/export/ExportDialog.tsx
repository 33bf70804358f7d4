// "Export…": the range (from the in and out marks, or typed in local time), the cameras (the
// layout's in playback, or the selected tile's when it keeps its own clock) and the container,
// then exports.start. The job then shows in the Exports view; this dialog only queues it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { EXPORT_FORMATS, MAX_EXPORT_CAMERAS, type ExportFormat, type ExportJob } from '../../shared/api/index.ts';
import { useServices } from '../app/use-live.ts';
import { FormDialog } from '../shell/FormDialog.tsx';
import { FormError } from '../shell/FormError.tsx';
import { LocalTimeField } from '../playback/LocalTimeField.tsx';
import { FORMAT_NOTES } from './export-range.ts';

type Props = {
  fromMs: number;
  toMs: number;
  cameras: Array<{ id: string; name: string }>;
  /** The cameras ticked at first. */
  chosen: string[];
  onStarted: (job: ExportJob) => void;
  onCancel: () => void;
};

export function ExportDialog({ fromMs, toMs, cameras, chosen: initial, onStarted, onCancel }: Props) {
  const { api } = useServices();
  const [from, setFrom] = useState<number | null>(fromMs);
  const [to, setTo] = useState<number | null>(toMs);
  const [chosen, setChosen] = useState(() => new Set(initial));
  const [format, setFormat] = useState<ExportFormat>('avi');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const toggle = (id: string) => setChosen((set) => (set.has(id) ? new Set([...set].filter((c) => c !== id)) : new Set([...set, id])));
  const problem =
    from === null || to === null ? 'Type a date and time in both fields.'
    : to <= from ? 'The end must be after the start.'
    : chosen.size === 0 ? 'Choose at least one camera.'
    : chosen.size > MAX_EXPORT_CAMERAS ? `Choose at most ${MAX_EXPORT_CAMERAS} cameras (one export makes a file per camera).`
    : null;
  const start = async () => {
    if (problem || from === null || to === null) return;
    setBusy(true);
    const result = await api.exports.start({ cameraIds: cameras.filter((c) => chosen.has(c.id)).map((c) => c.id), fromMs: from, toMs: to, format });
    setBusy(false);
    if (result.ok) onStarted(result.value);
    else setError(result.error.message);
  };
  return (
    <FormDialog name="export-dialog" title="Export" submitLabel="Start" submitDisabled={busy || problem !== null} submitTitle={problem ?? 'Queue the export'} submitRef={first} onSubmit={() => void start()} onCancel={onCancel}>
      <div class="export-times">
        <LocalTimeField label="From" name="export-from" initialMs={fromMs} onInstant={setFrom} />
        <LocalTimeField label="To" name="export-to" initialMs={toMs} onInstant={setTo} />
      </div>
      <fieldset class="export-cameras">
        <legend>Cameras (a file each)</legend>
        {cameras.map((c) => (
          <label key={c.id} class="check">
            <input type="checkbox" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} /> {c.name}
          </label>
        ))}
      </fieldset>
      <fieldset class="export-formats">
        <legend>Format</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f} class="check export-format-choice">
            <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
            <span>
              <strong>{f.toUpperCase()}</strong> <span class="hint">{FORMAT_NOTES[f]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p class="hint">The pictures go in exactly as recorded, with a signed manifest to check them by.</p>
      <FormError message={error ?? problem} />
    </FormDialog>
  );
}
