// The Events view's motion list, pure: the filters (type, camera, local date range) as a
// `motion.events` query, which live `motion.event` pushes belong in the list, merging by id
// (an event's end arrives as the same id again), and where playback opens for an event or a
// search hit.
import { MAX_TIMELINE_RANGE_MS } from '../../shared/api/index.ts';
import type { MotionEvent, MotionSource } from '../../shared/motion.ts';

/** Playback opens this long before a motion's start, so the moment it began is seen coming. */
export const PLAYBACK_PRE_ROLL_MS = 5_000;

/** Where playback opens for motion that started at `startMs`: PLAYBACK_PRE_ROLL_MS before it. */
export function playbackStartFor(startMs: number): number {
  return Math.max(0, startMs - PLAYBACK_PRE_ROLL_MS);
}

/** The most events the list holds (pages included): more and the oldest fall off. */
export const MAX_LISTED_EVENTS = 1_000;
/** One page of `motion.events`. */
export const EVENTS_PAGE = 100;

export type MotionFilter = {
  /** '' every source. */
  source: MotionSource | '';
  /** '' every camera. */
  cameraId: string;
  /** Local calendar days, `YYYY-MM-DD` as a date input gives them; the range is from the first's midnight to the end of the second. */
  fromDay: string;
  toDay: string;
};

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the local day `atMs` falls in. */
export function localDayOf(atMs: number): string {
  const d = new Date(atMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight starting `day` (`YYYY-MM-DD`), or null for text that is no date. */
export function localMidnight(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d.getTime();
}

/** The default filter: every event of the last week, today included. */
export function defaultFilter(nowMs: number): MotionFilter {
  return { source: '', cameraId: '', fromDay: localDayOf(nowMs - 6 * DAY_MS), toDay: localDayOf(nowMs) };
}

/** The filter's range [fromMs, toMs) in ms, or what is wrong with it, naming the field. */
export function filterRange(filter: MotionFilter): { fromMs: number; toMs: number } | { error: string } {
  const fromMs = localMidnight(filter.fromDay);
  const lastDay = localMidnight(filter.toDay);
  if (fromMs === null) return { error: 'From: choose a date.' };
  if (lastDay === null) return { error: 'To: choose a date.' };
  // The end of the last day is the next local midnight (23 to 25 hours later around DST).
  const next = new Date(lastDay);
  next.setDate(next.getDate() + 1);
  const toMs = next.getTime();
  if (toMs <= fromMs) return { error: 'To: must be on or after From.' };
  if (toMs - fromMs > MAX_TIMELINE_RANGE_MS) return { error: `To: at most ${MAX_TIMELINE_RANGE_MS / DAY_MS} days after From; narrow the range.` };
  return { fromMs, toMs };
}

/** Whether an event (a live push) belongs in the list the filter shows. */
export function matches(event: MotionEvent, filter: MotionFilter, range: { fromMs: number; toMs: number }): boolean {
  if (filter.source !== '' && event.source !== filter.source) return false;
  if (filter.cameraId !== '' && event.cameraId !== filter.cameraId) return false;
  const end = event.endMs ?? event.startMs;
  return event.startMs < range.toMs && end >= range.fromMs;
}

/** Newest first by start, one entry per id (the later copy wins: an end replaces the start), at most MAX_LISTED_EVENTS. */
export function mergeEvents(list: MotionEvent[], incoming: MotionEvent[]): MotionEvent[] {
  const byId = new Map(list.map((e) => [e.id, e]));
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.startMs - a.startMs || b.id - a.id).slice(0, MAX_LISTED_EVENTS);
}

/** "12 s", "3 min 5 s", "going on" for an event's length. */
export function durationLabel(event: Pick<MotionEvent, 'startMs' | 'endMs'>): string {
  if (event.endMs === null) return 'going on';
  const s = Math.max(0, Math.round((event.endMs - event.startMs) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A score (changed fraction of the picture) as a percentage a person reads. */
export function scoreLabel(score: number): string {
  const pct = score * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}
