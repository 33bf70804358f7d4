// The recordings list: each segment of a camera (or of all) that overlaps the chosen local day
// (23 or 25 hours on a DST day), with its start, duration, size and status, and the camera's
// recording state now. Refreshed every few seconds while shown, so the segment being written
// grows in place. A click or Enter on a row plays it back on the wall. The camera choice is
// remembered; removed cameras whose recordings remain are listed by the name they last had.
import { useEffect, useState } from 'preact/hooks';
import type { RecordedCamera, RecordingSegment } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { formatBytes } from '../../shared/util/format.ts';
import { useCameraLive, useServices } from '../app/use-live.ts';
import { CameraFilter } from '../shell/CameraFilter.tsx';
import { FormError } from '../shell/FormError.tsx';
import { localDay } from '../shell/local-time.ts';
import { localDayBounds } from '../playback/time-scale.ts';

const REFRESH_MS = 5_000;
/** Where the camera choice is remembered ('' is all cameras). */
const CAMERA_CHOICE_KEY = 'camwall.recordings.camera';
/** The list shows at most this many segments of one day (a 5-minute segment makes 288 a day per camera). */
const LIMIT = 1_000;

const STATUS_TEXT: Record<RecordingSegment['status'], string> = {
  recording: 'Recording',
  complete: 'Complete',
  recovered: 'Recovered after a crash',
};

export function RecordingsView({ cameras, onPlay }: { cameras: Camera[]; onPlay: (segment: RecordingSegment, camera: RecordedCamera | null) => void }) {
  const { api } = useServices();
  const [cameraId, setCameraIdState] = useState(() => readChoice());
  const [recorded, setRecorded] = useState<RecordedCamera[]>([]);
  const [day, setDay] = useState(() => localDay(Date.now()));
  const [segments, setSegments] = useState<RecordingSegment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const setCameraId = (id: string) => {
    setCameraIdState(id);
    writeChoice(id);
  };
  // Registered cameras, then removed ones with recordings, by their (last) name.
  useEffect(() => {
    let alive = true;
    void api.recordings.cameras().then((result) => alive && result.ok && setRecorded(result.value));
    return () => {
      alive = false;
    };
  }, [api, cameras]);
  const choices = recorded.length > 0 ? recorded.map((c) => ({ id: c.cameraId, name: c.removed ? `${c.name} (removed)` : c.name })) : cameras;
  const names = new Map<string, string>([...cameras.map((c) => [c.id, c.name] as const), ...recorded.map((c) => [c.cameraId, c.name] as const)]);
  const byId = new Map(recorded.map((c) => [c.cameraId, c]));
  // A remembered camera that is gone (its recordings too) falls back to all cameras.
  useEffect(() => {
    if (cameraId && recorded.length > 0 && !recorded.some((c) => c.cameraId === cameraId)) setCameraId('');
  }, [recorded]);

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const { fromMs, toMs } = localDayBounds(startOfLocalDay(day));
      const result = await api.recordings.query({ fromMs, toMs, limit: LIMIT, ...(cameraId ? { cameraId } : {}) });
      if (!alive) return;
      setError(result.ok ? null : result.error.message);
      if (result.ok) setSegments(result.value);
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api, cameraId, day]);

  const total = segments.reduce((sum, s) => sum + s.bytes, 0);
  return (
    <div class="page">
      <section class="panel recordings-panel" aria-labelledby="recordings-title">
        <div class="panel-head">
          <h2 id="recordings-title">Recordings</h2>
          <CameraFilter cameras={choices} value={cameraId} onChange={setCameraId} />
          <label class="field-inline">
            <span>Day</span>
            <input type="date" value={day} onInput={(e) => (e.currentTarget as HTMLInputElement).value && setDay((e.currentTarget as HTMLInputElement).value)} />
          </label>
        </div>
        {cameraId && <RecorderState cameraId={cameraId} />}
        <FormError message={error} />
        {segments.length === 0 ? (
          <p class="hint">No recordings on this day.</p>
        ) : (
          <>
            <p class="hint">
              {segments.length} segment{segments.length === 1 ? '' : 's'}, {formatBytes(total)}
              {segments.length === LIMIT ? ` (the first ${LIMIT} of the day)` : ''}. Click a row, or Enter on it, to play it on the wall.
            </p>
            <table class="events-table recordings-table">
              <thead>
                <tr>
                  <th scope="col">Start</th>
                  {!cameraId && <th scope="col">Camera</th>}
                  <th scope="col">Duration</th>
                  <th scope="col">Size</th>
                  <th scope="col">Frames</th>
                  <th scope="col">Status</th>
                  <th scope="col">File</th>
                </tr>
              </thead>
              <tbody>
                {segments.map((s) => (
                  <tr
                    key={s.id}
                    class="segment-row"
                    data-segment={s.id}
                    data-status={s.status}
                    tabIndex={0}
                    aria-label={`Play ${names.get(s.cameraId) ?? s.cameraId} from ${new Date(s.startMs).toLocaleString()}`}
                    onClick={() => onPlay(s, byId.get(s.cameraId) ?? null)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter') return;
                      e.preventDefault();
                      onPlay(s, byId.get(s.cameraId) ?? null);
                    }}
                  >
                    <td class="mono nowrap">{new Date(s.startMs).toLocaleString(undefined, { timeZoneName: 'short' })}</td>
                    {!cameraId && <td>{names.get(s.cameraId) ?? s.cameraId}</td>}
                    <td class="mono nowrap">{formatDuration(s.endMs - s.startMs)}</td>
                    <td class="mono nowrap">{formatBytes(s.bytes)}</td>
                    <td class="mono">{s.frames}</td>
                    <td>{STATUS_TEXT[s.status]}</td>
                    <td class="mono">{s.path}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}

function RecorderState({ cameraId }: { cameraId: string }) {
  const recording = useCameraLive(cameraId)?.recording ?? null;
  if (!recording) return null;
  const text =
    recording.state === 'recording' ? 'Recording now' : recording.state === 'error' ? 'Recording stopped' : recording.state === 'waiting' ? 'Not recording now' : 'Recording is off';
  return (
    <p class={`recorder-state recorder-${recording.state}`} data-recording={recording.state} role={recording.state === 'error' ? 'alert' : undefined}>
      {text}
      {recording.message ? `: ${recording.message}` : ''}
    </p>
  );
}

function startOfLocalDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).getTime();
}

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

function readChoice(): string {
  try {
    return localStorage.getItem(CAMERA_CHOICE_KEY) ?? '';
  } catch {
    return '';
  }
}

function writeChoice(cameraId: string): void {
  try {
    localStorage.setItem(CAMERA_CHOICE_KEY, cameraId);
  } catch {
    // Storage may be off (a private window); the choice then lasts as long as the view.
  }
}
