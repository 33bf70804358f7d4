// Search after the fact: a region dragged on a camera's picture, a time range, Start; the core
// looks in its stored activity grid where it has one and analyses the recordings where it does
// not, pushing `motion.search` states (progress, hits so far) to this window; Cancel stops it.
// Each hit says where it came from ("from the stored grid" or "analysed") and a click opens
// playback there (PLAYBACK_PRE_ROLL_MS before it, as for an event).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Camera } from '../../shared/camera.ts';
import type { MotionBox, MotionSearchState } from '../../shared/motion.ts';
import { useServices } from '../app/use-live.ts';
import { FormError } from '../shell/FormError.tsx';
import { LocalTimeField } from '../playback/LocalTimeField.tsx';
import { fullLabel } from '../playback/time-scale.ts';
import { CameraPicture } from './CameraPicture.tsx';
import { durationLabel, playbackStartFor, scoreLabel } from './motion-events.ts';
import { boxBetween, toBox, type PictureRect } from './zone-edit.ts';
import { MAX_EARLY_SEARCH_STATES, newerSearch } from './search-state.ts';

const HOUR = 3_600_000;
/** A region smaller than this (fraction of the picture's width or height) is a click, not a drag. */
const MIN_REGION = 0.01;

type Props = { cameras: Camera[]; onPlay: (cameraId: string, atMs: number) => void; onClose: () => void };

