// Search after the fact: the moments with motion inside a region of one camera's picture over a
// range. Where Camwall's detector analysed the camera (motion_coverage), the stored per-second
// grid answers at once; where it did not (older recordings, a detector that was off) and there
// are recordings, they are analysed frame by frame (RecordingAnalysis). A search belongs to the
// client that started it: its `motion.search` pushes go there only (at most SEARCH_PUSH_INTERVAL_MS
// apart, and the last state always), and it is cancelled when the client goes away.
import { ACTIVITY_GRID_SIDE, ACTIVITY_GRID_BYTES, MAX_SEARCH_HITS, type MotionBox, type MotionConfig, type MotionSearchState } from '../../shared/motion.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import type { ActivitySecond, CoverageSpan, MotionStore } from '../registry/motion-store.ts';
import type { ClientHandle } from './dispatch.ts';
import { ServiceError } from './service-error.ts';

/** Searches that run at once (analysis takes a core each); later ones wait. */
export const MAX_RUNNING_SEARCHES = 2;
/** Searches that may wait for a turn; more are refused. */
export const MAX_WAITING_SEARCHES = 8;
/** Searches one client may have running or waiting. */
export const MAX_SEARCHES_PER_CLIENT = 4;
/** Finished searches remembered (for cancelSearch's answer), the oldest forgotten first. */
export const MAX_KEPT_SEARCHES = 50;
/** At most one progress push per search this often (4 a second); the final state goes at once. */
export const SEARCH_PUSH_INTERVAL_MS = 250;
/** Seconds with motion this close together are one moment. */
export const SEARCH_MERGE_GAP_MS = 2_000;

export type SearchQuery = { cameraId: string; fromMs: number; toMs: number; region: MotionBox };
export type SearchHit = MotionSearchState['hits'][number];

/**
 * Analyses a camera's recordings over [fromMs, toMs) with the detector and its settings, and
 * answers the moments with motion inside `region`. Reports how far it got (capture time of the
 * last frame analysed) and stops early when `signal` aborts.
 */
export type RecordingAnalysis = (request: {
  cameraId: string;
  fromMs: number;
  toMs: number;
  region: MotionBox;
  config: MotionConfig;
  signal: AbortSignal;
  onProgress(atMs: number): void;
}) => Promise<Array<{ startMs: number; endMs: number; score: number }>>;

export type MotionSearchesOptions = {
  store: MotionStore;
  /** Where the detector analysed the camera over [fromMs, toMs) (MotionService.coverage); default the store's rows. */
  coverage?(cameraId: string, fromMs: number, toMs: number): CoverageSpan[];
  clock: Clock;
  /** The camera's recorded spans over [fromMs, toMs), oldest first. */
  recordedSpans(cameraId: string, fromMs: number, toMs: number): CoverageSpan[];
  /** The camera's motion settings (for analysis); null for a camera that is gone (its defaults are used). */
  motionConfig(cameraId: string): MotionConfig;
  /** Absent: recordings are not analysed, and a search over time without stored activity says so. */
  analyse?: RecordingAnalysis;
  log(line: string): void;
};

type Search = {
  state: MotionSearchState;
  query: SearchQuery;
  client: ClientHandle;
  abort: AbortController;
  lastPushMs: number;
  pushTimer: TimerHandle | null;
  /** Recording time analysed in whole spans so far. */
  analysedDoneMs: number;
  /** Resolves when it ran (or was cancelled before it could). */
  done: Promise<void>;
  start: () => void;
};

export class MotionSearches {
  #o: MotionSearchesOptions;
  #searches = new Map<number, Search>();
  #waiting: Search[] = [];
  #running = 0;
  #nextId = 1;
  #closedClients = new Set<string>();

  constructor(options: MotionSearchesOptions) {
    this.#o = options;
  }

