// The timeline's arithmetic, pure (no DOM): a view is a stretch of UTC time mapped linearly onto
// a width in pixels, so a DST day is drawn 23 or 25 hours wide and nothing overlaps or vanishes.
// Ticks and labels follow the local clock (Date's local-time getters, Intl for the zone name),
// so a label says what a wall clock said then; where the offset changes, the timeline marks it.
import { localDay, localTime } from '../shell/local-time.ts';

export type TimeView = { startMs: number; spanMs: number };

/** The timeline zooms from a few seconds ... */
export const MIN_SPAN_MS = 5_000;
/** ... to a week. */
export const MAX_SPAN_MS = 7 * 86_400_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every zone's offset from UTC is a multiple of a quarter hour (Nepal +5:45, Lord Howe's 30-minute DST). */
const QUARTER_HOUR = 15 * MINUTE;
const TICK_STEPS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

export function timeToX(view: TimeView, width: number, atMs: number): number {
  return ((atMs - view.startMs) / view.spanMs) * width;
}

export function xToTime(view: TimeView, width: number, x: number): number {
  return Math.round(view.startMs + (x / width) * view.spanMs);
}

/** A view of `spanMs` (clamped to the zoom range) with `centerMs` in the middle. */
export function viewAround(centerMs: number, spanMs: number): TimeView {
  const span = clampSpan(spanMs);
  return { startMs: Math.round(centerMs - span / 2), spanMs: span };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the instant under `anchorX` where it is. */
export function zoomView(view: TimeView, width: number, factor: number, anchorX = width / 2): TimeView {
  const anchor = view.startMs + (anchorX / width) * view.spanMs;
  const span = clampSpan(view.spanMs * factor);
  return { startMs: Math.round(anchor - (anchorX / width) * span), spanMs: span };
}

/** Moves the view by `dx` pixels (dragging right shows earlier time). */
export function panView(view: TimeView, width: number, dx: number): TimeView {
  return { startMs: Math.round(view.startMs - (dx / width) * view.spanMs), spanMs: view.spanMs };
}

function clampSpan(spanMs: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, Math.round(spanMs)));
}

/** The local clock's offset from UTC at `atMs`, in ms (Berlin in summer: +7,200,000). */
export function localOffsetMs(atMs: number): number {
  return -new Date(atMs).getTimezoneOffset() * MINUTE;
}

export type Tick = {
  atMs: number;
  /** Local midnight: the first tick of a calendar day. */
  dayStart: boolean;
  label: string;
};

/** The tick spacing that puts labels at least `minLabelPx` apart. */
export function tickStep(view: TimeView, width: number, minLabelPx = 90): number {
  const wanted = (view.spanMs / Math.max(1, width)) * minLabelPx;
  return TICK_STEPS.find((s) => s >= wanted) ?? DAY;
}

/**
 * Ticks where the local clock shows a multiple of the step (for steps under a day) or midnight
 * (a day), in UTC order. A clock hour that happens twice (autumn) gets two ticks, one hour
 * apart; an hour that does not happen (spring) gets none.
 */
export function ticks(view: TimeView, width: number, minLabelPx = 90): Tick[] {
  const step = tickStep(view, width, minLabelPx);
  const endMs = view.startMs + view.spanMs;
  const out: Tick[] = [];
  if (step >= DAY) {
    const d = new Date(view.startMs);
    let day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    while (day.getTime() <= endMs) {
      if (day.getTime() >= view.startMs) out.push({ atMs: day.getTime(), dayStart: true, label: dayLabel(day.getTime()) });
      day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
    }
    return out;
  }
  // Candidates on a UTC grid fine enough to hit every local multiple of the step in any zone.
  const grain = gcd(step, QUARTER_HOUR);
  const withSeconds = step < MINUTE;
  for (let t = Math.ceil(view.startMs / grain) * grain; t <= endMs; t += grain) {
    const local = t + localOffsetMs(t);
    if (mod(local, step) !== 0) continue;
    const dayStart = mod(local, DAY) === 0;
    out.push({ atMs: t, dayStart, label: dayStart ? dayLabel(t) : clockLabel(t, withSeconds) });
  }
  return out;
}

export type OffsetChange = { atMs: number; fromMs: number; toMs: number; label: string };

/** The instants in the view where the local clock jumps (DST), found to the second. */
export function offsetChanges(view: TimeView): OffsetChange[] {
  const out: OffsetChange[] = [];
  const endMs = view.startMs + view.spanMs;
  // Offsets change at most a few times a year, never twice within an hour.
  const probe = Math.min(HOUR, Math.max(MINUTE, view.spanMs / 64));
  let before = view.startMs;
  let offset = localOffsetMs(before);
  for (let t = view.startMs + probe; before < endMs; t += probe) {
    const at = Math.min(t, endMs);
    const next = localOffsetMs(at);
    if (next !== offset) {
      let lo = before;
      let hi = at;
      while (hi - lo > SECOND) {
        const mid = Math.floor((lo + hi) / 2);
        if (localOffsetMs(mid) === offset) lo = mid;
        else hi = mid;
      }
      const jump = next - offset;
      const hours = Math.abs(jump) / HOUR;
      const amount = Number.isInteger(hours) ? `${hours} h` : `${Math.abs(jump) / MINUTE} min`;
      out.push({ atMs: hi, fromMs: offset, toMs: next, label: `Clocks ${jump < 0 ? 'back' : 'forward'} ${amount} (${zoneName(hi - 1)} → ${zoneName(hi)})` });
      offset = next;
    }
    before = at;
  }
  return out;
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockSecondsFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const zoneFormat = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23', timeZoneName: 'short',
});

export function clockLabel(atMs: number, withSeconds = false): string {
  return (withSeconds ? clockSecondsFormat : clockFormat).format(atMs);
}

export function dayLabel(atMs: number): string {
  return dayFormat.format(atMs);
}

/** The local zone's short name at that instant ("GMT+2", "CEST", "PST"). */
export function zoneName(atMs: number): string {
  return zoneFormat.formatToParts(atMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** Date, local time to the millisecond and zone: "Oct 25, 2026, 02:30:00.000 GMT+1". */
export function fullLabel(atMs: number): string {
  return fullFormat.format(atMs);
}

/** Whether the local clock showed the time of `atMs` at another instant too (the autumn hour, repeated). */
export function happensTwice(atMs: number): boolean {
  const local = toLocalInput(atMs);
  return [HOUR, HOUR / 2].some((d) => toLocalInput(atMs - d) === local || toLocalInput(atMs + d) === local);
}

/** A message from the core with its UTC ISO times written in local time with the zone. */
export function localizeTimes(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g, (iso) => fullLabel(Date.parse(iso)));
}

/** `YYYY-MM-DDTHH:MM:SS` in local time, the value of an `<input type="datetime-local">`. */
export function toLocalInput(atMs: number): string {
  return `${localDay(atMs)}T${localTime(atMs)}`;
}

/**
 * The instant a `datetime-local` value names in local time, or null when it is not one. In the
 * repeated autumn hour it names the first occurrence (as Date does); a time skipped in spring
 * moves forward by the jump.
 */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number, number];
  const t = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  return Number.isFinite(t) ? t : null;
}

/** The first local midnight at or before `atMs`, and the next one: a local calendar day (23, 24 or 25 hours). */
export function localDayBounds(atMs: number): { fromMs: number; toMs: number } {
  const d = new Date(atMs);
  return { fromMs: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), toMs: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
