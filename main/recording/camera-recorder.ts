// Records one camera into rotating segments: picks the path, keeps the index row in step with
// what is durable, rotates by duration, size, resolution change and wall-clock jump, and turns
// disk errors into a visible error state that retries by itself. Runs inside a worker (file
// calls are synchronous); pushFrame never throws, so live view goes on whatever the disk does.
import { dirname, join } from 'node:path';
import type { Clock } from '../base/clock.ts';
import type { LoggedEvent, RecorderEvent, RecorderFailureCode } from '../stream/frame-sink.ts';
import { MkvWriter, type BackgroundSync, type SyncPoint } from '../media/mkv-writer.ts';
import { nodeRecordingFs, type RecordingFs } from '../base/recording-fs.ts';
import { repairFile } from './recovery.ts';
import type { SegmentIndex } from './segment-index.ts';
import { MAX_NAME_COLLISIONS, segmentPathCandidates, staggerFraction } from './segment-paths.ts';

export const DEFAULT_SEGMENT_MS = 300_000;
export const DEFAULT_SEGMENT_BYTES = 1024 ** 3;
/** Smallest segment limits accepted (anything shorter is a configuration mistake). */
export const MIN_SEGMENT_MS = 1000;
export const MIN_SEGMENT_BYTES = 1024 * 1024;
/** The first segment is cut short by up to this share of the limit, by a hash of the camera id. */
export const MAX_STAGGER_SHARE = 0.9;
/** Wall and monotonic time drifting apart by more than this between two frames starts a segment. */
export const WALL_JUMP_MS = 2000;
/** After a disk error, the next attempt waits this long (or for resume()). */
export const RETRY_AFTER_ERROR_MS = 10_000;
/** Room kept for the Cues and a block header when checking the size limit. */
const SIZE_HEADROOM_BYTES = 64 * 1024;

export type RotationPolicy = { maxSegmentMs: number; maxSegmentBytes: number };


export type RecorderState = {
  status: 'idle' | 'recording' | 'error' | 'closed';
  /** Relative path of the segment being written. */
  segmentPath: string | undefined;
  framesWritten: number;
  bytesWritten: number;
  segmentsFinished: number;
  /** Frames not recorded because the recorder was in error. */
  framesDropped: number;
  error: { message: string; code: string | undefined; atMs: number } | undefined;
};

export type CameraRecorderOptions = {
  cameraId: string;
  /** The recordings root; segments go under <root>/<camera-id>/. */
  root: string;
  index: SegmentIndex;
  clock: Clock;
  fs?: RecordingFs;
  rotation?: Partial<RotationPolicy>;
  /** Structured reports: segments started and finished, a failure (once per outage), resumed. */
  onEvent?: (event: RecorderEvent) => void;
  /**
   * Data-sync each closed Cluster off this thread (the index row follows when the sync ends)
   * instead of waiting for the disk here. On for a worker that also receives cameras: a sync takes
   * milliseconds to tens of them, and 64 cameras a worker means 64 syncs a second.
   */
  syncInBackground?: boolean;
};

type OpenSegment = {
  id: number;
  path: string;
  writer: MkvWriter;
  startWallMs: number;
  startMonoMs: number;
  limitMs: number;
  width: number;
  height: number;
};

