// The event log: the latest entries (events.query), new ones as they happen (events.appended),
// filtered by camera, and older pages on request.
import { useEffect, useState } from 'preact/hooks';
import type { EventEntry } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { useServices } from '../app/use-live.ts';
import { CameraFilter } from '../shell/CameraFilter.tsx';
import { FormError } from '../shell/FormError.tsx';
import { MotionEventList } from './MotionEventList.tsx';

const PAGE = 200;

/** `onPlay` opens playback of a camera at a moment (a motion event, a search hit). */
export function EventsView({ cameras, onPlay }: { cameras: Camera[]; onPlay: (cameraId: string, atMs: number) => void }) {
  const { api } = useServices();
  const [cameraId, setCameraId] = useState('');
  const [entries, setEntries] = useState<EventEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const names = new Map(cameras.map((c) => [c.id, c.name]));

  useEffect(() => {
    let alive = true;
    setEntries([]);
    void api.events.query({ limit: PAGE, ...(cameraId ? { cameraId } : {}) }).then((result) => {
      if (!alive) return;
      setError(result.ok ? null : result.error.message);
      if (result.ok) {
        setEntries((live) => mergeNewestFirst(live, result.value));
        setMore(result.value.length === PAGE);
      }
    });
    const stop = api.on('events.appended', ({ entry }) => {
      if (!cameraId || entry.cameraId === cameraId) setEntries((list) => mergeNewestFirst([entry], list));
    });
    return () => {
      alive = false;
      stop();
    };
  }, [api, cameraId]);

  const loadOlder = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    const result = await api.events.query({ limit: PAGE, beforeId: last.id, ...(cameraId ? { cameraId } : {}) });
    if (!result.ok) return setError(result.error.message);
    setEntries((list) => mergeNewestFirst(list, result.value));
    setMore(result.value.length === PAGE);
  };

  return (
    <div class="page">
      <MotionEventList cameras={cameras} onPlay={onPlay} />
      <section class="panel events-panel" aria-labelledby="events-title">
        <div class="panel-head">
          <h2 id="events-title">Events</h2>
          <CameraFilter cameras={cameras} value={cameraId} onChange={setCameraId} />
        </div>
        <FormError message={error} />
        {entries.length === 0 ? (
          <p class="hint">No events yet.</p>
        ) : (
          <table class="events-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Camera</th>
                <th scope="col">Event</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-kind={e.kind}>
                  <td class="mono nowrap">{new Date(e.atMs).toLocaleString()}</td>
                  <td>{e.cameraId ? (names.get(e.cameraId) ?? e.cameraId) : '—'}</td>
                  <td>
                    <span class={`event-kind kind-${e.kind.replace(/[^a-z-]/gi, '-')}`}>{e.kind}</span>
                  </td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more && (
          <button type="button" class="button" onClick={() => void loadOlder()}>
            Show older events
          </button>
        )}
      </section>
    </div>
  );
}

function mergeNewestFirst(a: EventEntry[], b: EventEntry[]): EventEntry[] {
  const byId = new Map<number, EventEntry>();
  for (const e of [...a, ...b]) byId.set(e.id, e);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
