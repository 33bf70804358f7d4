// Per-camera figures kept by the camera session in the worker. The main thread adds what only
// the hub knows (delivered, dropped per subscriber) before it publishes CameraStats.
import type { CameraState, CameraStats } from '../../shared/camera-status.ts';
import type { Clock } from '../base/clock.ts';

/** How often a session reports its figures; rates are averaged over this window. */
export const STATS_INTERVAL_MS = 1_000;

/** What the worker knows about a camera; everything in CameraStats but the hub's counters. */
export type SessionStats = Omit<CameraStats, 'framesDelivered' | 'framesDropped' | 'subscribers'> & {
  /** Frames the worker replaced because the main thread had not taken the previous ones yet. */
  framesNotForwarded: number;
};

export class StreamStatsCounter {
  #clock: Clock;
  #state: CameraState = 'stopped';
  #framesReceived = 0;
  #framesNotForwarded = 0;
  #lastFrameBytes = 0;
  #width = 0;
  #height = 0;
  #connections = 0;
  #lastError: string | null = null;
  #liveSince: number | null = null;
  #totalLiveMsBefore = 0;
  #windowStart: number;
  #windowFrames = 0;
  #windowBytes = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#windowStart = clock.monotonic();
  }

  get framesReceived(): number {
    return this.#framesReceived;
  }

  connectionOpened(): void {
    this.#connections += 1;
  }

  frame(bytes: number, width: number, height: number): void {
    this.#framesReceived += 1;
    this.#windowFrames += 1;
    this.#lastFrameBytes = bytes;
    if (width > 0 && height > 0) {
      this.#width = width;
      this.#height = height;
    }
  }

  /** Bytes off the wire (headers and delimiters too), for kbit/s. */
  bytes(count: number): void {
    this.#windowBytes += count;
  }

  notForwarded(): void {
    this.#framesNotForwarded += 1;
  }

  error(message: string): void {
    this.#lastError = message;
  }

  state(state: CameraState): void {
    const now = this.#clock.monotonic();
    if (state === 'live' && this.#liveSince === null) this.#liveSince = now;
    if (state !== 'live' && this.#liveSince !== null) {
      this.#totalLiveMsBefore += now - this.#liveSince;
      this.#liveSince = null;
    }
    this.#state = state;
  }

  /** The figures now; rates cover the time since the previous call. */
  take(): SessionStats {
    const now = this.#clock.monotonic();
    const seconds = Math.max(now - this.#windowStart, 1) / 1000;
    const liveMs = this.#liveSince === null ? 0 : now - this.#liveSince;
    const stats: SessionStats = {
      state: this.#state,
      fps: round1(this.#windowFrames / seconds),
      kbps: round1((this.#windowBytes * 8) / 1000 / seconds),
      lastFrameBytes: this.#lastFrameBytes,
      width: this.#width,
      height: this.#height,
      framesReceived: this.#framesReceived,
      framesNotForwarded: this.#framesNotForwarded,
      reconnects: Math.max(this.#connections - 1, 0),
      lastError: this.#lastError,
      liveMs: Math.round(liveMs),
      totalLiveMs: Math.round(this.#totalLiveMsBefore + liveMs),
    };
    this.#windowStart = now;
    this.#windowFrames = 0;
    this.#windowBytes = 0;
    return stats;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
