// The camera form's weekly schedule: the days ticked and one from/to time for all of them, the
// shape most schedules take ("weekdays 08:00-18:00"). A saved schedule that does not fit that
// shape (different times per day, imported) is kept as it is until the user edits it here.
import type { ScheduleRange } from '../../shared/camera.ts';

export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export type ScheduleDraft = {
  /** Ticked days, 0 = Sunday. */
  days: boolean[];
  from: string;
  to: string;
  /** The saved ranges when they do not fit one time for every day; null once edited here. */
  custom: ScheduleRange[] | null;
};

export function emptySchedule(): ScheduleDraft {
  return { days: [false, true, true, true, true, true, false], from: '08:00', to: '18:00', custom: null };
}

export function scheduleDraftOf(ranges: readonly ScheduleRange[]): ScheduleDraft {
  if (ranges.length === 0) return emptySchedule();
  const first = ranges[0]!;
  const uniform = ranges.every((r) => r.from === first.from && r.to === first.to) && new Set(ranges.map((r) => r.day)).size === ranges.length;
  const days = Array.from({ length: 7 }, (_, day) => ranges.some((r) => r.day === day));
  return { days, from: first.from, to: first.to, custom: uniform ? null : [...ranges] };
}

/** What the API takes; the core checks the times and names the field when one is wrong. */
export function scheduleRangesOf(draft: ScheduleDraft): ScheduleRange[] {
  if (draft.custom) return draft.custom;
  return draft.days.flatMap((ticked, day) => (ticked ? [{ day, from: draft.from.trim(), to: draft.to.trim() }] : []));
}

export function describeRanges(ranges: readonly ScheduleRange[]): string {
  return ranges.map((r) => `${DAY_NAMES[r.day] ?? r.day} ${r.from}-${r.to}`).join(', ');
}
