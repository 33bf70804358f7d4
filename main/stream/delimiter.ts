// Recognises a multipart delimiter line in the dialects cameras actually send:
//   [blank bytes] dashes* boundary ["--"] [spaces] [CRLF | LF | nothing]
// The boundary is compared without the leading dashes the camera may have declared, so
// `boundary=--myboundary` and `boundary=myboundary` both match `--myboundary` and `----myboundary`
// lines (and the bare `myboundary` at the start of a line).
import type { ByteWindow } from './byte-window.ts';
import { MAX_DELIMITER_DASHES, MAX_DELIMITER_LINE_SPACES, MAX_PADDING_BYTES } from './limits.ts';

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
const NUL = 0x00;

/** Bytes that may sit between a JPEG's end and the next delimiter, or between parts. */
export function isBlank(byte: number): boolean {
  return byte === CR || byte === LF || byte === SPACE || byte === TAB || byte === NUL;
}

export type DelimiterMatch =
  | { kind: 'need-more' }
  | { kind: 'no' }
  | { kind: 'yes'; lineEnd: number; close: boolean }; // lineEnd: first byte after the delimiter line

const NEED_MORE: DelimiterMatch = { kind: 'need-more' };
const NO: DelimiterMatch = { kind: 'no' };

export class Delimiter {
  /** The boundary without leading dashes: what is searched for. */
  readonly core: Buffer;
  /** Bytes from a candidate position that always suffice to decide whether a delimiter line is there. */
  readonly lookahead: number;
  /** Bytes a search must keep from a discarded region so that a delimiter across the seam is still found. */
  readonly searchOverlap: number;

  constructor(declaredBoundary: string) {
    const core = declaredBoundary.replace(/^-+/, '');
    if (core === '') throw new Error(`multipart boundary '${declaredBoundary}' has no characters besides dashes`);
    this.core = Buffer.from(core, 'latin1');
    this.lookahead = MAX_PADDING_BYTES + MAX_DELIMITER_DASHES + this.core.length + 2 + MAX_DELIMITER_LINE_SPACES + 2;
    this.searchOverlap = this.core.length + MAX_DELIMITER_DASHES + 1;
  }

  /**
   * Whether `bytes` (which start where a delimiter is expected) begin with blank bytes and then a
   * delimiter line. `atEnd` says no more bytes will come, so a short input is decided, not deferred.
   */
  matchAt(bytes: Buffer, atEnd: boolean): DelimiterMatch {
    const more = atEnd ? NO : NEED_MORE;
    let p = 0;
    while (p < bytes.length && isBlank(bytes[p]!)) {
      if (++p > MAX_PADDING_BYTES) return NO;
    }
    let dashes = 0;
    while (p < bytes.length && bytes[p] === DASH) {
      p++;
      if (++dashes > MAX_DELIMITER_DASHES) return NO;
    }
    if (p === bytes.length) return more;
    if (dashes === 1) return NO;
    const core = this.core;
    for (let i = 0; i < core.length; i++) {
      if (p + i === bytes.length) return more;
      if (bytes[p + i] !== core[i]) return NO;
    }
    p += core.length;
    let close = false;
    if (p < bytes.length && bytes[p] === DASH) {
      if (p + 1 === bytes.length) return atEnd ? { kind: 'yes', lineEnd: p, close: false } : NEED_MORE;
      if (bytes[p + 1] === DASH) {
        close = true;
        p += 2;
      }
    }
    const spacesStart = p;
    while (p < bytes.length && (bytes[p] === SPACE || bytes[p] === TAB)) {
      if (p - spacesStart >= MAX_DELIMITER_LINE_SPACES) return NO;
      p++;
    }
    if (p === bytes.length) return atEnd ? { kind: 'yes', lineEnd: p, close } : NEED_MORE;
    if (bytes[p] === LF) return { kind: 'yes', lineEnd: p + 1, close };
    if (bytes[p] === CR) {
      if (p + 1 === bytes.length) return atEnd ? { kind: 'yes', lineEnd: p + 1, close } : NEED_MORE;
      return { kind: 'yes', lineEnd: bytes[p + 1] === LF ? p + 2 : p + 1, close };
    }
    // No line end after the delimiter: the part's headers (or data) follow on the same line.
    return { kind: 'yes', lineEnd: spacesStart, close };
  }

  /**
   * Position where the first delimiter line at or after `from` begins (its first dash), or -1.
   * A boundary counts when two or more dashes precede it (any byte may come before them: some
   * cameras put no CRLF after the JPEG), or none but it starts a line.
   */
  find(window: ByteWindow, from: number): number {
    let at = from;
    for (;;) {
      const found = window.indexOf(this.core, at);
      if (found === -1) return -1;
      let dashes = 0;
      while (dashes <= MAX_DELIMITER_DASHES && window.byteAt(found - dashes - 1) === DASH) dashes++;
      if (dashes >= 2 && dashes <= MAX_DELIMITER_DASHES) return found - dashes;
      if (dashes === 0 && (found === 0 || window.byteAt(found - 1) === LF)) return found;
      at = found + 1;
    }
  }
}
