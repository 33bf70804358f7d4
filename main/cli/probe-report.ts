// What `camwall probe` found, as the JSON object of `--json` and as a few readable lines.
import type { AuthScheme } from '../stream/auth/authenticator.ts';

export interface ProbeReport {
  /** The URL probed; it never holds credentials (probe refuses URLs that do). */
  url: string;
  status: number | null;
  httpVersion: string | null;
  contentType: string | null;
  boundary: string | null;
  /** The Content-Type did not announce MJPEG/JPEG; the framing was read from the body's first bytes. */
  framingFromBody: boolean;
  authScheme: AuthScheme | null;
  /** Whole JPEG frames delivered (at most --frames). */
  frames: number;
  /** Body bytes received. */
  bytes: number;
  /** Of the last frame that had a readable SOF marker. */
  width: number | null;
  height: number | null;
  /** Between the first and the last frame; null below two frames or when they came within MIN_FPS_SPAN_MS (a burst). */
  fps: number | null;
  /** Body bits over the whole run, request to end. */
  kbitps: number | null;
  durationMs: number;
  /** Parts the parser refused (not JPEG, truncated, too large, lying length). */
  rejected: number;
  /** Times the parser lost the boundary and searched for the next one. */
  resyncs: number;
  errors: string[];
}

/**
 * fps is reported only when the frames span at least this long: a camera that sends what it has
 * buffered in one burst (a few ms at network speed) would otherwise show thousands of frames a
 * second.
 */
export const MIN_FPS_SPAN_MS = 100;

/** Frames per second between the first and the last frame; null below two frames or for a burst. */
export function frameRate(frames: number, firstFrameAt: number, lastFrameAt: number): number | null {
  const spanMs = lastFrameAt - firstFrameAt;
  if (frames < 2 || spanMs < MIN_FPS_SPAN_MS) return null;
  return Math.round(((frames - 1) / (spanMs / 1000)) * 100) / 100;
}

export function probeSummaryLines(r: ProbeReport, describeScheme: (s: AuthScheme) => string, saveDir: string | undefined): string[] {
  const lines = [r.url];
  if (r.status !== null) {
    const parts = [`HTTP ${r.status}${r.httpVersion ? ` (HTTP/${r.httpVersion})` : ''}`];
    if (r.contentType) parts.push(r.contentType);
    if (r.framingFromBody) parts.push(r.boundary ? `boundary ${r.boundary} read from the body` : 'a JPEG by its first bytes');
    if (r.authScheme) parts.push(`auth: ${describeScheme(r.authScheme)}`);
    lines.push(`  ${parts.join(', ')}`);
  }
  const size = r.width !== null && r.height !== null ? `${r.width}x${r.height}` : 'size unknown';
  const rate = [r.fps === null ? (r.frames >= 2 ? 'rate unknown (the frames came in one burst)' : null) : `${r.fps} fps`, r.kbitps === null ? null : `${r.kbitps} kbit/s`].filter(Boolean).join(', ');
  lines.push(`  ${r.frames} frame${r.frames === 1 ? '' : 's'}, ${size}${rate ? `, ${rate}` : ''}, ${r.bytes} bytes in ${(r.durationMs / 1000).toFixed(1)} s`);
  if (r.rejected > 0 || r.resyncs > 0) lines.push(`  ${r.rejected} part(s) rejected, ${r.resyncs} resync(s)`);
  if (saveDir !== undefined && r.frames > 0) lines.push(`  saved ${r.frames} frame(s) in ${saveDir}`);
  for (const e of r.errors) lines.push(`  ! ${e}`);
  return lines;
}
