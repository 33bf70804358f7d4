// Parses the header block of one multipart part, as leniently as cameras write them: any letter
// case, no space after the colon, continuation lines, lines that are not headers at all (ignored),
// and Content-Length repeated (kept when every copy agrees, dropped when they conflict).
// It runs once per frame, so it scans the string by hand instead of splitting and matching.

export interface PartHeaders {
  contentType: string | null;
  contentLength: number | null;
  headers: Record<string, string>; // names lower-cased; repeated headers joined with ', '
}

/** Content-Length digits accepted; more would pass Number.MAX_SAFE_INTEGER. */
const MAX_LENGTH_DIGITS = 15;
/** Distinct header names whose lower-case form is remembered (cameras send the same few). */
const NAME_CACHE_SIZE = 64;
const lowerCaseNames = new Map<string, string>();

const CR = 13;
const SPACE = 32;
const TAB = 9;

/** `block` is the header lines without the blank line that ends them, decoded as latin1. */
export function parsePartHeaders(block: string): PartHeaders {
  // No prototype: a header named `__proto__` or `constructor` is just a header.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  let contentLength: number | null = null;
  let lengthConflict = false;
  let lastName: string | null = null;
  let lineStart = 0;
  while (lineStart < block.length) {
    let lineEnd = block.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = block.length;
    const next = lineEnd + 1;
    const end = lineEnd > lineStart && block.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    const first = block.charCodeAt(lineStart);
    if (end === lineStart) {
      lineStart = next;
      continue;
    }
    if ((first === SPACE || first === TAB) && lastName !== null) {
      headers[lastName] = `${headers[lastName]} ${block.slice(lineStart, end).trim()}`; // obsolete line folding
      lineStart = next;
      continue;
    }
    const colon = block.indexOf(':', lineStart);
    if (colon <= lineStart || colon >= end) {
      lastName = null; // not a header line
      lineStart = next;
      continue;
    }
    const name = lowerCaseName(block.slice(lineStart, colon));
    const value = block.slice(colon + 1, end).trim();
    if (name === 'content-length') {
      const length = decimal(value);
      if (length === null || (contentLength !== null && contentLength !== length)) lengthConflict = true;
      else contentLength = length;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    lastName = name;
    lineStart = next;
  }
  const contentType = headers['content-type'];
  return {
    contentType: contentType === undefined ? null : firstValue(contentType),
    contentLength: lengthConflict ? null : contentLength,
    headers,
  };
}

function lowerCaseName(raw: string): string {
  let name = lowerCaseNames.get(raw);
  if (name === undefined) {
    name = raw.trim().toLowerCase();
    if (lowerCaseNames.size < NAME_CACHE_SIZE) lowerCaseNames.set(raw, name);
  }
  return name;
}

/** A non-negative decimal integer, or null for anything else (signs, spaces inside, too many digits). */
function decimal(text: string): number | null {
  if (text.length === 0 || text.length > MAX_LENGTH_DIGITS) return null;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

function firstValue(joined: string): string {
  const comma = joined.indexOf(', ');
  return comma === -1 ? joined : joined.slice(0, comma);
}
