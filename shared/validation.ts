// Turning schema failures into messages people can act on, and the address checks the camera
// form needs. Pure: no Node, no DOM, so the renderer shows the same messages the core enforces.
import { z as zod } from 'zod';
import type { z } from 'zod';

/** One problem with one field, for inline display next to it: `{ field: 'port', message: ... }`. */
export interface FieldError {
  /** Dotted path with array indexes, e.g. `port`, `schedule[2].from`; '' for the whole object. */
  readonly field: string;
  readonly message: string;
}

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Flattens a zod error into one entry per field problem; unknown keys become one entry each. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: fieldPath([...issue.path, key]), message: 'is not a known field' });
      }
    } else {
      out.push({ field: fieldPath(issue.path), message: issue.message });
    }
  }
  return out;
}

/** "port: must be an integer from 1 to 65535; host: ..." */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`)).join('; ');
}

/**
 * A save refused because of its input; nothing was changed. `fields` is for inline errors, the
 * message for logs and API errors (code 'invalid').
 */
export class ValidationError extends Error {
  readonly fields: readonly FieldError[];
  constructor(what: string, fields: readonly FieldError[]) {
    super(`${what}: ${formatFieldErrors(fields)}`);
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

/** Parses or throws a ValidationError that starts with `what` ("Camera not saved"). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, fieldErrors(result.error));
  return result.data;
}

// ---- addresses ----------------------------------------------------------------------------

export const MAX_HOSTNAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const IPV4_PART_RE = /^(?:0|[1-9]\d{0,2})$/;
const IPV6_GROUP_RE = /^[0-9a-f]{1,4}$/i;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_PART_RE.test(p) && Number(p) <= 255);
}

/** An IPv6 address without brackets or zone id (`fe80::1`, `::ffff:192.0.2.1`). */
export function isIPv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let body = text;
  let tailGroups = 0;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = body.slice(0, lastColon + 1) + '0';
    tailGroups = 1; // the dotted quad fills two groups; '0' stands in for one of them
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (![...left, ...right].every((g) => IPV6_GROUP_RE.test(g))) return false;
  const count = left.length + right.length + tailGroups;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** A DNS hostname (RFC 1123 labels); an all-numeric dotted name must be a valid IPv4 instead. */
export function isHostname(text: string): boolean {
  if (text.length === 0 || text.length > MAX_HOSTNAME_LENGTH) return false;
  const labels = text.split('.');
  if (!labels.every((l) => l.length <= MAX_LABEL_LENGTH && LABEL_RE.test(l))) return false;
  return !/^[\d.]+$/.test(text);
}

export type HostKind = 'hostname' | 'ipv4' | 'ipv6';

export function hostKind(host: string): HostKind | null {
  if (isIPv4(host)) return 'ipv4';
  if (isIPv6(host)) return 'ipv6';
  if (isHostname(host)) return 'hostname';
  return null;
}

// Control characters (Cc: C0, DEL, C1) and the invisible ones that change how text around them
// shows (Cf: bidi overrides such as U+202E, zero-width spaces and joiners, soft hyphen; Zl and Zp:
// the line and paragraph separators U+2028/U+2029): never wanted in names, paths or usernames,
// where they can make one camera's name look like another's or break a line in a log.
export const CONTROL_CHARS_RE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
export const CONTROL_CHARS_MESSAGE = 'must not contain control characters or invisible formatting characters (such as U+202E or U+200B)';

/**
 * The schema of a patch of `object`: every key optional and, unlike zod's `.partial()`, no
 * defaults filled in for absent keys (a patch that sets one key must not reset the others).
 */
export function patchSchema<S extends z.core.$ZodLooseShape>(
  object: z.ZodObject<S>,
): z.ZodType<Partial<z.output<z.ZodObject<S>>>, Partial<z.input<z.ZodObject<S>>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(object.shape) as Array<[string, z.ZodType]>) {
    const inner = field instanceof zod.ZodDefault ? (field.unwrap() as z.ZodType) : field;
    shape[key] = inner.optional();
  }
  return zod.strictObject(shape) as unknown as z.ZodType<Partial<z.output<z.ZodObject<S>>>, Partial<z.input<z.ZodObject<S>>>>;
}