export class CameraRecorder {
  readonly cameraId: string;
  readonly #root: string;
  readonly #index: SegmentIndex;
  readonly #clock: Clock;
  readonly #fs: RecordingFs;
  readonly #rotation: RotationPolicy;
  readonly #onEvent: (event: RecorderEvent) => void;
  readonly #syncInBackground: boolean;
  /** Writers whose background sync may still hold their descriptor; close() waits for them. */
  readonly #unsettled = new Set<MkvWriter>();
  #segment: OpenSegment | undefined;
  #first = true;
  #last: { wallMs: number; monoMs: number } | undefined;
  /** A segment left by an error, to be repaired before the next one starts. */
  #abandoned: { id: number; path: string; syncedOffset: number } | undefined;
  #retryAtMono = 0;
  /** Set after an error until a frame is written again: only then is it "resumed". */
  #resuming = false;
  #state: RecorderState = {
    status: 'idle', segmentPath: undefined, framesWritten: 0, bytesWritten: 0, segmentsFinished: 0, framesDropped: 0, error: undefined,
  };

  constructor(opts: CameraRecorderOptions) {
    this.cameraId = opts.cameraId;
    this.#root = opts.root;
    this.#index = opts.index;
    this.#clock = opts.clock;
    this.#fs = opts.fs ?? nodeRecordingFs;
    this.#rotation = {
      maxSegmentMs: Math.max(opts.rotation?.maxSegmentMs ?? DEFAULT_SEGMENT_MS, MIN_SEGMENT_MS),
      maxSegmentBytes: Math.max(opts.rotation?.maxSegmentBytes ?? DEFAULT_SEGMENT_BYTES, MIN_SEGMENT_BYTES),
    };
    this.#onEvent = opts.onEvent ?? (() => {});
    this.#syncInBackground = opts.syncInBackground ?? false;
  }

  state(): RecorderState {
    return { ...this.#state };
  }

  /** Records one frame. Never throws: a disk error puts the recorder in its error state. */
  pushFrame(jpeg: Uint8Array, receivedAtWallMs: number, monoMs: number, width: number, height: number): void {
    if (this.#state.status === 'closed') return;
    if (this.#state.status === 'error') {
      if (monoMs < this.#retryAtMono || !this.#tryResume()) {
        this.#state.framesDropped++;
        return;
      }
    }
    try {
      const segment = this.#segment;
      if (segment && this.#mustRotate(segment, jpeg.byteLength, receivedAtWallMs, monoMs, width, height)) this.#finishSegment();
      const target = this.#segment ?? this.#startSegment(receivedAtWallMs, monoMs, width, height);
      const synced = target.writer.writeFrame(jpeg, monoMs - target.startMonoMs);
      if (synced) this.#recordProgress(target, synced);
      if (this.#resuming) this.#announceResumed();
      this.#state.framesWritten++;
      this.#state.bytesWritten = target.writer.bytes;
      this.#last = { wallMs: receivedAtWallMs, monoMs };
    } catch (error) {
      this.#fail(error, monoMs);
      this.#state.framesDropped++;
    }
  }

  /** Makes everything written so far durable and updates the index (call when frames pause). */
  flush(): void {
    const segment = this.#segment;
    if (!segment || this.#state.status !== 'recording') return;
    try {
      const synced = segment.writer.flush();
      if (synced) this.#recordProgress(segment, synced);
    } catch (error) {
      this.#fail(error, this.#clock.monotonic());
    }
  }

  /** Retry at the next frame instead of waiting (e.g. after retention freed space). */
  resume(): void {
    this.#retryAtMono = 0;
  }

  /**
   * Finishes the current segment (status complete) and stays open: the next frame starts a new
   * one. Recording on motion calls it when the post-roll is over, so a gap between two motions is
   * a gap between segments, not a stretch inside one. Never throws, like pushFrame.
   */
  endSegment(): void {
    if (!this.#segment || this.#state.status !== 'recording') return;
    try {
      this.#finishSegment();
      this.#last = undefined;
    } catch (error) {
      this.#fail(error, this.#clock.monotonic());
    }
  }

  /** Finishes the current segment; later frames are ignored. */
  async close(): Promise<void> {
    if (this.#state.status === 'closed') return;
    const open = this.#segment;
    if (open) {
      try {
        this.#finishSegment();
      } catch (error) {
        this.#fail(error, this.#clock.monotonic());
      }
      // The counterpart of recording.started: rotations log neither, only a start and a stop do.
      const logged = this.#log({ atMs: this.#clock.now(), kind: 'recording.stopped', message: `Recording camera ${this.cameraId} stopped; the last segment is ${open.path}` }, false);
      this.#onEvent({ cameraId: this.cameraId, code: 'stopped', path: open.path, ...(logged ? { logged } : {}) });
    }
    this.#state.status = 'closed';
    this.#state.segmentPath = undefined;
    await Promise.all([...this.#unsettled].map((w) => w.closed));
  }

  #mustRotate(s: OpenSegment, frameBytes: number, wallMs: number, monoMs: number, width: number, height: number): boolean {
    if (width !== s.width || height !== s.height) return true;
    if (monoMs - s.startMonoMs >= s.limitMs) return true;
    if (s.writer.bytes + frameBytes + SIZE_HEADROOM_BYTES > this.#rotation.maxSegmentBytes) return true;
    const last = this.#last;
    return last !== undefined && Math.abs((wallMs - last.wallMs) - (monoMs - last.monoMs)) > WALL_JUMP_MS;
  }

  #startSegment(wallMs: number, monoMs: number, width: number, height: number): OpenSegment {
    const { maxSegmentMs } = this.#rotation;
    const limitMs = this.#first ? maxSegmentMs * (1 - MAX_STAGGER_SHARE * staggerFraction(this.cameraId)) : maxSegmentMs;
    for (const path of segmentPathCandidates(this.cameraId, wallMs)) {
      const file = join(this.#root, path);
      if (this.#index.byPath(path) || this.#fs.exists(file)) continue;
      this.#fs.mkdirp(dirname(file));
      // The row comes first: a file never exists without a row pointing at it (see docs/recording.md).
      const id = this.#index.insert({ cameraId: this.cameraId, path, startWallMs: wallMs, width, height });
      let writer: MkvWriter;
      try {
        writer = new MkvWriter(this.#fs, file, { width, height, startWallMs: wallMs, background: this.#backgroundSync(id) });
      } catch (error) {
        this.#index.delete(id);
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      const logged = this.#first
        ? this.#log({ atMs: wallMs, kind: 'recording.started', message: `Recording camera ${this.cameraId} to ${path}` }, true)
        : undefined;
      if (this.#syncInBackground) {
        this.#unsettled.add(writer);
        void writer.closed.then(() => this.#unsettled.delete(writer));
      }
      this.#first = false;
      this.#segment = { id, path, writer, startWallMs: wallMs, startMonoMs: monoMs, limitMs, width, height };
      this.#state.status = 'recording';
      this.#state.segmentPath = path;
      this.#onEvent({ cameraId: this.cameraId, code: 'segment-started', path, startWallMs: wallMs, width, height, ...(logged ? { logged } : {}) });
      return this.#segment;
    }
    throw new Error(`camera ${this.cameraId}: more than ${MAX_NAME_COLLISIONS} segments started within one second; check the clock`);
  }

  /** Background sync reports for segment `id`: progress while it is the open one, or its failure. */
  #backgroundSync(id: number): BackgroundSync | undefined {
    if (!this.#syncInBackground) return undefined;
    const current = () => (this.#segment?.id === id ? this.#segment : undefined);
    return {
      onSynced: (point) => {
        const s = current();
        if (!s) return;
        try {
          this.#recordProgress(s, point);
        } catch (error) {
          this.#fail(error, this.#clock.monotonic());
        }
      },
      onError: (error) => {
        if (current()) this.#fail(error, this.#clock.monotonic());
      },
    };
  }

  #recordProgress(s: OpenSegment, synced: SyncPoint): void {
    this.#index.progress(s.id, {
      endWallMs: s.startWallMs + synced.lastFrameMs, frames: synced.frames, bytes: synced.syncedOffset, syncedOffset: synced.syncedOffset,
    });
  }

  #finishSegment(): void {
    const s = this.#segment;
    if (!s) return;
    this.#segment = undefined;
    this.#state.segmentPath = undefined;
    try {
      const totals = s.writer.finish();
      this.#index.finish(s.id, 'complete', { endWallMs: s.startWallMs + totals.durationMs, frames: totals.frames, bytes: totals.bytes });
      this.#state.segmentsFinished++;
      this.#onEvent({ cameraId: this.cameraId, code: 'segment-finished', path: s.path, frames: totals.frames, bytes: totals.bytes, durationMs: totals.durationMs });
    } catch (error) {
      this.#abandoned = { id: s.id, path: s.path, syncedOffset: s.writer.synced.syncedOffset };
      throw error;
    }
  }

  #fail(error: unknown, monoMs: number): void {
    const s = this.#segment;
    if (s) {
      s.writer.abandon();
      this.#abandoned = { id: s.id, path: s.path, syncedOffset: s.writer.synced.syncedOffset };
      this.#segment = undefined;
    }
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    const code = failureCodeOf(errno);
    const reason = FAILURE_REASONS[code];
    const message = `Recording camera ${this.cameraId} stopped: ${reason} (${error instanceof Error ? error.message : String(error)}). ` +
      `Live view goes on; recording retries every ${RETRY_AFTER_ERROR_MS / 1000} s. Free space or fix the folder permissions of ${this.#root}.`;
    this.#retryAtMono = monoMs + RETRY_AFTER_ERROR_MS;
    this.#state.segmentPath = undefined;
    // Retries that fail again stay quiet: one error event per outage, not one every 10 s.
    const firstFailure = this.#state.status !== 'error' && !this.#resuming;
    this.#state.status = 'error';
    this.#state.error = { message, code: errno, atMs: this.#clock.now() };
    if (!firstFailure) return;
    const logged = this.#log({ atMs: this.#clock.now(), kind: 'recording.error', message, data: { code: errno } }, false);
    this.#onEvent({ cameraId: this.cameraId, code, message, errno: errno ?? null, root: this.#root, ...(logged ? { logged } : {}) });
  }

  /** Repairs what the error left behind; true when recording may start again. */
  #tryResume(): boolean {
    const left = this.#abandoned;
    try {
      if (left) {
        const outcome = repairFile(this.#fs, join(this.#root, left.path), left.syncedOffset);
        if (outcome.action === 'deleted') this.#index.delete(left.id);
        else this.#index.finish(left.id, 'recovered', { endWallMs: outcome.startWallMs + outcome.durationMs, frames: outcome.frames, bytes: outcome.bytes });
        this.#abandoned = undefined;
      }
    } catch {
      this.#retryAtMono = this.#clock.monotonic() + RETRY_AFTER_ERROR_MS;
      return false;
    }
    this.#state.status = 'idle';
    this.#first = false;
    this.#last = undefined;
    this.#resuming = true;
    return true;
  }

  #announceResumed(): void {
    this.#resuming = false;
    this.#state.error = undefined;
    const logged = this.#log({ atMs: this.#clock.now(), kind: 'recording.resumed', message: `Recording camera ${this.cameraId} resumed` }, false);
    this.#onEvent({ cameraId: this.cameraId, code: 'resumed', ...(logged ? { logged } : {}) });
  }

  /**
   * Writes a row into the event log and returns it, to travel with the structured event. `must`:
   * a failure throws (a segment start); otherwise it is swallowed, since the index itself may be
   * on the full disk, and the state and the structured event still tell.
   */
  #log(event: { atMs: number; kind: string; message: string; data?: unknown }, must: boolean): LoggedEvent | undefined {
    try {
      const id = this.#index.event({ ...event, cameraId: this.cameraId });
      return { id, atMs: event.atMs, kind: event.kind, message: event.message, data: event.data ?? null };
    } catch (error) {
      if (must) throw error;
      return undefined;
    }
  }
}

const FAILURE_REASONS: Record<RecorderFailureCode, string> = {
  'disk-full': 'the disk is full',
  unwritable: 'the folder cannot be written',
  io: 'a write failed',
};

/** ENOSPC and EDQUOT: no room; a refused or impossible folder (permissions, read-only, a file in the way): unwritable. */
function failureCodeOf(errno: string | undefined): RecorderFailureCode {
  if (errno === 'ENOSPC' || errno === 'EDQUOT') return 'disk-full';
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' || errno === 'ENOTDIR' || errno === 'EEXIST' || errno === 'EISDIR') return 'unwritable';
  return 'io';
}
