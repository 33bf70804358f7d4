// The event log: the latest entries (events.query), new ones as they happen (events.appended),
// filtered by camera, type and a range of days, and older pages on request. Each entry shows
// its readable title (shared/event-titles.ts); a removed camera shows by the name it last had.
import { useEffect, useState } from 'preact/hooks';
import type { EventEntry } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { EVENT_GROUPS, eventTitle } from '../../shared/event-titles.ts';
import { useServices } from '../app/use-live.ts';
import { CameraFilter } from '../shell/CameraFilter.tsx';
import { FormError } from '../shell/FormError.tsx';
import { matches, NO_FILTER, queryOf, type EventFilter } from './event-filter.ts';
import { MotionEventList } from './MotionEventList.tsx';

const PAGE = 200;

/** `onPlay` opens playback of a camera at a moment (a motion event, a search hit). */
export function EventsView({ cameras, onPlay }: { cameras: Camera[]; onPlay: (cameraId: string, atMs: number) => void }) {
  const { api } = useServices();
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const [entries, setEntries] = useState<EventEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const query = queryOf(filter);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    if ('error' in query) {
      setEntries([]);
      setMore(false);
      return undefined;
    }
    let alive = true;
    setEntries([]);
    void api.events.query({ limit: PAGE, ...query }).then((result) => {
      if (!alive) return;
      setError(result.ok ? null : result.error.message);
      if (result.ok) {
        setEntries((live) => mergeNewestFirst(live, result.value));
        setMore(result.value.length === PAGE);
      }
    });
    const stop = api.on('events.appended', ({ entry }) => {
      if (matches(entry, query)) setEntries((list) => mergeNewestFirst([entry], list));
    });
    return () => {
      alive = false;
      stop();
    };
  }, [api, queryKey]);

  const loadOlder = async () => {
    const last = entries[entries.length - 1];
    if (!last || 'error' in query) return;
    const result = await api.events.query({ limit: PAGE, beforeId: last.id, ...query });
    if (!result.ok) return setError(result.error.message);
    setEntries((list) => mergeNewestFirst(list, result.value));
    setMore(result.value.length === PAGE);
  };

  const change = (patch: Partial<EventFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const filtered = filter.type !== '' || filter.fromDay !== '' || filter.toDay !== '' || filter.cameraId !== '';
  return (
    <div class="page">
      <MotionEventList cameras={cameras} onPlay={onPlay} />
      <section class="panel events-panel" aria-labelledby="events-title">
        <div class="panel-head">
          <h2 id="events-title">Events</h2>
        </div>
        <div class="event-filters" role="group" aria-label="Filter events">
          <CameraFilter cameras={cameras} value={filter.cameraId} onChange={(cameraId) => change({ cameraId })} />
          <label class="field-inline">
            <span>Type</span>
            <select value={filter.type} aria-label="Event type" onChange={(e) => change({ type: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">All events</option>
              {EVENT_GROUPS.map((group) => (
                <optgroup key={group.id} label={group.title}>
                  <option value={`group:${group.id}`}>{group.title}: all</option>
                  {group.kinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {eventTitle(kind)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label class="field-inline">
            <span>From</span>
            <input type="date" aria-label="First day" value={filter.fromDay} onInput={(e) => change({ fromDay: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label class="field-inline">
            <span>to</span>
            <input type="date" aria-label="Last day" value={filter.toDay} onInput={(e) => change({ toDay: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          {filtered && (
            <button type="button" class="button small ghost" onClick={() => setFilter(NO_FILTER)}>
              Show all
            </button>
          )}
        </div>
        <FormError message={'error' in query ? query.error : error} />
        {entries.length === 0 ? (
          <p class="hint">{filtered ? 'No events match these filters.' : 'No events yet.'}</p>
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
                  <td>{cameraLabel(e, cameras)}</td>
                  <td>
                    <span class={`event-kind kind-${e.kind.replace(/[^a-z-]/gi, '-')}`} title={e.kind}>
                      {eventTitle(e.kind)}
                    </span>
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

/** The camera's name now; a removed one's last name (from the query, or from its camera.removed row). */
function cameraLabel(entry: EventEntry, cameras: Camera[]): string {
  if (entry.cameraId === null) return '—';
  const current = cameras.find((c) => c.id === entry.cameraId);
  if (current) return current.name;
  const fromData = typeof entry.data === 'object' && entry.data !== null && typeof (entry.data as { name?: unknown }).name === 'string' ? (entry.data as { name: string }).name : null;
  const name = entry.cameraName ?? fromData;
  return name === null ? entry.cameraId : `${name} (removed)`;
}

function mergeNewestFirst(a: EventEntry[], b: EventEntry[]): EventEntry[] {
  const byId = new Map<number, EventEntry>();
  for (const e of [...a, ...b]) byId.set(e.id, e);
  return [...byId.values()].sort((x, y) => y.id - x.id);
}
