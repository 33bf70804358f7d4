// The one error type handlers throw on purpose. The dispatcher turns it into the call's
// `{ ok: false, error }` as it is; any other error becomes 'internal' with a generic message,
// so a stack trace, a SQL statement or a camera URL never reaches a client.
import type { ErrorCode, FieldError } from '../../shared/api/result.ts';

export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly code: ErrorCode;
  readonly fields: readonly FieldError[];
  constructor(code: ErrorCode, message: string, fields: readonly FieldError[] = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}

export function notFound(what: 'camera' | 'layout', id: string): ServiceError {
  return new ServiceError('not-found', `There is no ${what} with id '${id}'; it may have been removed. Reload the list.`);
}
