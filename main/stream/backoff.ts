// How long a camera session waits before it tries again. Pure: the random source is injected,
// so tests see exact delays.

/** The first retry after a failure comes after about half a second... */
export const BACKOFF_INITIAL_MS = 500;
/** ...doubling each time... */
export const BACKOFF_FACTOR = 2;
/** ...up to half a minute, so a camera that comes back is seen again within 30 s. */
export const BACKOFF_MAX_MS = 30_000;
/**
 * Each delay is shortened by up to this fraction at random, so that cameras that fail together
 * (a switch reboots) do not all reconnect in the same millisecond.
 */
export const BACKOFF_JITTER = 0.3;
/**
 * A connection that has delivered frames for this long is healthy: only then does the backoff
 * start again from BACKOFF_INITIAL_MS (and a stream that ends is reopened at once). One that
 * ends sooner counts as brief, so a camera that sends a frame and resets waits longer each time.
 */
export const STABLE_CONNECTION_MS = 10_000;
/** This many brief connections in a row mark the camera unstable (a flag in its status). */
export const UNSTABLE_AFTER_BRIEF_CONNECTIONS = 3;
/**
 * A camera that answers each request with one JPEG (a snapshot URL, `image/jpeg`) is asked again
 * at this rate, not as fast as it answers. Axis advises image.cgi only below 1 fps; 2 keeps a
 * tile moving without loading the camera.
 */
export const DEFAULT_SNAPSHOT_FPS = 2;
/** The fastest a snapshot camera may be configured to be polled. */
export const MAX_SNAPSHOT_FPS = 30;
/** Wrong credentials will not fix themselves quickly: try once a minute, never in a storm. */
export const AUTH_RETRY_MS = 60_000;
/** A camera answering 503 is overloaded (too many viewers, small buffers): never retry sooner. */
export const UNAVAILABLE_MIN_DELAY_MS = 5_000;
/** Retry-After is honoured, but a camera cannot park us for longer than this. */
export const RETRY_AFTER_MAX_MS = 5 * 60_000;

export type BackoffOptions = {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** 0 (no jitter) to 1 (anywhere between 0 and the full delay). */
  jitter?: number;
  /** Uniform in [0, 1); Math.random unless a test injects its own. */
  random?: () => number;
};

/** Jittered exponential backoff, capped. `next()` for each failure, `reset()` after a success. */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? BACKOFF_INITIAL_MS;
    this.maxMs = options.maxMs ?? BACKOFF_MAX_MS;
    this.factor = options.factor ?? BACKOFF_FACTOR;
    this.jitter = options.jitter ?? BACKOFF_JITTER;
    this.#random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs)) {
      throw new RangeError(`backoff needs 0 < initialMs <= maxMs, got ${this.initialMs} and ${this.maxMs}`);
    }
    if (!(this.factor >= 1)) throw new RangeError(`backoff factor must be at least 1, got ${this.factor}`);
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new RangeError(`backoff jitter must be in [0, 1], got ${this.jitter}`);
  }

  /** Failures since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    // Cap the exponent too, so a camera that is down for a month does not overflow to Infinity.
    const exponent = Math.min(this.#attempt, 64);
    this.#attempt += 1;
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** exponent);
    return Math.round(base * (1 - this.jitter * this.#random()));
  }

  reset(): void {
    this.#attempt = 0;
  }

  /** `ms` shortened by this backoff's jitter, without counting a failure. */
  jittered(ms: number): number {
    return Math.round(ms * (1 - this.jitter * this.#random()));
  }
}

/** Why the last attempt ended, as far as the retry delay is concerned. */
export type RetryCause =
  | { kind: 'auth' }
  | { kind: 'unavailable'; retryAfterMs?: number }
  | { kind: 'failure' };

export type RetryPolicy = { authRetryMs: number; unavailableMinMs: number; retryAfterMaxMs: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  authRetryMs: AUTH_RETRY_MS,
  unavailableMinMs: UNAVAILABLE_MIN_DELAY_MS,
  retryAfterMaxMs: RETRY_AFTER_MAX_MS,
};

/**
 * The wait before the next attempt. Authentication failures wait a fixed, long time (jitter
 * still applies so many cameras with one changed password spread out); 503 waits at least the
 * floor or the camera's Retry-After, whichever is longer; everything else follows the backoff.
 */
export function retryDelay(cause: RetryCause, backoff: Backoff, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const backoffMs = backoff.next();
  switch (cause.kind) {
    case 'auth':
      return Math.max(backoffMs, backoff.jittered(policy.authRetryMs));
    case 'unavailable': {
      const retryAfter = Math.min(cause.retryAfterMs ?? 0, policy.retryAfterMaxMs);
      return Math.max(backoffMs, policy.unavailableMinMs, retryAfter);
    }
    case 'failure':
      return backoffMs;
  }
}
