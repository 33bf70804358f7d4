// Whether a camera should be recording at a given moment, from its mode and weekly schedule.
// Pure: the caller passes the time (tests pass fixed local dates). Ranges are local wall-clock
// time, `from` inclusive, `to` exclusive, `to` may be 24:00. A range whose `to` is not after its
// `from` runs overnight: from `from` on its day to `to` on the next day, Saturday's wrapping to
// Sunday (22:00-06:00 on day 6 covers Saturday 22:00 to Sunday 06:00). Local wall-clock time
// means DST needs no special case: a range covers the hours the clock on the wall shows, so on a
// 23-hour night 22:00-06:00 lasts 7 hours and on a 25-hour night 9.
import { scheduleRangeIsOvernight, type RecordMode, type ScheduleRange } from '../../shared/camera.ts';

const DAYS_PER_WEEK = 7;

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether `range` covers minute `minute` (0..1439) of a day whose weekday is `day`. */
function covers(range: ScheduleRange, day: number, minute: number): boolean {
  const from = minutes(range.from);
  const to = minutes(range.to);
  if (!scheduleRangeIsOvernight(range)) return range.day === day && minute >= from && minute < to;
  const nextDay = (range.day + 1) % DAYS_PER_WEEK;
  return (range.day === day && minute >= from) || (nextDay === day && minute < to);
}

export function shouldRecord(mode: RecordMode, schedule: readonly ScheduleRange[], at: Date): boolean {
  if (mode === 'off') return false;
  // On motion, the recorder runs all the time and writes only around motion (its pre-roll gate).
  if (mode === 'continuous' || mode === 'motion') return true;
  const day = at.getDay();
  const minute = at.getHours() * 60 + at.getMinutes();
  return schedule.some((r) => covers(r, day, minute));
}

/**
 * The next moment after `at` when shouldRecord may change (a range starts or ends), so the caller
 * can set one timer instead of polling; undefined when it never changes. Edges are built with the
 * Date constructor from local fields, so a start at a time the DST change skips (02:30 on a
 * spring-forward night) comes at the first moment after the gap, as the clock on the wall shows.
 */
export function nextScheduleChange(mode: RecordMode, schedule: readonly ScheduleRange[], at: Date): Date | undefined {
  if (mode !== 'scheduled' || schedule.length === 0) return undefined;
  let best: Date | undefined;
  // From yesterday (an overnight range that started then ends today) to a week and a day ahead.
  for (let offset = -1; offset <= DAYS_PER_WEEK + 1; offset++) {
    const day = new Date(at.getFullYear(), at.getMonth(), at.getDate() + offset);
    for (const r of schedule) {
      if (r.day !== day.getDay()) continue;
      const endDay = scheduleRangeIsOvernight(r) ? 1 : 0;
      for (const [edge, plusDays] of [[minutes(r.from), 0], [minutes(r.to), endDay]] as const) {
        const when = new Date(day.getFullYear(), day.getMonth(), day.getDate() + plusDays, 0, edge);
        if (when > at && (!best || when < best)) best = when;
      }
    }
  }
  return best;
}