  start(client: ClientHandle, query: SearchQuery): MotionSearchState {
    const active = [...this.#searches.values()].filter((s) => s.state.state === 'running');
    if (active.filter((s) => s.client.id === client.id).length >= MAX_SEARCHES_PER_CLIENT) {
      throw new ServiceError('unavailable', `This window already has ${MAX_SEARCHES_PER_CLIENT} motion searches going; wait for one to finish or cancel one.`);
    }
    if (this.#waiting.length >= MAX_WAITING_SEARCHES) {
      throw new ServiceError('unavailable', `${MAX_RUNNING_SEARCHES} motion searches are running and ${MAX_WAITING_SEARCHES} waiting; try again when one has finished.`);
    }
    const id = this.#nextId++;
    const state: MotionSearchState = {
      id, cameraId: query.cameraId, fromMs: query.fromMs, toMs: query.toMs, state: 'running', progress: 0, hits: [], analysedMs: 0, error: null,
    };
    let start!: () => void;
    const begun = new Promise<void>((resolve) => (start = resolve));
    const search: Search = { state, query, client, abort: new AbortController(), lastPushMs: -Infinity, pushTimer: null, analysedDoneMs: 0, done: Promise.resolve(), start };
    search.done = begun.then(() => this.#run(search));
    this.#searches.set(id, search);
    if (!this.#closedClients.has(client.id)) {
      this.#closedClients.add(client.id);
      client.onClose(() => this.#clientGone(client.id));
    }
    this.#waiting.push(search);
    this.#next();
    return { ...state, hits: [...state.hits] };
  }

  cancel(client: ClientHandle, id: number): MotionSearchState {
    const search = this.#searches.get(id);
    if (!search || search.client.id !== client.id) {
      throw new ServiceError('not-found', `There is no motion search ${id} of this window; it finished long ago or belongs to another window.`);
    }
    this.#cancel(search);
    return { ...search.state, hits: [...search.state.hits] };
  }

  /** Waits for a search to end (tests). */
  async settled(id: number): Promise<MotionSearchState | null> {
    const search = this.#searches.get(id);
    if (!search) return null;
    await search.done;
    return search.state;
  }

  close(): void {
    for (const search of this.#searches.values()) this.#cancel(search);
  }

  #clientGone(clientId: string): void {
    this.#closedClients.delete(clientId);
    for (const search of [...this.#searches.values()]) {
      if (search.client.id !== clientId) continue;
      this.#cancel(search, false);
      this.#searches.delete(search.state.id);
    }
  }

  #cancel(search: Search, push = true): void {
    if (search.state.state !== 'running') return;
    search.abort.abort();
    search.state.state = 'cancelled';
    this.#waiting = this.#waiting.filter((s) => s !== search);
    // A waiting search never ran: let its promise settle.
    search.start();
    if (push) this.#push(search, true);
  }

  #next(): void {
    while (this.#running < MAX_RUNNING_SEARCHES && this.#waiting.length > 0) {
      const search = this.#waiting.shift()!;
      this.#running++;
      search.start();
    }
  }

  async #run(search: Search): Promise<void> {
    const ran = search.state.state === 'running';
    try {
      if (ran && !search.abort.signal.aborted) await this.#search(search);
      if (search.state.state === 'running') {
        search.state.state = 'done';
        search.state.progress = 1;
      }
    } catch (error) {
      if (search.state.state === 'running') {
        search.state.state = 'failed';
        search.state.error = `The search of camera ${search.query.cameraId} failed: ${messageOf(error)}`;
        this.#o.log(search.state.error);
      }
    } finally {
      if (ran) {
        this.#running--;
        this.#next();
      }
      if (search.state.state !== 'cancelled') this.#push(search, true);
      this.#forgetOld();
    }
  }

  async #search(search: Search): Promise<void> {
    const { cameraId, fromMs, toMs, region } = search.query;
    const total = toMs - fromMs;
    const covered = (this.#o.coverage ?? ((id, from, to) => this.#o.store.coverage(id, from, to)))(cameraId, fromMs, toMs);
    const mask = regionMask(region);
    for (const span of covered) this.#addHits(search, gridHits(this.#o.store.activitySeconds(cameraId, span.fromMs, span.toMs), mask, span));
    const recorded = this.#o.recordedSpans(cameraId, fromMs, toMs)
      .map((span) => ({ fromMs: Math.max(span.fromMs, fromMs), toMs: Math.min(span.toMs, toMs) }))
      .filter((span) => span.toMs > span.fromMs);
    const toAnalyse = subtract(recorded, covered);
    const analyseMs = toAnalyse.reduce((sum, s) => sum + s.toMs - s.fromMs, 0);
    // What the grid covered and what was never recorded are settled; analysis fills the rest.
    let settled = total - analyseMs;
    search.state.progress = settled / total;
    this.#push(search, false);
    if (toAnalyse.length === 0) return;
    const analyse = this.#o.analyse;
    if (!analyse) throw new Error(`${Math.round(analyseMs / 1000)} s of its recordings have no stored motion activity, and this build cannot analyse recordings`);
    const config = this.#o.motionConfig(cameraId);
    for (const span of toAnalyse) {
      if (search.abort.signal.aborted) return;
      let done = 0;
      const found = await analyse({
        cameraId, fromMs: span.fromMs, toMs: span.toMs, region, config, signal: search.abort.signal,
        onProgress: (atMs) => {
          done = Math.min(Math.max(atMs - span.fromMs, done), span.toMs - span.fromMs);
          search.state.progress = (settled + done) / total;
          search.state.analysedMs = Math.round(search.analysedDoneMs + done);
          this.#push(search, false);
        },
      });
      if (search.abort.signal.aborted) return;
      settled += span.toMs - span.fromMs;
      search.analysedDoneMs += span.toMs - span.fromMs;
      search.state.analysedMs = Math.round(search.analysedDoneMs);
      search.state.progress = settled / total;
      this.#addHits(search, found.map((hit) => ({ ...hit, analysed: true })));
      this.#push(search, false);
    }
  }

  #addHits(search: Search, hits: SearchHit[]): void {
    const all = [...search.state.hits, ...hits].sort((a, b) => a.startMs - b.startMs);
    search.state.hits = all.slice(0, MAX_SEARCH_HITS);
  }