export function MotionSearch({ cameras, onPlay, onClose }: Props) {
  const { api } = useServices();
  const [cameraId, setCameraId] = useState(cameras[0]?.id ?? '');
  const [region, setRegion] = useState<MotionBox | null>(null);
  const [fromMs, setFromMs] = useState<number | null>(() => Date.now() - HOUR);
  const [toMs, setToMs] = useState<number | null>(() => Date.now());
  const [search, setSearch] = useState<MotionSearchState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchId = useRef<number | null>(null);
  const [initial] = useState(() => ({ fromMs: Date.now() - HOUR, toMs: Date.now() }));

  // This window's searches report here; the newest state of ours wins. Pushes that come before
  // the answer says which id is ours are kept (a few) until it does.
  const early = useRef(new Map<number, MotionSearchState>());
  useEffect(
    () =>
      api.on('motion.search', ({ search: s }) => {
        if (s.id === searchId.current) return setSearch((old) => newerSearch(old, s));
        if (searchId.current !== null) return;
        early.current.set(s.id, newerSearch(early.current.get(s.id) ?? null, s));
        while (early.current.size > MAX_EARLY_SEARCH_STATES) early.current.delete(early.current.keys().next().value!);
      }),
    [api],
  );
  // Leaving the view cancels a search still running (the core ends it with the window too).
  useEffect(
    () => () => {
      if (searchId.current !== null) void api.motion.cancelSearch({ id: searchId.current });
    },
    [api],
  );

  const running = search?.state === 'running';
  const problem = !cameraId ? 'Choose a camera.' : !region ? 'Drag a rectangle on the picture: the region to search.' : fromMs === null || toMs === null ? 'Enter the range to search.' : toMs <= fromMs ? 'To must be after From.' : null;

  const start = async () => {
    if (problem || !region || fromMs === null || toMs === null) return setError(problem);
    setError(null);
    setSearch(null);
    searchId.current = null;
    early.current.clear();
    const result = await api.motion.search({ cameraId, fromMs, toMs, region });
    if (!result.ok) return setError(result.error.fields?.[0] ? `${result.error.fields[0].field}: ${result.error.fields[0].message}` : result.error.message);
    searchId.current = result.value.id;
    setSearch(newerSearch(early.current.get(result.value.id) ?? null, result.value));
    early.current.clear();
  };
  const cancel = async () => {
    if (!search) return;
    const result = await api.motion.cancelSearch({ id: search.id });
    if (result.ok) setSearch((old) => newerSearch(old, result.value));
    else setError(result.error.message);
  };

  const overlay = (rect: PictureRect) => <RegionOverlay rect={rect} region={region} onRegion={setRegion} disabled={running} />;
  return (
    <div class="motion-search" role="region" aria-label="Search for motion">
      <div class="motion-search-form">
        <div class="motion-search-picture">
          {cameraId ? (
            <CameraPicture key={cameraId} cameraId={cameraId} recordedAtMs={fromMs ?? initial.fromMs} label="Drag a rectangle on the picture: the region to search">
              {overlay}
            </CameraPicture>
          ) : (
            <p class="hint">No camera.</p>
          )}
        </div>
        <div class="motion-search-fields">
          <label class="field">
            <span>Camera</span>
            <select value={cameraId} disabled={running} onChange={(e) => (setCameraId((e.currentTarget as HTMLSelectElement).value), setRegion(null))}>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <LocalTimeField label="From" name="search-from" initialMs={initial.fromMs} onInstant={setFromMs} />
          <LocalTimeField label="To" name="search-to" initialMs={initial.toMs} onInstant={setToMs} />
          <p class="hint">{region ? `Region: ${Math.round(region.w * 100)}% × ${Math.round(region.h * 100)}% of the picture` : 'Drag a rectangle on the picture.'}</p>
          <div class="form-actions">
            {running ? (
              <button type="button" class="button" onClick={() => void cancel()}>
                Cancel search
              </button>
            ) : (
              <button type="button" class="button primary" disabled={problem !== null} title={problem ?? 'Search the range for motion in the region'} onClick={() => void start()}>
                Start search
              </button>
            )}
            <button type="button" class="button ghost" onClick={onClose}>
              Close
            </button>
          </div>
          <FormError message={error} />
          {search && <SearchProgress search={search} />}
        </div>
      </div>
      {search && search.hits.length > 0 && (
        <table class="events-table motion-hits" aria-label="Moments found">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Length</th>
              <th scope="col">Score</th>
              <th scope="col">Found</th>
            </tr>
          </thead>
          <tbody>
            {search.hits.map((hit) => (
              <tr key={hit.startMs} class="motion-hit" data-start-ms={hit.startMs} data-end-ms={hit.endMs} data-analysed={String(hit.analysed)} tabIndex={0} title="Play from here" onClick={() => onPlay(search.cameraId, playbackStartFor(hit.startMs))} onKeyDown={(e) => e.key === 'Enter' && onPlay(search.cameraId, playbackStartFor(hit.startMs))}>
                <td class="mono nowrap">{fullLabel(hit.startMs)}</td>
                <td>{durationLabel(hit)}</td>
                <td>{scoreLabel(hit.score)}</td>
                <td>{hit.analysed ? 'analysed' : 'from the stored grid'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function SearchProgress({ search }: { search: MotionSearchState }) {
  const pct = Math.round(search.progress * 100);
  const said =
    search.state === 'running'
      ? `Searching… ${pct}%`
      : search.state === 'done'
        ? `Done: ${search.hits.length === 0 ? 'no motion there' : `${search.hits.length} moment${search.hits.length === 1 ? '' : 's'}`}`
        : search.state === 'cancelled'
          ? `Cancelled at ${pct}%`
          : `Failed: ${search.error ?? 'no reason given'}`;
  return (
    <div class="motion-search-progress" data-state={search.state} data-progress={search.progress} role="status">
      <progress max={100} value={pct} aria-label="Search progress" />
      <span>{said}</span>
      {search.analysedMs > 0 && <span class="hint"> · {durationLabel({ startMs: 0, endMs: search.analysedMs })} of recordings analysed</span>}
    </div>
  );
}

/** The region: drag a rectangle on the picture; the one drawn stays until another is dragged. */
function RegionOverlay({ rect, region, onRegion, disabled }: { rect: PictureRect; region: MotionBox | null; onRegion: (box: MotionBox | null) => void; disabled: boolean }) {
  const [dragging, setDragging] = useState<{ pointerId: number; x: number; y: number; box: MotionBox } | null>(null);
  const local = (event: PointerEvent) => {
    const box = (event.currentTarget as SVGSVGElement).getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top] as const;
  };
  const shown = dragging?.box ?? region;
  const [x1, y1] = shown ? toBox(rect, [shown.x, shown.y]) : [0, 0];
  const [x2, y2] = shown ? toBox(rect, [shown.x + shown.w, shown.y + shown.h]) : [0, 0];
  return (
    <svg
      class={`zone-overlay region-overlay${disabled ? ' region-disabled' : ''}`}
      onPointerDown={(e) => {
        if (disabled || e.button !== 0) return;
        (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
        const [x, y] = local(e);
        setDragging({ pointerId: e.pointerId, x, y, box: boxBetween(rect, x, y, x, y) });
      }}
      onPointerMove={(e) => {
        if (!dragging || dragging.pointerId !== e.pointerId) return;
        setDragging({ ...dragging, box: boxBetween(rect, dragging.x, dragging.y, ...local(e)) });
      }}
      onPointerUp={(e) => {
        if (!dragging || dragging.pointerId !== e.pointerId) return;
        const box = boxBetween(rect, dragging.x, dragging.y, ...local(e));
        setDragging(null);
        if (box.w >= MIN_REGION && box.h >= MIN_REGION) onRegion(box);
      }}
    >
      {shown && <rect class="search-region" data-testid="search-region" x={x1} y={y1} width={Math.max(0, x2 - x1)} height={Math.max(0, y2 - y1)} />}
    </svg>
  );
}
