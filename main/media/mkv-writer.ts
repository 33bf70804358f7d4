// Writes one Matroska segment: one SimpleBlock per JPEG, appended as it arrives, in Clusters that
// are closed, size-patched and data-synced about once a second. The file is playable up to its
// last whole frame at every moment; finish() adds Cues, SeekHead, Duration and the Segment size.
import type { RecordingFs } from '../base/recording-fs.ts';
import {
  BLOCK_HEADER_BYTES, MAX_FRAME_BYTES, buildHeader, clusterHeader, finalize, patchClusterSize, writeAll, writeBlockHeader,
  type CuePoint, type HeaderLayout,
} from './mkv-layout.ts';

/** A Cluster is closed (and the file synced) once it spans this much time... */
export const CLUSTER_MAX_MS = 1000;
/** ...or holds this many bytes... */
export const CLUSTER_MAX_BYTES = 2 * 1024 * 1024;
/** ...or before a block's timestamp relative to the Cluster would overflow its signed 16 bits. */
export const CLUSTER_MAX_RELATIVE_MS = 32767;

/** What is durable after a Cluster close: the index row is updated from this. */
export type SyncPoint = { syncedOffset: number; frames: number; lastFrameMs: number };

/**
 * Where Cluster syncs report when they run in the background (off the thread writing the frames):
 * `onSynced` after each sync that completed, `onError` when one failed. Neither is called after
 * finish() or abandon().
 */
export type BackgroundSync = { onSynced(point: SyncPoint): void; onError(error: Error): void };

export type SegmentTotals = { frames: number; bytes: number; durationMs: number; lastFrameMs: number };

export class MkvWriter {
  readonly path: string;
  readonly #fs: RecordingFs;
  readonly #fd: number;
  readonly #layout: HeaderLayout;
  readonly #cues: CuePoint[] = [];
  #offset: number;
  #clusterPos = -1;
  #clusterStartMs = 0;
  #frames = 0;
  #lastFrameMs = -1;
  #previousFrameMs = -1;
  #synced: SyncPoint;
  #closed = false;
  /** Refilled for every frame: writes are synchronous, so the kernel has copied it before the next. */
  readonly #blockHeader = Buffer.alloc(BLOCK_HEADER_BYTES);
  readonly #background: BackgroundSync | undefined;
  /** A background sync is running; the descriptor stays open until it ends. */
  #syncing = false;
  /** A Cluster closed while a sync was running: the point to sync next (only the newest matters). */
  #nextSync: SyncPoint | undefined;
  #descriptorClosed!: () => void;

