// The Events view's filters as the events.query arguments they stand for: a camera, a type (a
// group of kinds or one kind), and a range of local days (from the start of the first to the end
// of the last, so a DST day counts its 23 or 25 hours).
import { EVENT_GROUPS } from '../../shared/event-titles.ts';
import type { EventEntry } from '../../shared/api/index.ts';

export type EventFilter = {
  cameraId: string;
  /** '' = every type; 'group:<id>' a group of EVENT_GROUPS; otherwise one kind. */
  type: string;
  /** Local days as <input type="date"> gives them (YYYY-MM-DD), '' = open. */
  fromDay: string;
  toDay: string;
};

export const NO_FILTER: EventFilter = { cameraId: '', type: '', fromDay: '', toDay: '' };

/** Local midnight at the start of `day` (YYYY-MM-DD), plus `addDays`; null for anything else. */
export function localMidnight(day: string, addDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(at.getTime()) ? null : at.getTime();
}

export function kindsOf(type: string): string[] | undefined {
  if (type === '') return undefined;
  if (type.startsWith('group:')) return [...(EVENT_GROUPS.find((g) => `group:${g.id}` === type)?.kinds ?? [])];
  return [type];
}

export type EventQueryArgs = { cameraId?: string; kinds?: string[]; fromMs?: number; toMs?: number };

/** The arguments for events.query, or a message when the range is backwards. */
export function queryOf(filter: EventFilter): EventQueryArgs | { error: string } {
  const fromMs = localMidnight(filter.fromDay);
  const toMs = localMidnight(filter.toDay, 1);
  if (fromMs !== null && toMs !== null && toMs <= fromMs) return { error: 'The last day is before the first: swap them, or clear one.' };
  const kinds = kindsOf(filter.type);
  return {
    ...(filter.cameraId ? { cameraId: filter.cameraId } : {}),
    ...(kinds ? { kinds } : {}),
    ...(fromMs !== null ? { fromMs } : {}),
    ...(toMs !== null ? { toMs } : {}),
  };
}

/** Whether an entry that just happened belongs in the list the filter shows. */
export function matches(entry: EventEntry, query: EventQueryArgs): boolean {
  if (query.cameraId !== undefined && entry.cameraId !== query.cameraId) return false;
  if (query.kinds !== undefined && !query.kinds.includes(entry.kind)) return false;
  if (query.fromMs !== undefined && entry.atMs < query.fromMs) return false;
  return query.toMs === undefined || entry.atMs < query.toMs;
}
