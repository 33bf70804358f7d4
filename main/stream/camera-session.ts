// One camera's connection, kept alive for as long as the session runs: connect, stream, and on
// any failure wait and connect again, for days. Runs inside a stream worker; knows nothing of
// threads. Everything it depends on (the HTTP client, time, randomness) is injected.
import type { CameraState, CameraStatus, StreamErrorKind } from '../../shared/camera-status.ts';
import { Backoff, DEFAULT_RETRY_POLICY, DEFAULT_SNAPSHOT_FPS, MAX_SNAPSHOT_FPS, retryDelay, STABLE_CONNECTION_MS, UNSTABLE_AFTER_BRIEF_CONNECTIONS } from './backoff.ts';
import type { BackoffOptions, RetryCause, RetryPolicy } from './backoff.ts';
import { sleep } from '../base/clock.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { StreamStatsCounter } from './stats.ts';
import type { SessionStats } from './stats.ts';

/** No frame for this long means the stream is stalled: abort it and reconnect. */
export const DEFAULT_STALL_MS = 10_000;
/** A watchdog shorter than this would abort healthy low-fps cameras. */
export const MIN_STALL_MS = 200;

/**
 * Where and how to reach a camera. The URL never carries credentials. `allowBasicAfterDigest`:
 * accept a plain-http camera that switched from Digest to Basic (otherwise refused, see
 * AuthenticatorOptions).
 */
export type CameraTarget = { url: string; username?: string; password?: string; fingerprint256?: string; allowBasicAfterDigest?: boolean };

/** A frame as the HTTP source hands it over; `jpeg` may be a view into a larger buffer. */
export type SourceFrame = { jpeg: Buffer; receivedAt: number; width: number | null; height: number | null };

/** The part of the HTTP source's contract a session uses (main/stream/http-source.ts). */
export type OpenStream = (
  target: CameraTarget,
  options: {
    signal?: AbortSignal;
    onFrame(frame: SourceFrame): void;
    onBytes?(count: number): void;
    /** The camera answered 2xx; `authScheme` is what it was answered with ('none', 'basic', 'digest-…'). */
    onResponse?(info: { authScheme: string }): void;
    refuseBasic?: boolean;
  },
) => Promise<{ frames: number; ended: 'complete' | 'aborted'; framing?: 'multipart' | 'jpeg' | null }>;

export type SessionConfig = {
  cameraId: string;
  target: CameraTarget;
  stallMs?: number;
  backoff?: Omit<BackoffOptions, 'random'>;
  retry?: Partial<RetryPolicy>;
  /** How often a snapshot URL (one JPEG per request) is asked; default DEFAULT_SNAPSHOT_FPS. */
  snapshotFps?: number;
};

export type SessionDeps = {
  openStream: OpenStream;
  clock: Clock;
  random?: () => number;
  onStatus(status: CameraStatus): void;
  /** Every frame, in order; `seq` rises by one per frame across reconnects. */
  onFrame(frame: SourceFrame, seq: number): void;
};

/** How a connection attempt ended. */
type Outcome =
  | { kind: 'stopped' }
  | { kind: 'stalled' }
  | { kind: 'ended'; frames: number; snapshot: boolean }
  | { kind: 'failed'; error: unknown };

export class CameraSession {
  readonly cameraId: string;
  #config: SessionConfig;
  #deps: SessionDeps;
  #stallMs: number;
  #policy: RetryPolicy;
  #backoff: Backoff;
  #stats: StreamStatsCounter;
  #stop = new AbortController();
  #done: Promise<void> | null = null;
  #seq: number;
  /** Why the next connection is opened, when it is not the usual first try or retry. */
  #connectReason: string | null = null;
  #snapshotIntervalMs: number;
  /** The last state reported. */
  #state: CameraState | null = null;
  /** The last connection was a snapshot that worked: the next one is a poll, and stays `live`. */
  #polling = false;
  /** When the current connection was opened (monotonic ms). */
  #attemptStartedAt = 0;
  /** The current live period has lasted STABLE_CONNECTION_MS (then the backoff was reset). */
  #stable = false;
  #stableTimer: TimerHandle | null = null;
  /** Brief connections in a row (frames, then an end or a failure before STABLE_CONNECTION_MS). */
  #briefInRow = 0;
  /** Why the camera counts as unstable, while it does (shown in every status). */
  #unstable: string | null = null;
  /** The camera answered Digest on this session: Basic over plain http is refused from then on. */
  #usedDigest = false;

