// Parses the header block of one multipart part, as leniently as cameras write them: any letter
// case, no space after the colon, continuation lines, lines that are not headers at all (ignored),
// and Content-Length repeated (kept when every copy agrees, dropped when they conflict).
// It runs once per frame, so the parser's path (`scanPartHeaders`) reads the two headers framing
// needs (Content-Type, Content-Length) from the bytes in place and builds the record of every
// header (`parsePartHeaders`, the reference semantics) only when someone reads it.

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
const LF = 10;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const DASH = 45;
const CONTENT_TYPE = Buffer.from('content-type', 'latin1');
const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');
const IMAGE_JPEG = Buffer.from('image/jpeg', 'latin1');

/**
 * The headers of a block read by `scanPartHeaders`: Content-Type and Content-Length at once, the
 * record of all headers on first read (most consumers never read it). Keeps a reference to the
 * block's bytes, which are never written to (like a delivered frame).
 */
class ScannedPartHeaders implements PartHeaders {
  readonly contentType: string | null;
  readonly contentLength: number | null;
  readonly #block: Buffer;
  readonly #start: number;
  readonly #end: number;
  #record: Record<string, string> | null = null;

  constructor(contentType: string | null, contentLength: number | null, block: Buffer, start: number, end: number) {
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.#block = block;
    this.#start = start;
    this.#end = end;
  }

  get headers(): Record<string, string> {
    this.#record ??= parsePartHeaders(this.#block.toString('latin1', this.#start, this.#end)).headers;
    return this.#record;
  }
}

/**
 * `parsePartHeaders` of `block[start, end)` (latin1) without decoding it: the same Content-Type
 * and Content-Length, byte by byte. A block with folded lines (rare and deprecated) goes through
 * `parsePartHeaders` itself, since folding can change a joined value.
 */
export function scanPartHeaders(block: Buffer, start: number, end: number): PartHeaders {
  let contentType: string | null = null;
  let typeSeen = false;
  let contentLength: number | null = null;
  let lengthConflict = false;
  let afterHeader = false; // the previous non-empty line was a header: a line starting with a blank would fold into it
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = lineStart; // a loop, not indexOf: lines are short and a native call costs more than it saves
    while (lineEnd < end && block[lineEnd] !== LF) lineEnd++;
    const next = lineEnd + 1;
    const lineStop = lineEnd > lineStart && block[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (lineStop === lineStart) {
      lineStart = next;
      continue;
    }
    const first = block[lineStart];
    if ((first === SPACE || first === TAB) && afterHeader) return parsePartHeaders(block.toString('latin1', start, end));
    let colon = lineStart;
    while (colon < lineStop && block[colon] !== COLON) colon++;
    if (colon === lineStart || colon === lineStop) {
      afterHeader = false; // not a header line
      lineStart = next;
      continue;
    }
    afterHeader = true;
    let nameStart = lineStart;
    let nameEnd = colon;
    while (nameStart < nameEnd && isTrimmed(block[nameStart]!)) nameStart++;
    while (nameEnd > nameStart && isTrimmed(block[nameEnd - 1]!)) nameEnd--;
    let valueStart = colon + 1;
    let valueEnd = lineStop;
    while (valueStart < valueEnd && isTrimmed(block[valueStart]!)) valueStart++;
    while (valueEnd > valueStart && isTrimmed(block[valueEnd - 1]!)) valueEnd--;
    if (namedAs(block, nameStart, nameEnd, CONTENT_LENGTH)) {
      const length = decimalAt(block, valueStart, valueEnd);
      if (length === null || (contentLength !== null && contentLength !== length)) lengthConflict = true;
      else contentLength = length;
    } else if (!typeSeen && namedAs(block, nameStart, nameEnd, CONTENT_TYPE)) {
      // Repeated Content-Type headers are joined with ', ': the first value up to ', ' is the type.
      typeSeen = true;
      contentType = equalBytes(block, valueStart, valueEnd, IMAGE_JPEG) ? 'image/jpeg' : firstValue(block.toString('latin1', valueStart, valueEnd));
    }
    lineStart = next;
  }
  return new ScannedPartHeaders(contentType, lengthConflict ? null : contentLength, block, start, end);
}

/** Whether `block[start, end)` is `lowerName` in any ASCII letter case (as `toLowerCase` compares latin1). */
function namedAs(block: Buffer, start: number, end: number, lowerName: Buffer): boolean {
  if (end - start !== lowerName.length) return false;
  for (let i = 0; i < lowerName.length; i++) {
    const expected = lowerName[i]!;
    const byte = block[start + i]!;
    if (byte !== expected && (expected === DASH || (byte | 0x20) !== expected)) return false;
  }
  return true;
}

/** Whether `block[start, end)` is exactly `expected` (a loop: cheaper than Buffer#compare's checks for ten bytes). */
function equalBytes(block: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (block[start + i] !== expected[i]) return false;
  return true;
}

/** The latin1 bytes `String.prototype.trim` removes: tab, LF, VT, FF, CR, space, NBSP. */
function isTrimmed(byte: number): boolean {
  return (byte >= TAB && byte <= CR) || byte === SPACE || byte === 0xa0;
}

/** `decimal` of latin1 bytes. */
function decimalAt(block: Buffer, start: number, end: number): number | null {
  if (end === start || end - start > MAX_LENGTH_DIGITS) return null;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = block[i]! - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

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
