// An instant given on the command line: ISO 8601 with an offset or Z, or without one for local time.
import { UsageError } from './args.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

export function parseInstant(flag: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`--${flag} TIME is required`);
  if (!ISO_INSTANT.test(value)) throw new UsageError(`--${flag} '${value}' is not an ISO 8601 date and time such as 2026-11-21T14:32:05Z`);
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new UsageError(`--${flag} '${value}' is not a real date and time`);
  return ms;
}
