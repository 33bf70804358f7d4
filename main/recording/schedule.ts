// Whether a camera should be recording at a given moment, from its mode and weekly schedule.
// Pure: the caller passes the time (tests pass fixed local dates). Ranges are local time,
// `from` inclusive, `to` exclusive, `to` may be 24:00; a range never crosses midnight (the shared
// camera schema makes the user split it in two).
import type { RecordMode, ScheduleRange } from '../../shared/camera.ts';

const MINUTES_PER_DAY = 24 * 60;

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function shouldRecord(mode: RecordMode, schedule: readonly ScheduleRange[], at: Date): boolean {
  if (mode === 'off') return false;
  // On motion, the recorder runs all the time and writes only around motion (its pre-roll gate).
  if (mode === 'continuous' || mode === 'motion') return true;
  const day = at.getDay();
  const minute = at.getHours() * 60 + at.getMinutes();
  return schedule.some((r) => r.day === day && minute >= minutes(r.from) && minute < minutes(r.to));
}

/**
 * The next moment after `at` when shouldRecord may change (a range starts or ends), so the caller
 * can set one timer instead of polling; undefined when it never changes.
 */
export function nextScheduleChange(mode: RecordMode, schedule: readonly ScheduleRange[], at: Date): Date | undefined {
  if (mode !== 'scheduled' || schedule.length === 0) return undefined;
  const startOfDay = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  let best: Date | undefined;
  for (let offset = 0; offset <= 7; offset++) {
    const day = new Date(startOfDay.getFullYear(), startOfDay.getMonth(), startOfDay.getDate() + offset);
    for (const r of schedule) {
      if (r.day !== day.getDay()) continue;
      for (const edge of [minutes(r.from), minutes(r.to)]) {
        const when = edge >= MINUTES_PER_DAY
          ? new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)
          : new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(edge / 60), edge % 60);
        if (when > at && (!best || when < best)) best = when;
      }
    }
    if (best) return best;
  }
  return best;
}
