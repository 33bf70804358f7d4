// A position in one camera's recordings: the frame shown now, and the way to the one before or
// after it, across Clusters and segments. Playback sessions, thumbnails and `camwall frame` all
// move through recordings with it. Every frame is a JPEG, so a position is exact: seeking
// decodes nothing, and stepping moves by exactly one recorded frame.
import { SegmentReader, type RecordedFrame } from './segment-reader.ts';

/** One segment of a camera as a catalog lists it. */
export type CatalogSegment = {
  /** Absolute path of the file. */
  path: string;
  /** Wall-clock ms (UTC) of the segment's first frame. */
  startMs: number;
};

/** Where a camera's segments are: the registry's index in the app, the folder itself in the CLI. */
export interface SegmentCatalog {
  /** The segment starting at or before `atMs` (the latest such start). */
  atOrBefore(cameraId: string, atMs: number): CatalogSegment | null;
  /** The first segment starting after `startMs`. */
  after(cameraId: string, startMs: number): CatalogSegment | null;
  /** The last segment starting before `startMs`. */
  before(cameraId: string, startMs: number): CatalogSegment | null;
}

export type PlayedFrame = {
  /** Wall-clock capture time, ms since the epoch (UTC). */
  atMs: number;
  /** The JPEG exactly as recorded; a view into a read buffer: copy it before keeping it. */
  jpeg: Buffer;
  width: number;
  height: number;
  /** The segment file it came from. */
  path: string;
};

/** Why a segment could not be read: the cursor skips it and reports here. */
export type SkippedSegment = { path: string; reason: string };

type Position = { segment: CatalogSegment; reader: SegmentReader; cluster: number; frames: RecordedFrame[]; index: number };

export class FrameCursor {
  readonly cameraId: string;
  readonly #catalog: SegmentCatalog;
  readonly #onSkip: (skipped: SkippedSegment) => void;
  #at: Position | null = null;

  constructor(catalog: SegmentCatalog, cameraId: string, onSkip: (skipped: SkippedSegment) => void = () => {}) {
    this.#catalog = catalog;
    this.cameraId = cameraId;
    this.#onSkip = onSkip;
  }

  /** The frame the cursor is on, or null before the first seek or after running off the end. */
  get current(): PlayedFrame | null {
    const at = this.#at;
    return at ? this.#played(at) : null;
  }

  /** Moves to the last frame captured at or before `atMs`; null when nothing was recorded before it. */
  async seek(atMs: number): Promise<PlayedFrame | null> {
    let segment = this.#catalog.atOrBefore(this.cameraId, atMs);
    while (segment) {
      const found = await this.#seekIn(segment, atMs);
      if (found) return found;
      // Unreadable, empty, or its first frame is after `atMs`: the segment before holds the answer.
      segment = this.#catalog.before(this.cameraId, segment.startMs);
    }
    await this.#leave();
    return null;
  }

  /** Moves to the first frame captured at or after `atMs` (the nearest recording after a gap). */
  async seekAfter(atMs: number): Promise<PlayedFrame | null> {
    const before = await this.seek(atMs);
    if (before && before.atMs >= atMs) return before;
    if (before) return this.next();
    // Nothing before: the first segment after.
    let segment = this.#catalog.after(this.cameraId, atMs);
    while (segment) {
      const position = await this.#enter(segment, 'first');
      if (position) {
        this.#at = position;
        return this.#played(position);
      }
      segment = this.#catalog.after(this.cameraId, segment.startMs);
    }
    return null;
  }

