// Exports one camera's recordings over [fromMs, toMs) into one clip file: the frames come from a
// FrameCursor (across segments, the one being written up to its newest frame, damaged parts
// skipped), go unchanged into the chosen container, and the finished file is hashed for the
// manifest. Cancel and write errors (a full disk) remove the partial file; the recordings are
// only read, never touched.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { FRAME_HOLD_MS } from '../playback/frame-at.ts';
import { FrameCursor, type PlayedFrame, type SegmentCatalog } from '../playback/frame-cursor.ts';
import type { ClipFile, ClipFormat, ClipInfo, ClipWriter, TimingReport } from './clip-writer.ts';
import { MkvClipWriter } from './mkv-clip.ts';

/** Frames looked at before writing, to learn the camera's nominal frame interval (AVI needs one). */
export const NOMINAL_SAMPLE_FRAMES = 50;
/** Progress is reported at most this often (in frames). */
const PROGRESS_EVERY_FRAMES = 100;

export type ClipWriterFactory = (format: ClipFormat, file: ClipFile, info: ClipInfo) => ClipWriter;

export type ExportSpan = { fromMs: number; toMs: number };

export type ExportedClip = {
  format: ClipFormat;
  frames: number;
  bytes: number;
  firstFrameMs: number;
  lastFrameMs: number;
  width: number;
  height: number;
  /** Stretches longer than FRAME_HOLD_MS without a frame, inside the clip. */
  gaps: ExportSpan[];
  timing: TimingReport;
  /** The segment files the frames came from, in order. */
  sources: string[];
  sha256: string;
};

export type ExportProgress = { fraction: number; frames: number; bytes: number };

export class NothingRecordedError extends Error {
  override name = 'NothingRecordedError';
}

export class ExportCancelledError extends Error {
  override name = 'ExportCancelledError';
}

export type ExportClipOptions = {
  catalog: SegmentCatalog;
  cameraId: string;
  title: string;
  fromMs: number;
  toMs: number;
  format: ClipFormat;
  /** Opens the output file (created exclusively). */
  open(): ClipFile & { path: string };
  writers: ClipWriterFactory;
  /** The capture time as players show it (the caption track). */
  caption(atMs: number): string;
  onProgress?(progress: ExportProgress): void;
  signal?: AbortSignal;
};

/** The writers Camwall has; avi and mov come from their modules when they are present. */
export function defaultWriters(extra: Partial<Record<ClipFormat, (file: ClipFile, info: ClipInfo) => ClipWriter>> = {}): ClipWriterFactory {
  return (format, file, info) => {
    if (format === 'mkv') return new MkvClipWriter(file, info);
    const make = extra[format];
    if (!make) throw new Error(`exporting to ${format} is not available in this build`);
    return make(file, info);
  };
}

export async function exportClip(options: ExportClipOptions): Promise<ExportedClip> {
  const { fromMs, toMs } = options;
  const nominalIntervalMs = await nominalInterval(options.catalog, options.cameraId, fromMs, toMs);
  const cursor = new FrameCursor(options.catalog, options.cameraId);
  let writer: ClipWriter | null = null;
  let file: (ClipFile & { path: string }) | null = null;
  try {
    let frame = await cursor.seekAfter(fromMs);
    if (!frame || frame.atMs >= toMs) throw new NothingRecordedError(`camera ${options.cameraId} recorded nothing from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}`);
    const first = frame;
    file = options.open();
    writer = options.writers(options.format, file, { width: first.width, height: first.height, startWallMs: first.atMs, title: options.title, nominalIntervalMs });
    const gaps: ExportSpan[] = [];
    const sources: string[] = [];
    let frames = 0;
    let last: PlayedFrame = first;
    while (frame && frame.atMs < toMs) {
      if (options.signal?.aborted) throw new ExportCancelledError('the export was cancelled');
      if (frames > 0 && frame.atMs - last.atMs > FRAME_HOLD_MS) gaps.push({ fromMs: last.atMs, toMs: frame.atMs });
      if (sources[sources.length - 1] !== frame.path) sources.push(frame.path);
      writer.addFrame(frame.jpeg, frame.atMs - first.atMs, options.caption(frame.atMs));
      frames += 1;
      last = frame;
      if (frames % PROGRESS_EVERY_FRAMES === 0) {
        options.onProgress?.({ fraction: (frame.atMs - fromMs) / (toMs - fromMs), frames, bytes: file.size });
        // Let the event loop breathe: an hour of four cameras is a long loop of synchronous writes.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      frame = await cursor.next();
    }
    const timing = writer.finish();
    const bytes = file.size;
    options.onProgress?.({ fraction: 1, frames, bytes });
    const sha256 = await hashFile(file.path);
    return { format: options.format, frames, bytes, firstFrameMs: first.atMs, lastFrameMs: last.atMs, width: first.width, height: first.height, gaps, timing, sources, sha256 };
  } catch (error) {
    if (writer) writer.abort();
    else file?.remove();
    throw error;
  } finally {
    await cursor.close();
  }
}

/**
 * Bytes read at a time to hash a finished clip. Large reads keep the read-back of an hour of
 * video to a few thousand trips through the thread pool (64 KiB stream chunks made it tens of
 * thousands, each a wait on a busy machine, and a fresh buffer each for the collector).
 */
export const HASH_READ_BYTES = 1024 * 1024;

/** SHA-256 of a file, hex: two buffers, so the next read runs while this one is hashed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    let current = Buffer.allocUnsafe(HASH_READ_BYTES);
    let next = Buffer.allocUnsafe(HASH_READ_BYTES);
    let position = 0;
    let reading = file.read(current, 0, HASH_READ_BYTES, position);
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      position += bytesRead;
      reading = file.read(next, 0, HASH_READ_BYTES, position);
      hash.update(current.subarray(0, bytesRead));
      [current, next] = [next, current];
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** The median interval between the first frames of the range, rounded to whole ms; 100 ms (10 fps) when unknown. */
async function nominalInterval(catalog: SegmentCatalog, cameraId: string, fromMs: number, toMs: number): Promise<number> {
  const cursor = new FrameCursor(catalog, cameraId);
  try {
    const times: number[] = [];
    for (let f = await cursor.seekAfter(fromMs); f && f.atMs < toMs && times.length < NOMINAL_SAMPLE_FRAMES; f = await cursor.next()) times.push(f.atMs);
    const intervals = times.slice(1).map((t, i) => t - times[i]!).filter((d) => d > 0 && d <= FRAME_HOLD_MS).sort((a, b) => a - b);
    return intervals.length === 0 ? 100 : Math.max(1, Math.round(intervals[Math.floor(intervals.length / 2)]!));
  } finally {
    await cursor.close();
  }
}
