// Maps the API's field errors (`camera.port`, `patch.host`, `port`) to the form's field names.
import type { ApiError } from '../../shared/api/index.ts';

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const { field, message } of error.fields ?? []) {
    const name = field.replace(/^(camera|patch|layout)\./, '').replace(/[.[].*$/, '');
    out[name] ??= message;
  }
  return out;
}