  /**
   * Creates the file (it must not exist) and writes the header. With `background`, Cluster syncs
   * run off this thread and report there; writeFrame() and flush() then return undefined.
   */
  constructor(fs: RecordingFs, path: string, opts: { width: number; height: number; startWallMs: number; background?: BackgroundSync }) {
    this.path = path;
    this.#fs = fs;
    this.#background = opts.background;
    this.closed = new Promise((resolve) => { this.#descriptorClosed = resolve; });
    const { bytes, layout } = buildHeader(opts);
    this.#layout = layout;
    this.#fd = fs.createExclusive(path);
    try {
      writeAll(fs, this.#fd, [bytes], 0);
    } catch (error) {
      fs.close(this.#fd);
      throw error;
    }
    this.#offset = bytes.length;
    this.#synced = { syncedOffset: layout.end, frames: 0, lastFrameMs: 0 };
  }

  get bytes(): number { return this.#offset; }
  get frames(): number { return this.#frames; }
  get lastFrameMs(): number { return this.#lastFrameMs; }
  get synced(): SyncPoint { return this.#synced; }

  /**
   * Appends one JPEG at `timeMs` since the segment start (a frame at or before the previous one
   * is placed 1 ms after it). Returns the new sync
   * point when this call closed and synced a Cluster first.
   */
  writeFrame(jpeg: Uint8Array, timeMs: number): SyncPoint | undefined {
    if (this.#closed) throw new Error(`segment ${this.path} is already closed; start a new one`);
    if (jpeg.byteLength > MAX_FRAME_BYTES) throw new RangeError(`frame of ${jpeg.byteLength} bytes exceeds the ${MAX_FRAME_BYTES}-byte block limit`);
    // Strictly increasing: frames parsed from one network read can share a millisecond, and
    // players (ffmpeg's muxers among them) reject two packets with the same timestamp.
    const t = Math.max(Math.round(timeMs), this.#lastFrameMs + 1);
    let synced: SyncPoint | undefined;
    if (this.#clusterPos >= 0 && this.#clusterIsDue(t, jpeg.byteLength)) synced = this.#closeCluster();
    const opensCluster = this.#clusterPos < 0;
    const header = opensCluster ? clusterHeader(t) : undefined;
    const clusterStartMs = opensCluster ? t : this.#clusterStartMs;
    const block = this.#blockHeader;
    writeBlockHeader(block, jpeg.byteLength, t - clusterStartMs);
    // One write per frame: a crash leaves either the whole block or a tail recovery cuts off.
    writeAll(this.#fs, this.#fd, header ? [header, block, jpeg] : [block, jpeg], this.#offset);
    if (header) {
      this.#clusterPos = this.#offset;
      this.#clusterStartMs = t;
      this.#cues.push({ timeMs: t, clusterPos: this.#offset });
    }
    this.#offset += (header?.length ?? 0) + BLOCK_HEADER_BYTES + jpeg.byteLength;
    this.#frames++;
    this.#previousFrameMs = this.#lastFrameMs;
    this.#lastFrameMs = t;
    return synced;
  }

  /** Closes and syncs the open Cluster (if any) so everything written so far is durable. */
  flush(): SyncPoint | undefined {
    return this.#clusterPos >= 0 ? this.#closeCluster() : undefined;
  }

  /** Resolves once the descriptor is closed: after finish() or abandon() and any background sync still running. */
  readonly closed: Promise<void>;

  /** Finishes the file: last Cluster closed, Cues, SeekHead, Duration, Segment size, sync. */
  finish(): SegmentTotals {
    if (this.#closed) throw new Error(`segment ${this.path} is already closed`);
    try {
      if (this.#clusterPos >= 0) this.#closeCluster(false);
      const interval = this.#previousFrameMs >= 0 ? this.#lastFrameMs - this.#previousFrameMs : 0;
      const durationMs = Math.max(this.#lastFrameMs, 0) + interval;
      this.#offset = finalize(this.#fs, this.#fd, this.#layout, this.#cues, this.#offset, durationMs);
      return { frames: this.#frames, bytes: this.#offset, durationMs, lastFrameMs: this.#lastFrameMs };
    } finally {
      this.#release();
    }
  }

  /**
   * Gives up on the file after a write error: cuts any partial block off and closes the
   * descriptor, leaving the file for recovery (which appends the index). Never throws.
   */
  abandon(): void {
    if (this.#closed) return;
    try { this.#fs.ftruncate(this.#fd, this.#offset); } catch { /* recovery cuts the tail instead */ }
    this.#release();
  }

  #clusterIsDue(t: number, frameBytes: number): boolean {
    const span = t - this.#clusterStartMs;
    return span >= CLUSTER_MAX_MS || span > CLUSTER_MAX_RELATIVE_MS ||
      this.#offset - this.#clusterPos + BLOCK_HEADER_BYTES + frameBytes > CLUSTER_MAX_BYTES;
  }

  #closeCluster(sync = true): SyncPoint | undefined {
    patchClusterSize(this.#fs, this.#fd, this.#clusterPos, this.#offset);
    this.#clusterPos = -1;
    if (!sync) return this.#synced;
    const point = { syncedOffset: this.#offset, frames: this.#frames, lastFrameMs: this.#lastFrameMs };
    if (this.#background) {
      if (this.#syncing) this.#nextSync = point;
      else this.#syncInBackground(point);
      return undefined;
    }
    this.#fs.fdatasync(this.#fd);
    this.#synced = point;
    return point;
  }

  /** Everything up to `point` was written before the sync starts, so the sync covers it. */
  #syncInBackground(point: SyncPoint): void {
    this.#syncing = true;
    this.#fs.fdatasyncInBackground(this.#fd, (error) => {
      // #syncing stays set while the callbacks run: one may finish() or abandon() this writer,
      // and the descriptor must then be closed here, once.
      if (!this.#closed) {
        if (error) {
          this.#nextSync = undefined;
          this.#background!.onError(error);
        } else {
          this.#synced = point;
          this.#background!.onSynced(point);
        }
      }
      this.#syncing = false;
      const next = this.#nextSync;
      this.#nextSync = undefined;
      if (this.#closed) this.#closeDescriptor();
      else if (next) this.#syncInBackground(next);
    });
  }

  #release(): void {
    this.#closed = true;
    this.#nextSync = undefined;
    // A running background sync still uses the descriptor: it is closed when that sync ends.
    if (!this.#syncing) this.#closeDescriptor();
  }

  #closeDescriptor(): void {
    try { this.#fs.close(this.#fd); } catch { /* already closed: nothing left to release */ }
    this.#descriptorClosed();
  }
}
