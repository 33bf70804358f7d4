// The Events view's motion section: motion events (Camwall's detector and the cameras' own) with
// their thumbnails, filtered by type, camera and local date range; new ones and their ends come
// live (`motion.event`). A click opens playback of that camera PLAYBACK_PRE_ROLL_MS before the
// motion began. "Search…" opens the search after the fact (motion/MotionSearch.tsx).
import { useEffect, useState } from 'preact/hooks';
import type { Camera } from '../../shared/camera.ts';
import type { MotionEvent } from '../../shared/motion.ts';
import { useServices } from '../app/use-live.ts';
import { CameraFilter } from '../shell/CameraFilter.tsx';
import { FormError } from '../shell/FormError.tsx';
import { defaultFilter, durationLabel, EVENTS_PAGE, filterRange, matches, MAX_LISTED_EVENTS, mergeEvents, playbackStartFor, scoreLabel, type MotionFilter } from '../motion/motion-events.ts';
import { MotionSearch } from '../motion/MotionSearch.tsx';
import { MotionThumbnail } from '../motion/MotionThumbnail.tsx';
import { clockLabel, fullLabel } from '../playback/time-scale.ts';

type Props = {
  cameras: Camera[];
  /** Opens playback of `cameraId` at `atMs` (paused). */
  onPlay: (cameraId: string, atMs: number) => void;
};

export function MotionEventList({ cameras, onPlay }: Props) {
  const { api } = useServices();
  const [filter, setFilter] = useState<MotionFilter>(() => defaultFilter(Date.now()));
  const [events, setEvents] = useState<MotionEvent[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const names = new Map(cameras.map((c) => [c.id, c.name]));
  const range = filterRange(filter);
  const rangeKey = 'error' in range ? range.error : `${range.fromMs}-${range.toMs}`;

  const query = (toMs: number) => {
    if ('error' in range) return null;
    return api.motion.events({ fromMs: range.fromMs, toMs, limit: EVENTS_PAGE, ...(filter.cameraId ? { cameraIds: [filter.cameraId] } : {}) });
  };
  // The API filters by camera and range; the type (source) is filtered here.
  const keep = (list: MotionEvent[]) => list.filter((e) => filter.source === '' || e.source === filter.source);

  useEffect(() => {
    setEvents([]);
    setMore(false);
    if ('error' in range) return setError(range.error);
    let alive = true;
    void query(range.toMs)!.then((result) => {
      if (!alive) return;
      setError(result.ok ? null : result.error.message);
      if (!result.ok) return;
      setEvents((live) => mergeEvents(live, keep(result.value)));
      setMore(result.value.length === EVENTS_PAGE);
    });
    const stop = api.on('motion.event', ({ event }) => {
      if (matches(event, filter, range)) setEvents((list) => mergeEvents(list, [event]));
    });
    return () => {
      alive = false;
      stop();
    };
  }, [api, filter.cameraId, filter.source, rangeKey]);

  // Older pages: events that began before the oldest listed (newest first by start).
  const loadOlder = async () => {
    const oldest = events[events.length - 1];
    const result = oldest && (await query(oldest.startMs));
    if (!result) return;
    if (!result.ok) return setError(result.error.message);
    setEvents((list) => mergeEvents(list, keep(result.value)));
    setMore(result.value.length === EVENTS_PAGE && events.length < MAX_LISTED_EVENTS);
  };

  const set = <K extends keyof MotionFilter>(key: K, value: MotionFilter[K]) => setFilter((f) => ({ ...f, [key]: value }));
  return (
    <section class="panel motion-panel" aria-labelledby="motion-title">
      <div class="panel-head">
        <h2 id="motion-title">Motion</h2>
        <div class="motion-filters">
          <label class="field-inline">
            <span>Type</span>
            <select value={filter.source} onChange={(e) => set('source', (e.currentTarget as HTMLSelectElement).value as MotionFilter['source'])}>
              <option value="">All motion</option>
              <option value="camwall">From Camwall</option>
              <option value="camera">From the camera</option>
            </select>
          </label>
          <CameraFilter cameras={cameras} value={filter.cameraId} onChange={(id) => set('cameraId', id)} />
          <label class="field-inline">
            <span>From</span>
            <input type="date" value={filter.fromDay} max={filter.toDay} onInput={(e) => set('fromDay', (e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field-inline">
            <span>To</span>
            <input type="date" value={filter.toDay} min={filter.fromDay} onInput={(e) => set('toDay', (e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="button" class={`button small${searching ? ' primary' : ''}`} aria-expanded={searching} onClick={() => setSearching((s) => !s)}>
            Search…
          </button>
        </div>
      </div>
      {searching && <MotionSearch cameras={cameras} onPlay={onPlay} onClose={() => setSearching(false)} />}
      <FormError message={error} />
      {events.length === 0 ? (
        <p class="hint">No motion in this range.</p>
      ) : (
        <ul class="motion-events" aria-label="Motion events, newest first">
          {events.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                class="motion-event"
                data-motion-event={e.id}
                data-camera-id={e.cameraId}
                data-start-ms={e.startMs}
                title={`Play ${names.get(e.cameraId) ?? e.cameraId} from ${fullLabel(playbackStartFor(e.startMs))}, 5 s before the motion`}
                onClick={() => onPlay(e.cameraId, playbackStartFor(e.startMs))}
              >
                <MotionThumbnail eventId={e.id} hasThumbnail={e.hasThumbnail} />
                <span class="motion-event-text">
                  <span class="motion-event-title">
                    <strong>{names.get(e.cameraId) ?? e.cameraId}</strong> <span class="mono">{clockLabel(e.startMs, true)}</span>
                  </span>
                  <span class="hint">
                    {new Date(e.startMs).toLocaleDateString()} · {durationLabel(e)} · peak {scoreLabel(e.peakScore)}
                  </span>
                  <span class="hint">
                    {e.source === 'camera' ? 'From the camera' : 'From Camwall'}
                    {e.zones.length > 0 ? ` · ${e.zones.join(', ')}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {more && events.length < MAX_LISTED_EVENTS && (
        <button type="button" class="button" onClick={() => void loadOlder()}>
          Show older motion
        </button>
      )}
    </section>
  );
}
