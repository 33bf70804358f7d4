// The Exports view: every export job (exports.list, then export.changed), newest first, with its
// state, progress, size and time left; cancel while it waits or runs, retry once it failed or was
// cancelled, remove, and "Save…" for a finished one (exports.deliver: a download through a hidden
// link in the browser shell, a folder chosen in a dialog on the desktop). What the job says about
// itself (AVI's rounded timing, cameras with nothing recorded, the error) is shown as it is.
import { useState } from 'preact/hooks';
import type { ExportJob, Result } from '../../shared/api/index.ts';
import { formatBytes } from '../../shared/util/format.ts';
import { useServices } from '../app/use-live.ts';
import { FormError } from '../shell/FormError.tsx';
import { fullLabel } from '../playback/time-scale.ts';
import { followDownloadLink } from '../wall/snapshot.ts';
import { FORMAT_NOTES } from './export-range.ts';
import type { Exports } from './use-exports.ts';

const STATE_TEXT: Record<ExportJob['state'], string> = { queued: 'Waiting', running: 'Exporting', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

export function ExportsView({ exports, cameraNames }: { exports: Exports; cameraNames: ReadonlyMap<string, string> }) {
  return (
    <div class="page">
      <section class="panel exports-panel" aria-labelledby="exports-title">
        <div class="panel-head">
          <h2 id="exports-title">Exports</h2>
          <span class="hint">One runs at a time; the others wait their turn. Mark a range in playback (I, O) and press Export… (X).</span>
        </div>
        <FormError message={exports.error} />
        {exports.jobs.length === 0 ? (
          <p class="hint">No exports yet.</p>
        ) : (
          <ul class="export-list">
            {exports.jobs.map((job) => (
              <ExportRow key={job.id} job={job} exports={exports} cameraNames={cameraNames} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ExportRow({ job, exports, cameraNames }: { job: ExportJob; exports: Exports; cameraNames: ReadonlyMap<string, string> }) {
  const { api } = useServices();
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const name = (id: string) => cameraNames.get(id) ?? id;
  const title = `Export ${job.id}`;
  const act = async <T,>(call: () => Promise<Result<T>>, then: (value: T) => void) => {
    setBusy(true);
    setNote(null);
    const result = await call();
    setBusy(false);
    if (result.ok) then(result.value);
    else setNote({ text: result.error.message, error: true });
  };
  const save = () =>
    act(
      () => api.exports.deliver({ id: job.id }),
      (delivery) => {
        if (delivery.url) {
          followDownloadLink(delivery.url, '');
          setNote({ text: 'The download has started (a zip of the clips, the manifest and its signature).', error: false });
        } else if (delivery.savedTo) setNote({ text: `Saved to ${delivery.savedTo}`, error: false });
      },
    );
  const percent = Math.floor(job.progress * 100);
  return (
    <li class="export-row" data-export-id={job.id} data-state={job.state} aria-label={title}>
      <div class="export-main">
        <span class="export-title">
          <span class="export-id mono">#{job.id}</span>
          <strong>{job.cameraIds.map(name).join(', ')}</strong>
          <span class="export-format">{job.format.toUpperCase()}</span>
        </span>
        <span class="export-range mono">
          {fullLabel(job.fromMs)} → {fullLabel(job.toMs)}
        </span>
      </div>
      <div class="export-status">
        <span class={`export-state export-state-${job.state}`} data-testid="export-state">
          {STATE_TEXT[job.state]}
          {job.state === 'running' ? ` ${percent}%` : ''}
        </span>
        {job.state === 'running' && <progress class="export-progress" max={100} value={percent} aria-label={`${title}: ${percent}%`} />}
        {job.bytes > 0 && <span class="export-size mono" data-testid="export-size">{formatBytes(job.bytes)}</span>}
        {job.state === 'running' && job.etaMs !== null && <span class="hint">{timeLeft(job.etaMs)}</span>}
        {job.frames > 0 && <span class="hint">{job.frames} frames</span>}
      </div>
      <div class="export-actions" role="group" aria-label={`${title}: actions`}>
        {job.state === 'done' && (
          <button type="button" class="button small primary" disabled={busy} aria-label={`Save export ${job.id}`} onClick={() => void save()}>
            Save…
          </button>
        )}
        {(job.state === 'queued' || job.state === 'running') && (
          <button type="button" class="button small" disabled={busy} aria-label={`Cancel export ${job.id}`} onClick={() => void act(() => api.exports.cancel({ id: job.id }), exports.put)}>
            Cancel
          </button>
        )}
        {(job.state === 'failed' || job.state === 'cancelled') && (
          <button type="button" class="button small" disabled={busy} aria-label={`Retry export ${job.id}`} onClick={() => void act(() => api.exports.retry({ id: job.id }), exports.put)}>
            Retry
          </button>
        )}
        {job.state !== 'queued' && job.state !== 'running' && (
          <button type="button" class="button small ghost danger" disabled={busy} aria-label={`Remove export ${job.id}`} title="Delete its files and take it off the list" onClick={() => void act(() => api.exports.remove({ id: job.id }), () => exports.drop(job.id))}>
            Remove
          </button>
        )}
      </div>
      {job.error && (
        <p class="inline-error export-error" role="alert">
          {job.error}
        </p>
      )}
      {job.result && <ResultNotes result={job.result} format={job.format} name={name} />}
      {note && <p class={note.error ? 'inline-error' : 'hint export-saved'} role="status">{note.text}</p>}
    </li>
  );
}

function ResultNotes({ result, format, name }: { result: NonNullable<ExportJob['result']>; format: ExportJob['format']; name: (id: string) => string }) {
  const notes = [...new Set(result.files.flatMap((f) => (f.timingNote ? [f.timingNote] : [])))];
  return (
    <div class="export-notes">
      {result.skipped.length > 0 && <p class="export-skipped">Nothing recorded in this range for {result.skipped.map(name).join(', ')}: no file for {result.skipped.length === 1 ? 'it' : 'them'}.</p>}
      {notes.map((n) => (
        <p key={n} class="hint">
          Timing: {n}
        </p>
      ))}
      <p class="hint">
        {result.files.length} file{result.files.length === 1 ? '' : 's'}, signed; key fingerprint <span class="mono">{result.keyFingerprint}</span>. {FORMAT_NOTES[format]}
      </p>
    </div>
  );
}

function timeLeft(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.ceil(s / 60)} min left`;
}
