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

/** `matchAt` results below zero; a match is the position after the delimiter line. */
export const MATCH_NEED_MORE = -1; // the bytes so far could still become a delimiter line
export const MATCH_NO = -2; // no delimiter line here, whatever follows

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

  /** Whether the last successful `matchAt` found the closing delimiter (`--boundary--`). */
  closing = false;

  /**
   * Whether `bytes[start, end)` (which starts where a delimiter is expected) begins with blank
   * bytes and then a delimiter line: the position in `bytes` of the first byte after that line
   * (`closing` tells whether it closed the stream), MATCH_NEED_MORE or MATCH_NO. `atEnd` says no
   * more bytes will come, so a short input is decided, not deferred. Reads in place, so a parser
   * can check a delimiter inside a chunk without creating a view.
   */
  matchAt(bytes: Uint8Array, start: number, end: number, atEnd: boolean): number {
    const more = atEnd ? MATCH_NO : MATCH_NEED_MORE;
    let p = start;
    while (p < end && isBlank(bytes[p]!)) {
      if (++p - start > MAX_PADDING_BYTES) return MATCH_NO;
    }
    let dashes = 0;
    while (p < end && bytes[p] === DASH) {
      p++;
      if (++dashes > MAX_DELIMITER_DASHES) return MATCH_NO;
    }
    if (p === end) return more;
    if (dashes === 1) return MATCH_NO;
    const core = this.core;
    for (let i = 0; i < core.length; i++) {
      if (p + i === end) return more;
      if (bytes[p + i] !== core[i]) return MATCH_NO;
    }
    p += core.length;
    let close = false;
    if (p < end && bytes[p] === DASH) {
      if (p + 1 === end) return atEnd ? this.#yes(p, false) : MATCH_NEED_MORE;
      if (bytes[p + 1] === DASH) {
        close = true;
        p += 2;
      }
    }
    const spacesStart = p;
    while (p < end && (bytes[p] === SPACE || bytes[p] === TAB)) {
      if (p - spacesStart >= MAX_DELIMITER_LINE_SPACES) return MATCH_NO;
      p++;
    }
    if (p === end) return atEnd ? this.#yes(p, close) : MATCH_NEED_MORE;
    if (bytes[p] === LF) return this.#yes(p + 1, close);
    if (bytes[p] === CR) {
      if (p + 1 === end) return atEnd ? this.#yes(p + 1, close) : MATCH_NEED_MORE;
      return this.#yes(bytes[p + 1] === LF ? p + 2 : p + 1, close);
    }
    // No line end after the delimiter: the part's headers (or data) follow on the same line.
    return this.#yes(spacesStart, close);
  }

  #yes(lineEnd: number, close: boolean): number {
    this.closing = close;
    return lineEnd;
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

  /**
   * `find` inside one buffer: the first delimiter line in `bytes[from, end)`, or -1. `floor` is
   * where the searched region begins (no dash before it counts), as position 0 is for `find`.
   */
  findIn(bytes: Buffer, floor: number, from: number, end: number): number {
    const core = this.core;
    let at = from;
    for (;;) {
      const found = bytes.indexOf(core, at);
      if (found === -1 || found + core.length > end) return -1;
      let dashes = 0;
      while (dashes <= MAX_DELIMITER_DASHES && found - dashes - 1 >= floor && bytes[found - dashes - 1] === DASH) dashes++;
      if (dashes >= 2 && dashes <= MAX_DELIMITER_DASHES) return found - dashes;
      if (dashes === 0 && (found === floor || bytes[found - 1] === LF)) return found;
      at = found + 1;
    }
  }
}
