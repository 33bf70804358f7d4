// The one error type the HTTP side of the stream core throws. `kind` is what callers branch on
// (a worker stops retrying on 'auth' and 'tls', backs off longer on a 503; the CLI maps kinds to
// exit codes); the message is for a person: what happened and what to do. Messages never carry
// credentials, and carry no URL either: the caller knows which camera it was and says so.

export type StreamErrorKind = 'auth' | 'http' | 'protocol' | 'network' | 'timeout' | 'tls';

export interface StreamErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** Fingerprint the server presented, on 'tls' errors, so a user can decide to pin it. */
  presentedFingerprint256?: string;
  cause?: unknown;
}

export class StreamError extends Error {
  override name = 'StreamError';
  readonly kind: StreamErrorKind;
  // `declare`: absent details stay absent (no `status: undefined` in logs or structured clones).
  declare readonly status?: number;
  declare readonly retryAfterMs?: number;
  declare readonly presentedFingerprint256?: string;

  constructor(kind: StreamErrorKind, message: string, details: StreamErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.presentedFingerprint256 !== undefined) this.presentedFingerprint256 = details.presentedFingerprint256;
  }
}

/** A Retry-After longer than this is treated as this: a camera cannot park a worker for days. */
export const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else if (!/[a-z]/i.test(text)) {
    return undefined; // '-5', '1.5': not delay-seconds, and Date.parse would read them as years
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