  /** Sends the state now when `final` or when the last push is SEARCH_PUSH_INTERVAL_MS ago; otherwise once it is. */
  #push(search: Search, final: boolean): void {
    const now = this.#o.clock.monotonic();
    const send = () => {
      search.pushTimer?.cancel();
      search.pushTimer = null;
      search.lastPushMs = this.#o.clock.monotonic();
      search.client.push('motion.search', { search: { ...search.state, hits: [...search.state.hits] } });
    };
    if (final || now - search.lastPushMs >= SEARCH_PUSH_INTERVAL_MS) return send();
    search.pushTimer ??= this.#o.clock.setTimer(() => {
      search.pushTimer = null;
      if (search.state.state === 'running') send();
    }, search.lastPushMs + SEARCH_PUSH_INTERVAL_MS - now);
  }

  #forgetOld(): void {
    const finished = [...this.#searches.values()].filter((s) => s.state.state !== 'running');
    for (const search of finished.slice(0, Math.max(0, finished.length - MAX_KEPT_SEARCHES))) this.#searches.delete(search.state.id);
  }
}

/** The grid cells (activity grid bits) a region touches. */
export function regionMask(region: MotionBox): Uint8Array {
  const mask = new Uint8Array(ACTIVITY_GRID_BYTES);
  const side = ACTIVITY_GRID_SIDE;
  const first = (v: number) => Math.min(side - 1, Math.max(0, Math.floor(v * side)));
  const last = (v: number) => Math.min(side - 1, Math.max(0, Math.ceil(v * side) - 1));
  for (let row = first(region.y); row <= last(region.y + region.h); row++) {
    for (let col = first(region.x); col <= last(region.x + region.w); col++) {
      const bit = row * side + col;
      mask[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return mask;
}

/** Seconds whose grid meets the mask, merged into moments (SEARCH_MERGE_GAP_MS apart at most), clipped to `span`. */
export function gridHits(seconds: readonly ActivitySecond[], mask: Uint8Array, span: CoverageSpan): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const second of seconds) {
    if (!meets(second.grid, mask)) continue;
    const startMs = Math.max(second.secondMs, span.fromMs);
    const endMs = Math.min(second.secondMs + 1000, span.toMs);
    const last = hits[hits.length - 1];
    if (last && startMs - last.endMs <= SEARCH_MERGE_GAP_MS) {
      last.endMs = endMs;
      last.score = Math.max(last.score, second.score);
    } else {
      hits.push({ startMs, endMs, score: second.score, analysed: false });
    }
  }
  return hits;
}

function meets(grid: Uint8Array, mask: Uint8Array): boolean {
  for (let i = 0; i < mask.length; i++) if ((grid[i]! & mask[i]!) !== 0) return true;
  return false;
}

/** `spans` less `minus` (both sorted and non-overlapping). */
export function subtract(spans: readonly CoverageSpan[], minus: readonly CoverageSpan[]): CoverageSpan[] {
  const out: CoverageSpan[] = [];
  for (const span of spans) {
    let from = span.fromMs;
    for (const cut of minus) {
      if (cut.toMs <= from || cut.fromMs >= span.toMs) continue;
      if (cut.fromMs > from) out.push({ fromMs: from, toMs: cut.fromMs });
      from = Math.max(from, cut.toMs);
    }
    if (from < span.toMs) out.push({ fromMs: from, toMs: span.toMs });
  }
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
