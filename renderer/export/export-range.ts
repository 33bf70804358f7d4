// What the export dialog starts from, as pure rules: the range from the in and out marks and the
// playhead, and the cameras it offers first. The formats' one-line notes live here too, so the
// dialog and the Exports view say the same thing.
import type { ExportFormat } from '../../shared/api/index.ts';

/** The in and out marks on the timeline (UTC ms), either or both unset. */
export type Marks = { inMs: number | null; outMs: number | null };

export const NO_MARKS: Marks = { inMs: null, outMs: null };

/** The range offered when a mark is missing: this long before the out mark (or the playhead), or after the in mark. */
export const DEFAULT_EXPORT_MS = 60_000;

export const FORMAT_NOTES: Record<ExportFormat, string> = {
  avi: 'AVI plays in Windows and VLC; its timing is rounded to the frame rate.',
  mov: 'MOV plays in QuickTime, with every frame at its exact time.',
  mkv: 'MKV keeps every frame at its exact time; for VLC and mpv.',
};

/** Sets the in (or out) mark at `atMs`; a mark that would then be on the wrong side of the other drops the other. */
export function setMark(marks: Marks, which: 'in' | 'out', atMs: number): Marks {
  const at = Math.round(atMs);
  if (which === 'in') return { inMs: at, outMs: marks.outMs !== null && marks.outMs > at ? marks.outMs : null };
  return { inMs: marks.inMs !== null && marks.inMs < at ? marks.inMs : null, outMs: at };
}

/** The range [fromMs, toMs) the dialog starts with: the marks, filled in from the playhead, never empty. */
export function exportRange(marks: Marks, playheadMs: number): { fromMs: number; toMs: number } {
  const at = Math.round(playheadMs);
  if (marks.inMs !== null && marks.outMs !== null) return { fromMs: marks.inMs, toMs: marks.outMs };
  if (marks.inMs !== null) return { fromMs: marks.inMs, toMs: at > marks.inMs ? at : marks.inMs + DEFAULT_EXPORT_MS };
  const toMs = marks.outMs ?? at;
  return { fromMs: toMs - DEFAULT_EXPORT_MS, toMs };
}
