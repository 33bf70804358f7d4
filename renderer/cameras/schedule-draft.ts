// The camera form's weekly schedule: for each day of the week its time ranges as typed, any
// number of them, each may run past midnight into the next day (22:00-06:00). The API takes the
// flat list of {day, from, to}; the core checks the times and names the field when one is wrong.
import { MAX_SCHEDULE_RANGES, scheduleRangeIsOvernight, type ScheduleRange } from '../../shared/camera.ts';

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Monday first, as most people read a week; the stored day numbers keep 0 = Sunday. */
export const DAYS_IN_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export type RangeDraft = { from: string; to: string };
/** Seven lists of ranges, index 0 = Sunday. */
export type ScheduleDraft = RangeDraft[][];

export function emptySchedule(): ScheduleDraft {
  return Array.from({ length: 7 }, (_, day) => (day >= 1 && day <= 5 ? [{ from: '08:00', to: '18:00' }] : []));
}

export function scheduleDraftOf(ranges: readonly ScheduleRange[]): ScheduleDraft {
  if (ranges.length === 0) return emptySchedule();
  const draft: ScheduleDraft = Array.from({ length: 7 }, () => []);
  for (const r of ranges) draft[r.day]?.push({ from: r.from, to: r.to });
  return draft;
}

export function scheduleRangesOf(draft: ScheduleDraft): ScheduleRange[] {
  return draft.flatMap((ranges, day) => ranges.map((r) => ({ day, from: r.from.trim(), to: r.to.trim() })));
}

export function rangeCount(draft: ScheduleDraft): number {
  return draft.reduce((sum, ranges) => sum + ranges.length, 0);
}

/** A new range after the day's last one (or 08:00-18:00); refused past MAX_SCHEDULE_RANGES. */
export function addRange(draft: ScheduleDraft, day: number): ScheduleDraft {
  if (rangeCount(draft) >= MAX_SCHEDULE_RANGES) return draft;
  const last = draft[day]?.at(-1);
  const next = last ? { from: last.to === '24:00' ? '00:00' : last.to, to: '24:00' } : { from: '08:00', to: '18:00' };
  return draft.map((ranges, d) => (d === day ? [...ranges, next] : ranges));
}

export function removeRange(draft: ScheduleDraft, day: number, index: number): ScheduleDraft {
  return draft.map((ranges, d) => (d === day ? ranges.filter((_, i) => i !== index) : ranges));
}

export function setRange(draft: ScheduleDraft, day: number, index: number, key: keyof RangeDraft, value: string): ScheduleDraft {
  return draft.map((ranges, d) => (d === day ? ranges.map((r, i) => (i === index ? { ...r, [key]: value } : r)) : ranges));
}

/** Every day gets the ranges of `day` ("copy to all days"), within MAX_SCHEDULE_RANGES. */
export function copyToAllDays(draft: ScheduleDraft, day: number): ScheduleDraft {
  const source = draft[day] ?? [];
  if (source.length * 7 > MAX_SCHEDULE_RANGES) return draft;
  return draft.map(() => source.map((r) => ({ ...r })));
}

/** "22:00-06:00 (until 06:00 the next day)": what an overnight range means, said beside it. */
export function overnightNote(range: RangeDraft, day: number): string | null {
  const from = range.from.trim();
  const to = range.to.trim();
  if (!/^\d\d:\d\d$/.test(from) || !/^\d\d:\d\d$/.test(to) || from === to) return null;
  if (!scheduleRangeIsOvernight({ from, to })) return null;
  return `until ${to} on ${DAY_NAMES[(day + 1) % 7]}`;
}

/**
 * The core names a schedule error by its place in the flat list (`camera.schedule[3].to`); the
 * form says which day and range that is: "Tuesday, range 2, to: must be a time HH:MM ...".
 */
export function scheduleFieldName(draft: ScheduleDraft, field: string, message: string): string {
  const match = /schedule\[(\d+)\](?:\.(from|to))?$/.exec(field);
  if (!match) return message;
  let index = Number(match[1]);
  for (let day = 0; day < draft.length; day++) {
    const ranges = draft[day] ?? [];
    if (index < ranges.length) return `${DAY_NAMES[day]}, range ${index + 1}${match[2] ? `, ${match[2]}` : ''}: ${message}`;
    index -= ranges.length;
  }
  return message;
}