  /** The next recorded frame, across Clusters and segments; null at the newest frame written. */
  async next(): Promise<PlayedFrame | null> {
    const at = this.#at;
    if (!at) return null;
    if (at.index + 1 < at.frames.length) {
      at.index += 1;
      return this.#played(at);
    }
    for (let cluster = at.cluster + 1; cluster < at.reader.clusters.length; cluster++) {
      if (await this.#load(at, cluster, 'first')) return this.#played(at);
    }
    if (!at.reader.finished) {
      // The segment being written: its last Cluster may have grown, or new ones begun.
      await at.reader.refresh();
      const last = at.reader.clusters.length - 1;
      const seen = at.frames[at.index]?.timeMs ?? -1;
      for (let cluster = at.cluster; cluster <= last; cluster++) {
        const { frames } = await at.reader.readCluster(cluster);
        const index = frames.findIndex((f) => f.timeMs > seen);
        if (index >= 0) {
          Object.assign(at, { cluster, frames, index });
          return this.#played(at);
        }
      }
    }
    let segment = this.#catalog.after(this.cameraId, at.segment.startMs);
    while (segment) {
      const position = await this.#enter(segment, 'first');
      if (position) {
        await at.reader.close();
        this.#at = position;
        return this.#played(position);
      }
      segment = this.#catalog.after(this.cameraId, segment.startMs);
    }
    return null;
  }

  /** The recorded frame before the current one; null at the oldest. */
  async previous(): Promise<PlayedFrame | null> {
    const at = this.#at;
    if (!at) return null;
    if (at.index > 0) {
      at.index -= 1;
      return this.#played(at);
    }
    for (let cluster = at.cluster - 1; cluster >= 0; cluster--) {
      if (await this.#load(at, cluster, 'last')) return this.#played(at);
    }
    let segment = this.#catalog.before(this.cameraId, at.segment.startMs);
    while (segment) {
      const position = await this.#enter(segment, 'last');
      if (position) {
        await at.reader.close();
        this.#at = position;
        return this.#played(position);
      }
      segment = this.#catalog.before(this.cameraId, segment.startMs);
    }
    return null;
  }

  /**
   * Jumps to the frame at or before `atMs` when it is far from here, or walks to it frame by
   * frame when it is close (inside the Cluster in hand): fast play calls this with its target.
   */
  async moveTo(atMs: number): Promise<PlayedFrame | null> {
    const at = this.#at;
    if (at) {
      const first = at.frames[0];
      const last = at.frames[at.frames.length - 1];
      const rel = atMs - at.segment.startMs;
      const nextCluster = at.reader.clusters[at.cluster + 1];
      if (first && last && rel >= first.timeMs && (rel <= last.timeMs || (nextCluster !== undefined && rel < nextCluster.timeMs))) {
        at.index = lastAtOrBefore(at.frames, rel);
        return this.#played(at);
      }
    }
    return this.seek(atMs);
  }

  /**
   * When the frame after the current one was captured, as far as the Cluster in hand tells
   * (the next Cluster's start at its end, the next segment's start at the segment's end); null
   * when unknown (the newest frame of the segment being written). For pacing, without reading.
   */
  nextTimeHint(): number | null {
    const at = this.#at;
    if (!at) return null;
    const next = at.frames[at.index + 1] ?? at.reader.clusters[at.cluster + 1];
    if (next) return at.segment.startMs + next.timeMs;
    // The last frame of a finished segment: the next segment's first frame (a rotation).
    return at.reader.finished ? (this.#catalog.after(this.cameraId, at.segment.startMs)?.startMs ?? null) : null;
  }

  /** When the frame before the current one was captured, as far as the Cluster in hand tells. */
  previousTimeHint(): number | null {
    const at = this.#at;
    if (!at) return null;
    const previous = at.frames[at.index - 1];
    return previous ? at.segment.startMs + previous.timeMs : null;
  }

  async close(): Promise<void> {
    await this.#leave();
  }

  async #seekIn(segment: CatalogSegment, atMs: number): Promise<PlayedFrame | null> {
    let reader: SegmentReader;
    const current = this.#at;
    if (current && current.segment.path === segment.path) {
      reader = current.reader;
    } else {
      const opened = await this.#open(segment);
      if (!opened) return null;
      reader = opened;
    }
    const rel = atMs - segment.startMs;
    let cluster = lastAtOrBefore(reader.clusters, rel);
    if (cluster < 0 || (!reader.finished && cluster === reader.clusters.length - 1)) {
      await reader.refresh();
      cluster = lastAtOrBefore(reader.clusters, rel);
    }
    for (; cluster >= 0; cluster--) {
      const { frames } = await reader.readCluster(cluster);
      const index = lastAtOrBefore(frames, rel);
      if (index >= 0) {
        if (current && current.reader !== reader) await current.reader.close();
        this.#at = { segment, reader, cluster, frames, index };
        return this.#played(this.#at);
      }
    }
    if (!current || current.reader !== reader) await reader.close();
    return null;
  }

  /** Opens `segment` on its first or last frame; null (reported) when it has none to give. */
  async #enter(segment: CatalogSegment, end: 'first' | 'last'): Promise<Position | null> {
    const reader = await this.#open(segment);
    if (!reader) return null;
    const position: Position = { segment, reader, cluster: -1, frames: [], index: -1 };
    const count = reader.clusters.length;
    for (let i = 0; i < count; i++) {
      const cluster = end === 'first' ? i : count - 1 - i;
      if (await this.#load(position, cluster, end)) return position;
    }
    await reader.close();
    return null;
  }

  async #load(position: Position, cluster: number, end: 'first' | 'last'): Promise<boolean> {
    const { frames } = await position.reader.readCluster(cluster);
    if (frames.length === 0) return false;
    position.cluster = cluster;
    position.frames = frames;
    position.index = end === 'first' ? 0 : frames.length - 1;
    return true;
  }

  async #open(segment: CatalogSegment): Promise<SegmentReader | null> {
    try {
      return await SegmentReader.open(segment.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.#onSkip({ path: segment.path, reason: code === 'ENOENT' ? 'the file was deleted (retention, or by hand)' : error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  async #leave(): Promise<void> {
    const at = this.#at;
    this.#at = null;
    await at?.reader.close();
  }

  #played(at: Position): PlayedFrame {
    const frame = at.frames[at.index]!;
    return { atMs: at.segment.startMs + frame.timeMs, jpeg: frame.jpeg, width: at.reader.header.width, height: at.reader.header.height, path: at.segment.path };
  }
}

/** Index of the last item whose `timeMs` is at or before `rel` (items sorted by time), or -1. */
function lastAtOrBefore(items: readonly { timeMs: number }[], rel: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.timeMs <= rel) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