  constructor(config: SessionConfig, deps: SessionDeps, firstSeq = 1) {
    this.cameraId = config.cameraId;
    this.#config = config;
    this.#deps = deps;
    this.#stallMs = config.stallMs ?? DEFAULT_STALL_MS;
    if (!(this.#stallMs >= MIN_STALL_MS)) {
      throw new RangeError(`camera ${config.cameraId}: stallMs must be at least ${MIN_STALL_MS}, got ${this.#stallMs}`);
    }
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
    this.#backoff = new Backoff({ ...config.backoff, ...(deps.random ? { random: deps.random } : {}) });
    this.#stats = new StreamStatsCounter(deps.clock);
    this.#seq = firstSeq - 1;
    const snapshotFps = config.snapshotFps ?? DEFAULT_SNAPSHOT_FPS;
    if (!(snapshotFps > 0 && snapshotFps <= MAX_SNAPSHOT_FPS)) {
      throw new RangeError(`camera ${config.cameraId}: snapshotFps must be above 0 and at most ${MAX_SNAPSHOT_FPS}, got ${snapshotFps}`);
    }
    this.#snapshotIntervalMs = 1000 / snapshotFps;
  }

  start(): void {
    this.#done ??= this.#run();
  }

  /** Aborts the connection or the wait, and resolves once the session reported `stopped`. */
  async stop(reason = 'stopped'): Promise<void> {
    if (!this.#stop.signal.aborted) this.#stop.abort(reason);
    await this.#done;
  }

  /** Figures since the previous call (rates) and in total (counters). */
  takeStats(): SessionStats {
    return this.#stats.take();
  }

  /** A frame the worker had to replace before the main thread took it. */
  countNotForwarded(): void {
    this.#stats.notForwarded();
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stop.signal.aborted) {
        const outcome = await this.#connectOnce();
        if (outcome.kind === 'stopped') break;
        const delayMs = this.#afterConnection(outcome);
        if (delayMs > 0) await sleep(this.#deps.clock, delayMs, this.#stop.signal);
      }
    } catch (error) {
      // Only a bug in this file gets here; report it rather than dying silently.
      this.#status('error', `internal error: ${messageOf(error)}`, { kind: 'crash', message: messageOf(error) });
    }
    const reason = this.#stop.signal.reason;
    this.#status('stopped', typeof reason === 'string' ? reason : 'stopped');
  }

  /** One connection, from connecting to its end. Never throws. */
  async #connectOnce(): Promise<Outcome> {
    const { clock, openStream, onFrame } = this.#deps;
    const reason = this.#connectReason ?? (this.#stats.framesReceived === 0 ? 'opening the stream' : 'reconnecting');
    this.#connectReason = null;
    // Polling a snapshot URL is how that camera streams: it stays live, with no event per poll.
    if (!this.#polling) {
      this.#status('connecting', reason);
      this.#stats.connectionOpened();
    }
    this.#attemptStartedAt = clock.monotonic();
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    this.#stop.signal.addEventListener('abort', abortAttempt, { once: true });

    let frames = 0;
    let stalled = false;
    let lastFrameAt = clock.monotonic();
    let watchdog: TimerHandle | null = null;
    // One timer per stall period, not one per frame: when it fires it checks the time of the
    // last frame and either aborts or sleeps for the rest of the period.
    const armWatchdog = (ms: number) => {
      watchdog = clock.setTimer(() => {
        const quietMs = clock.monotonic() - lastFrameAt;
        if (quietMs >= this.#stallMs) {
          stalled = true;
          attempt.abort();
        } else {
          armWatchdog(this.#stallMs - quietMs);
        }
      }, ms);
    };
    armWatchdog(this.#stallMs);

    try {
      const result = await openStream(this.#config.target, {
        signal: attempt.signal,
        onFrame: (frame) => {
          if (attempt.signal.aborted) return;
          lastFrameAt = clock.monotonic();
          frames += 1;
          if (frames === 1 && this.#state !== 'live') this.#enterLive();
          this.#seq += 1;
          this.#stats.frame(frame.jpeg.length, frame.width ?? 0, frame.height ?? 0);
          onFrame(frame, this.#seq);
        },
        onBytes: (count) => this.#stats.bytes(count),
        onResponse: ({ authScheme }) => {
          if (authScheme.startsWith('digest')) this.#usedDigest = true;
        },
        ...(this.#refusesBasic() ? { refuseBasic: true } : {}),
      });
      if (this.#stop.signal.aborted) return { kind: 'stopped' };
      if (stalled) return { kind: 'stalled' };
      return { kind: 'ended', frames, snapshot: result.framing === 'jpeg' };
    } catch (error) {
      if (this.#stop.signal.aborted) return { kind: 'stopped' };
      if (stalled) return { kind: 'stalled' };
      return { kind: 'failed', error };
    } finally {
      (watchdog as TimerHandle | null)?.cancel();
      this.#stop.signal.removeEventListener('abort', abortAttempt);
    }
  }

  /** Reports how the connection ended and returns the wait before the next one. */
  #afterConnection(outcome: Exclude<Outcome, { kind: 'stopped' }>): number {
    const now = this.#deps.clock.monotonic();
    if (outcome.kind === 'ended' && outcome.frames > 0 && outcome.snapshot) {
      // A snapshot URL answers one JPEG per request: ask again at the snapshot rate.
      this.#polling = true;
      return Math.max(0, this.#snapshotIntervalMs - (now - this.#attemptStartedAt));
    }
    this.#polling = false;
    if (outcome.kind === 'ended' && outcome.frames > 0 && this.#stable) {
      // The camera finished a stream that worked for a while (Axis `duration=`, a server restart): at once.
      this.#connectReason = 'the stream ended; reconnecting at once';
      return 0;
    }
    // Frames, then an end or a failure before the connection proved healthy: a brief one.
    const brief = this.#state === 'live' && !this.#stable;
    if (brief) this.#countBrief(now);
    let cause: RetryCause;
    let failedState: CameraState;
    let reason: string;
    let error: CameraStatus['error'];
    if (outcome.kind === 'stalled') {
      const seconds = this.#stallMs / 1000;
      reason = `no frame for ${seconds} s`;
      error = { kind: 'timeout', message: reason };
      failedState = 'stalled';
      cause = { kind: 'failure' };
    } else if (outcome.kind === 'ended' && outcome.frames > 0) {
      reason = `the stream ended ${formatSeconds(now - this.#attemptStartedAt)} after it opened`;
      error = { kind: 'protocol', message: reason };
      failedState = 'error';
      cause = { kind: 'failure' };
    } else if (outcome.kind === 'ended') {
      reason = 'the stream ended before its first frame';
      error = { kind: 'protocol', message: reason };
      failedState = 'error';
      cause = { kind: 'failure' };
    } else {
      const details = describeError(outcome.error);
      reason = details.message;
      error = details;
      if (details.kind === 'auth') {
        failedState = 'auth-failed';
        cause = { kind: 'auth' };
      } else if (details.status === 503) {
        failedState = 'error';
        cause = { kind: 'unavailable', ...retryAfterOf(outcome.error) };
      } else {
        failedState = 'error';
        cause = { kind: 'failure' };
      }
    }
    const delayMs = retryDelay(cause, this.#backoff, this.#policy);
    this.#stats.error(reason);
    // auth-failed stays the visible state while we wait: the user has to act, and "backoff"
    // would hide that. Every other failure is shown, then the wait is.
    if (failedState === 'auth-failed') {
      this.#status('auth-failed', reason, error, delayMs);
    } else {
      this.#status(failedState, reason, error);
      this.#status('backoff', `${reason}; retrying in ${formatSeconds(delayMs)}`, error, delayMs);
    }
    return delayMs;
  }

  #refusesBasic(): boolean {
    const { target } = this.#config;
    return this.#usedDigest && target.allowBasicAfterDigest !== true && target.url.toLowerCase().startsWith('http:');
  }

  /** The first frame after a state other than live; the backoff resets only once it has lasted. */
  #enterLive(): void {
    this.#status('live', 'receiving frames');
    this.#stableTimer = this.#deps.clock.setTimer(() => {
      this.#stableTimer = null;
      this.#stable = true;
      this.#backoff.reset();
      this.#briefInRow = 0;
      if (this.#unstable !== null) {
        this.#unstable = null;
        this.#status('live', 'receiving frames; the connection is steady again');
      }
    }, STABLE_CONNECTION_MS);
  }

  #countBrief(now: number): void {
    this.#briefInRow += 1;
    if (this.#briefInRow < UNSTABLE_AFTER_BRIEF_CONNECTIONS) return;
    const lasted = formatSeconds(now - this.#attemptStartedAt);
    this.#unstable =
      `the last ${this.#briefInRow} connections each broke within ${STABLE_CONNECTION_MS / 1000} s of their first frame ` +
      `(the last after ${lasted}); Camwall waits longer between attempts. Check the camera's network and its viewer limit`;
  }

  #status(state: CameraState, reason: string, error?: CameraStatus['error'], retryInMs?: number): void {
    if (state !== 'live') {
      this.#stableTimer?.cancel();
      this.#stableTimer = null;
      this.#stable = false;
    }
    this.#state = state;
    this.#stats.state(state);
    const status: CameraStatus = { state, reason, since: this.#deps.clock.now() };
    if (error) status.error = error;
    if (retryInMs !== undefined) status.retryInMs = retryInMs;
    if (this.#unstable !== null) status.unstable = this.#unstable;
    this.#deps.onStatus(status);
  }
}

const KNOWN_KINDS = new Set<string>(['auth', 'http', 'protocol', 'network', 'timeout', 'tls']);

/** The StreamError's kind, status and message, or 'network' for anything else thrown at us. */
function describeError(error: unknown): { kind: StreamErrorKind; status?: number; message: string } {
  const candidate = error as { kind?: unknown; status?: unknown } | null;
  const kind = typeof candidate?.kind === 'string' && KNOWN_KINDS.has(candidate.kind) ? (candidate.kind as StreamErrorKind) : 'network';
  const described: { kind: StreamErrorKind; status?: number; message: string } = { kind, message: messageOf(error) };
  if (typeof candidate?.status === 'number') described.status = candidate.status;
  return described;
}

function retryAfterOf(error: unknown): { retryAfterMs?: number } {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' ? { retryAfterMs: value } : {};
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
