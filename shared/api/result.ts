// Results as values: every call answers `{ ok: true, value }` or `{ ok: false, error }`, in both
// shells and over every transport, so the renderer handles failure with an `if`, never a catch
// around a channel. An error carries a stable `code` for the program, a `message` for people
// (it names the camera or field and says what to do) and, for schema rejections, one entry per
// offending field.
import type { FieldError } from '../validation.ts';

export type { FieldError } from '../validation.ts';

export const ERROR_CODES = [
  /** The argument did not match the call's schema; `fields` says which field and why. */
  'invalid-argument',
  /** The camera, layout or other record named in the argument does not exist. */
  'not-found',
  /** The call clashes with the current state (e.g. a duplicate name, a stale order). */
  'conflict',
  /** The call cannot be served right now (e.g. no frame yet, recording not available). */
  'unavailable',
  /** Nothing could be saved: the disk that holds Camwall's data is full. Free space, then retry. */
  'disk-full',
  /** The caller is not allowed to make the call (missing token, wrong sender). */
  'unauthorized',
  /** The name is not a call of this API. */
  'unknown-call',
  /** A bug or an unexpected failure; the message never carries a stack trace or a secret. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];


export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Dotted paths inside the call's argument: `camera.port`, `layout.tiles[3]`. */
  fields?: FieldError[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: FieldError[]): { ok: false; error: ApiError } {
  return fields && fields.length > 0 ? { ok: false, error: { code, message, fields } } : { ok: false, error: { code, message } };
}

/** Thrown by `unwrap` for callers that prefer exceptions; keeps the code and the field errors. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: ErrorCode;
  readonly fields: readonly FieldError[];
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields ?? [];
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiCallError(result.error);
}
