// The MJPEG body parser: a pure class fed the bytes of an HTTP response body (`push`), handing
// out whole JPEG frames (`onFrame`) and what went wrong (`onEvent`). No I/O, no timers.
//
// Framing (see docs/parser.md): a part's body is Content-Length bytes when the header is present,
// agrees with itself and fits MAX_PART_BYTES; otherwise it runs to the next delimiter. After a
// length-framed body the delimiter must follow (after blank padding); when it does not, the part
// is rejected and the parser searches for the next delimiter from the start of that body. A frame
// is delivered only when it starts with FF D8 and ends with FF D9 (trailing blanks trimmed).
//
// Delivery without delay: a length-framed body that is provably a whole JPEG by its own headers
// (`isStructurallyWholeJpeg`) is delivered as soon as its last byte is in, not when the delimiter
// after it arrives (which a camera sends only with the next frame); the delimiter is checked
// afterwards, and a missing one is a resync (counted in `lateMismatches`), not a rejection.
//
// Fast path: a part that lies whole in the first buffered chunk (delimiter, headers, body and the
// next delimiter line) is parsed in place and delivered as a view of that chunk, with no state
// transitions and no buffer views besides the frame itself. A part that crosses the chunk's end
// is handed to the states, which gather it once it is all in.
import { ByteWindow } from './byte-window.ts';
import type { BodyKind } from './content-type.ts';
import { isJpegMediaType } from './content-type.ts';
import { Delimiter, isBlank, MATCH_NEED_MORE, MATCH_NO } from './delimiter.ts';
import { hasJpegBounds, isStructurallyWholeJpeg } from './jpeg.ts';
import { MAX_HEADER_BYTES, MAX_PADDING_BYTES, MAX_PART_BYTES } from './limits.ts';
import type { PartHeaders } from './part-headers.ts';
import { scanPartHeaders } from './part-headers.ts';

export type { PartHeaders } from './part-headers.ts';

export type RejectReason =
  | 'not-jpeg'
  | 'too-large'
  | 'header-too-large'
  | 'length-mismatch'
  | 'truncated'
  | 'incomplete-jpeg';

export type ParserEvent =
  | { type: 'resync'; reason: string; skippedBytes: number } // delimiter not where expected; searched for the next one
  | { type: 'rejected'; reason: RejectReason; bytes: number };

export interface ParserOptions {
  body: BodyKind & { kind: 'multipart' | 'jpeg' };
  maxHeaderBytes?: number; // default MAX_HEADER_BYTES
  maxPartBytes?: number; // default MAX_PART_BYTES
  onFrame(jpeg: Buffer, headers: PartHeaders): void; // may be a slice of a pushed chunk (never written to afterwards)
  onEvent?(event: ParserEvent): void;
}

export interface ParserStats {
  frames: number;
  rejected: number;
  resyncs: number;
  /** Frames delivered at their last byte (proved whole) that no delimiter followed; the resync is reported when the next delimiter is found. */
  lateMismatches: number;
  bytes: number;
}

// States. The window always starts at the beginning of what the state is parsing.
const STATE_PART_START = 0; // blank lines, delimiter lines, then a part's headers (or a bare JPEG)
const STATE_HEADERS = 1; // a part's header block, up to the blank line
const STATE_BODY_BY_LENGTH = 2; // Content-Length bytes, then a delimiter must follow
const STATE_BODY_BY_SEARCH = 3; // bytes up to the next delimiter
const STATE_SKIP_TO_DELIMITER = 4; // discarding a rejected part or garbage until the next delimiter
const STATE_EPILOGUE = 5; // after the closing delimiter, or after end(): everything is ignored
const STATE_SINGLE_JPEG = 6; // a plain image/jpeg body: everything up to end() is one frame
const STATE_DELIMITER_AFTER_FRAME = 7; // a length-framed frame went out at its last byte; its delimiter must follow

type State = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

const NO_HEADERS: PartHeaders = { contentType: null, contentLength: null, headers: {} };
const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const JPEG_MARKER = 0xff;
const JPEG_SOI = 0xd8;
const LF_BYTE = Buffer.from([LF]);
const SILENT_SKIP = ''; // a skip that ends without a resync event

export class MultipartParser {
  readonly stats: ParserStats = { frames: 0, rejected: 0, resyncs: 0, lateMismatches: 0, bytes: 0 };

  readonly #window = new ByteWindow();
  readonly #delimiter: Delimiter | null;
  readonly #maxHeaderBytes: number;
  readonly #maxPartBytes: number;
  readonly #onFrame: ParserOptions['onFrame'];
  readonly #onEvent: NonNullable<ParserOptions['onEvent']>;

  #state: State;
  #atBodyStart = true; // nothing but blanks seen yet: a preamble or a headerless first part is possible
  #scanFrom = 0; // where the next search resumes, so no byte is searched twice
  #headers: PartHeaders = NO_HEADERS;
  #bodyLength = 0; // the Content-Length being read, in STATE_BODY_BY_LENGTH
  #bodyChecked = false; // STATE_BODY_BY_LENGTH: the whole body was in and did not prove itself a whole JPEG (checked once)
  #skipReason = '';
  #skipped = 0;

  constructor(options: ParserOptions) {
    this.#maxHeaderBytes = checkedLimit(options.maxHeaderBytes ?? MAX_HEADER_BYTES, 'maxHeaderBytes');
    this.#maxPartBytes = checkedLimit(options.maxPartBytes ?? MAX_PART_BYTES, 'maxPartBytes');
    this.#onFrame = options.onFrame;
    this.#onEvent = options.onEvent ?? (() => {});
    if (options.body.kind === 'multipart') {
      this.#delimiter = new Delimiter(options.body.boundary);
      this.#state = STATE_PART_START;
    } else {
      this.#delimiter = null;
      this.#state = STATE_SINGLE_JPEG;
    }
  }

  /** Bytes held while waiting for the rest of a part; bounded by the limits plus one chunk. */
  get bufferedBytes(): number {
    return this.#window.length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.stats.bytes += chunk.length;
    if (this.#state === STATE_EPILOGUE) return;
    this.#window.push(chunk);
    while (this.#step()) {
      // each step consumed bytes or changed state; stop when a state needs more input
    }
  }

  end(): void {
    const window = this.#window;
    switch (this.#state) {
      case STATE_SINGLE_JPEG:
        if (window.length > 0) this.#finishPart(window.length, window.length);
        break;
      case STATE_BODY_BY_LENGTH: {
        // A stream may end right after its last part, with or without a delimiter: the part is
        // whole if every promised byte came and nothing but blanks or a delimiter follows.
        const length = this.#bodyLength;
        const rest = window.length >= length ? window.slice(length, window.length) : null;
        if (rest !== null && (this.#delimiter!.matchAt(rest, 0, rest.length, true) >= 0 || this.#onlyBlanks(length, window.length))) {
          this.#finishPart(length, length);
        } else this.#reject('truncated', window.length);
        break;
      }
      case STATE_BODY_BY_SEARCH:
        // Without a length or a delimiter nothing proves the part is whole.
        if (window.length > 0) this.#reject('truncated', window.length);
        break;
      case STATE_HEADERS:
        if (!this.#onlyBlanks(0, window.length)) this.#reject('truncated', window.length);
        break;
      case STATE_DELIMITER_AFTER_FRAME:
        // The frame went out whole; what follows it (a delimiter cut short, most likely) is not a part.
        break;
      default:
        break;
    }
    window.clear();
    this.#state = STATE_EPILOGUE;
  }

  /** Runs the current state once; true when it made progress and should run again. */
  #step(): boolean {
    switch (this.#state) {
      case STATE_PART_START:
        return this.#partStart();
      case STATE_HEADERS:
        return this.#readHeaders();
      case STATE_BODY_BY_LENGTH:
        return this.#bodyByLength();
      case STATE_BODY_BY_SEARCH:
        return this.#bodyBySearch();
      case STATE_SKIP_TO_DELIMITER:
        return this.#skipToDelimiter();
      case STATE_DELIMITER_AFTER_FRAME:
        return this.#delimiterAfterFrame();
      case STATE_EPILOGUE:
        this.#window.clear();
        return false;
      case STATE_SINGLE_JPEG:
        if (this.#window.length > this.#maxPartBytes) {
          this.#reject('too-large', this.#window.length);
          this.#window.clear();
          this.#state = STATE_EPILOGUE;
        }
        return false;
    }
  }

  #partStart(): boolean {
    const window = this.#window;
    const delimiter = this.#delimiter!;
    if (!this.#atBodyStart && this.#partsInPlace()) return true;
    let blanks = 0;
    while (blanks < window.length && isBlank(window.byteAt(blanks))) blanks++;
    if (blanks > 0) {
      window.consume(blanks);
      return true;
    }
    const first = window.byteAt(0);
    if (first === -1) return false;
    if (first === JPEG_MARKER) {
      const second = window.byteAt(1);
      if (second === -1) return false;
      if (second === JPEG_SOI) {
        // A JPEG with no headers (no delimiter before the first part, or an empty header block).
        this.#startBody(NO_HEADERS);
        return true;
      }
    }
    const head = window.slice(0, Math.min(window.length, delimiter.lookahead));
    const lineEnd = delimiter.matchAt(head, 0, head.length, false);
    if (lineEnd === MATCH_NEED_MORE && window.length < delimiter.lookahead) return false;
    if (lineEnd >= 0) {
      // Duplicated delimiter lines are consumed here one after the other.
      window.consume(lineEnd);
      this.#atBodyStart = false;
      if (delimiter.closing) this.#state = STATE_EPILOGUE;
      return true;
    }
    if (this.#atBodyStart) {
      // Before the first delimiter: headers of a first part sent without one (ESP32), or a preamble.
      const headerLike = this.#startsWithHeaderName();
      if (headerLike === null) return false;
      this.#atBodyStart = false;
      if (!headerLike) {
        this.#enterSkip(SILENT_SKIP); // a preamble is allowed before the first delimiter
        return true;
      }
    }
    this.#scanFrom = 0;
    this.#state = STATE_HEADERS;
    return true;
  }

  /**
   * The fast path. Parses the parts that lie whole in the window's first chunk (blank bytes and
   * delimiter lines, headers, body, and the delimiter line after the body) in place, each frame
   * delivered as a view of the chunk. A part whose headers are in but whose body crosses the
   * chunk's end is handed to its body state (true: the state changed). Anything else it stops at
   * (a delimiter line or header block cut by the chunk's end, a closing delimiter, a part without
   * headers) is left at the window's start for the states (false).
   */
  #partsInPlace(): boolean {
    const window = this.#window;
    const chunk = window.head;
    if (chunk === undefined) return false;
    const delimiter = this.#delimiter!;
    const end = chunk.length;
    let at = window.headStart; // the window's first byte: everything before it is consumed
    for (;;) {
      let p = at;
      while (p < end && isBlank(chunk[p]!)) p++;
      // As PART_START: delimiter lines (duplicates too) are consumed; FF D8 would be a part without headers.
      if (p === end || chunk[p] === JPEG_MARKER) return false;
      const lineEnd = delimiter.matchAt(chunk, p, end, false);
      if (lineEnd >= 0) {
        if (delimiter.closing) return false;
        window.consume(lineEnd - at);
        at = lineEnd;
        continue;
      }
      if (lineEnd === MATCH_NEED_MORE) return false;
      const lf = headerBlockEnd(chunk, p, Math.min(end, p + this.#maxHeaderBytes));
      if (lf < 0) return false;
      const bodyStart = lf + (chunk[lf + 1] === LF ? 2 : 3);
      const headers = scanPartHeaders(chunk, p, lf);
      const length = headers.contentLength;
      if (length !== null && length <= this.#maxPartBytes) {
        const bodyEnd = bodyStart + length;
        const after = bodyEnd < end ? delimiter.matchAt(chunk, bodyEnd, Math.min(end, bodyEnd + delimiter.lookahead), false) : MATCH_NEED_MORE;
        if (after < 0) return this.#handOver(bodyStart - at, headers, 0); // the body or its delimiter crosses the chunk's end, or the length lied
        const closing = delimiter.closing;
        window.consume(after - at);
        this.#deliver(chunk, bodyStart, bodyEnd, headers, length);
        if (closing) this.#state = STATE_EPILOGUE;
        at = after;
      } else {
        const found = delimiter.findIn(chunk, bodyStart, bodyStart, end);
        if (found === -1) return this.#handOver(bodyStart - at, headers, Math.max(0, end - bodyStart - delimiter.core.length + 1));
        const bodyBytes = found - bodyStart;
        window.consume(found - at);
        if (bodyBytes > this.#maxPartBytes) this.#reject('too-large', bodyBytes);
        else this.#deliver(chunk, bodyStart, found, headers, bodyBytes);
        at = found;
      }
      if (this.#state !== STATE_PART_START) return true; // a closing delimiter, or end() called from onFrame
    }
  }

  /** Consumes up to a part's body and enters its body state, searching from `scanFrom`. */
  #handOver(bodyOffset: number, headers: PartHeaders, scanFrom: number): boolean {
    this.#window.consume(bodyOffset);
    this.#startBody(headers);
    this.#scanFrom = scanFrom;
    return true;
  }

  /** Whether the window starts with `token:` (a header line); null while undecided. */
  #startsWithHeaderName(): boolean | null {
    const window = this.#window;
    for (let i = 0; i < this.#maxHeaderBytes; i++) {
      const byte = window.byteAt(i);
      if (byte === -1) return null;
      if (byte === COLON) return i > 0;
      if (!isTokenByte(byte)) return false;
    }
    return false;
  }

  #readHeaders(): boolean {
    const window = this.#window;
    // The block ends at the first empty line: LF LF or LF CR LF.
    let from = this.#scanFrom;
    for (;;) {
      const lf = window.indexOf(LF_BYTE, from);
      if (lf === -1 || lf >= this.#maxHeaderBytes) {
        if (window.length > this.#maxHeaderBytes) {
          this.#reject('header-too-large', window.length);
          this.#enterSkip('part headers exceeded the header limit');
          return true;
        }
        this.#scanFrom = Math.max(0, window.length - 1);
        return false;
      }
      const next = window.byteAt(lf + 1);
      if (next === -1) {
        this.#scanFrom = lf;
        return false;
      }
      let blockEnd = -1;
      if (next === LF) blockEnd = lf + 2;
      else if (next === CR) {
        const after = window.byteAt(lf + 2);
        if (after === -1) {
          this.#scanFrom = lf;
          return false;
        }
        if (after === LF) blockEnd = lf + 3;
      }
      if (blockEnd !== -1) {
        const block = window.slice(0, lf);
        const headers = scanPartHeaders(block, 0, block.length);
        window.consume(blockEnd);
        this.#startBody(headers);
        return true;
      }
      from = lf + 1;
    }
  }

  #startBody(headers: PartHeaders): void {
    this.#headers = headers;
    this.#atBodyStart = false;
    this.#scanFrom = 0;
    const length = headers.contentLength;
    if (length !== null && length <= this.#maxPartBytes) {
      this.#bodyLength = length;
      this.#bodyChecked = false;
      this.#state = STATE_BODY_BY_LENGTH;
    } else {
      // No usable length (absent, conflicting, or beyond the part limit): find the delimiter.
      this.#state = STATE_BODY_BY_SEARCH;
    }
  }

  #bodyByLength(): boolean {
    const window = this.#window;
    const delimiter = this.#delimiter!;
    const length = this.#bodyLength;
    if (window.length < length) return false;
    // The delimiter decides first when it is there: the common case costs no structural walk.
    const available = Math.min(window.length, length + delimiter.lookahead);
    const lineEnd = available > length ? delimiter.matchAt(window.slice(length, available), 0, available - length, false) : MATCH_NEED_MORE;
    const undecided = lineEnd === MATCH_NEED_MORE && available < length + delimiter.lookahead;
    if (lineEnd < 0 && !this.#bodyChecked) {
      // Undecided (the camera sends the delimiter with the next frame) or absent: a body that
      // proves itself whole goes out now, and the delimiter is checked after it. The outcome
      // depends on the body's bytes alone, never on how much of what follows has arrived.
      this.#bodyChecked = true;
      if (this.#deliverProvedFrame(length)) return true;
    }
    if (undecided) return false;
    if (lineEnd < 0) {
      this.#reject('length-mismatch', length);
      // The length lied (or bytes were lost): the next delimiter may lie inside those bytes.
      this.#enterSkip(`no delimiter after the ${length} bytes the part's Content-Length announced`);
      return true;
    }
    this.#finishPart(length, length);
    window.consume(length + lineEnd);
    this.#state = delimiter.closing ? STATE_EPILOGUE : STATE_PART_START;
    return true;
  }

  /**
   * Delivers window[0, length) at once if it is a JPEG part whose bytes prove it whole (a JPEG
   * type or none, and `isStructurallyWholeJpeg` once trailing blanks are trimmed), then waits for
   * its delimiter in STATE_DELIMITER_AFTER_FRAME; false (nothing done) otherwise.
   */
  #deliverProvedFrame(length: number): boolean {
    const declaredType = this.#headers.contentType;
    if (declaredType !== null && !isJpegMediaType(declaredType)) return false;
    const window = this.#window;
    // A view when the body lies in one chunk (the fast path hands such parts over here when the
    // delimiter is not in the chunk yet); else the one copy delivery makes anyway.
    const body = window.slice(0, length);
    let jpegEnd = length;
    while (jpegEnd > 0 && length - jpegEnd < MAX_PADDING_BYTES && isBlank(body[jpegEnd - 1]!)) jpegEnd--;
    if (!isStructurallyWholeJpeg(body, 0, jpegEnd)) return false;
    window.consume(length); // before delivering, so onFrame sees a consistent parser (it may call end())
    this.#state = STATE_DELIMITER_AFTER_FRAME;
    this.#deliver(body, 0, length, this.#headers, length);
    return true;
  }

  #delimiterAfterFrame(): boolean {
    const window = this.#window;
    const delimiter = this.#delimiter!;
    const available = Math.min(window.length, delimiter.lookahead);
    if (available === 0) return false;
    // Read in place when the bytes lie in the first chunk (they do, but at a seam), else gather them.
    const head = window.head!;
    const headStart = window.headStart;
    const inHead = headStart + available <= head.length;
    const bytes = inHead ? head : window.slice(0, available);
    const from = inHead ? headStart : 0;
    const matched = delimiter.matchAt(bytes, from, from + available, false);
    const lineEnd = matched >= 0 ? matched - from : matched;
    if (lineEnd === MATCH_NEED_MORE && available < delimiter.lookahead) return false;
    if (lineEnd < 0) {
      // The frame was whole and exactly its Content-Length, so the camera sent it; what follows
      // is not a delimiter (bytes lost or inserted after it): find the next one from here.
      this.stats.lateMismatches++;
      this.#enterSkip(`no delimiter after the ${this.#bodyLength} bytes of a frame delivered by its Content-Length`);
      return true;
    }
    window.consume(lineEnd);
    this.#state = delimiter.closing ? STATE_EPILOGUE : STATE_PART_START;
    return true;
  }

  #bodyBySearch(): boolean {
    const window = this.#window;
    const delimiter = this.#delimiter!;
    const found = delimiter.find(window, this.#scanFrom);
    if (found === -1) {
      if (window.length > this.#maxPartBytes) {
        this.#reject('too-large', window.length);
        // The rest of the part is discarded silently (the rejection told the story); the search
        // resumes where it stopped, since the bytes before it were searched already.
        this.#enterSkip(SILENT_SKIP, Math.max(0, window.length - delimiter.core.length + 1));
        return true;
      }
      this.#scanFrom = Math.max(0, window.length - delimiter.core.length + 1);
      return false;
    }
    if (found > this.#maxPartBytes) this.#reject('too-large', found);
    else this.#finishPart(found, found);
    window.consume(found);
    this.#state = STATE_PART_START;
    return true;
  }

  #skipToDelimiter(): boolean {
    const window = this.#window;
    const delimiter = this.#delimiter!;
    const found = delimiter.find(window, this.#scanFrom);
    if (found === -1) {
      // Keep only what a delimiter crossing into the next chunk could start with.
      const drop = window.length - delimiter.searchOverlap;
      if (drop > 0) {
        window.consume(drop);
        this.#skipped += drop;
      }
      this.#scanFrom = Math.max(0, window.length - delimiter.core.length + 1);
      return false;
    }
    window.consume(found);
    this.#skipped += found;
    if (this.#skipReason !== SILENT_SKIP) {
      this.stats.resyncs++;
      this.#onEvent({ type: 'resync', reason: this.#skipReason, skippedBytes: this.#skipped });
    }
    this.#state = STATE_PART_START;
    return true;
  }

  /** Starts discarding until the next delimiter; a resync event with `reason` reports the skip there. */
  #enterSkip(reason: string, searchFrom = 0): void {
    this.#skipReason = reason;
    this.#skipped = 0;
    this.#scanFrom = searchFrom;
    this.#state = STATE_SKIP_TO_DELIMITER;
  }

  /**
   * Delivers window[0, end) as a frame if it is one (see `#deliver`); gathers the bytes into one
   * buffer when they span chunks. `partBytes` is what a rejection reports.
   */
  #finishPart(end: number, partBytes: number): void {
    const declaredType = this.#headers.contentType;
    if (declaredType !== null && !isJpegMediaType(declaredType)) {
      this.#reject('not-jpeg', partBytes); // no need to gather the bytes
      return;
    }
    const body = this.#window.slice(0, end);
    this.#deliver(body, 0, end, this.#headers, partBytes);
  }

  /**
   * Delivers bytes[start, end) as a frame if it is one: a JPEG part (by type, or by its first
   * bytes when untyped) that starts with FF D8 and ends with FF D9 once trailing blanks are trimmed.
   */
  #deliver(bytes: Buffer, start: number, end: number, headers: PartHeaders, partBytes: number): void {
    const startsLikeJpeg = end - start >= 2 && bytes[start] === JPEG_MARKER && bytes[start + 1] === JPEG_SOI;
    const declaredType = headers.contentType;
    if (declaredType !== null ? declaredType !== 'image/jpeg' && !isJpegMediaType(declaredType) : !startsLikeJpeg) {
      this.#reject('not-jpeg', partBytes);
      return;
    }
    let jpegEnd = end;
    while (jpegEnd > start && end - jpegEnd < MAX_PADDING_BYTES && isBlank(bytes[jpegEnd - 1]!)) jpegEnd--;
    if (!hasJpegBounds(bytes, start, jpegEnd)) {
      this.#reject(this.#state === STATE_SINGLE_JPEG && startsLikeJpeg ? 'truncated' : 'incomplete-jpeg', partBytes);
      return;
    }
    this.stats.frames++;
    this.#onFrame(start === 0 && jpegEnd === bytes.length ? bytes : bytes.subarray(start, jpegEnd), headers);
  }

  #reject(reason: RejectReason, bytes: number): void {
    this.stats.rejected++;
    this.#onEvent({ type: 'rejected', reason, bytes });
  }

  #onlyBlanks(start: number, end: number): boolean {
    if (end - start > MAX_PADDING_BYTES) return false;
    for (let i = start; i < end; i++) if (!isBlank(this.#window.byteAt(i))) return false;
    return true;
  }
}

/**
 * The LF that ends the last header line of the block starting at `start` (the block ends with an
 * empty line: LF LF or LF CR LF), when that LF lies before `limit` and the empty line before the
 * buffer's end; -1 otherwise.
 */
function headerBlockEnd(bytes: Buffer, start: number, limit: number): number {
  for (let lf = start; lf < limit; lf++) {
    if (bytes[lf] !== LF) continue; // a loop, not indexOf: header blocks are short and a native call costs more than it saves
    const next = bytes[lf + 1];
    if (next === LF) return lf;
    if (next === CR) {
      const after = bytes[lf + 2];
      if (after === LF) return lf;
      if (after === undefined) return -1;
    } else if (next === undefined) return -1;
  }
  return -1;
}

function checkedLimit(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`MultipartParser option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** RFC 9110 token characters, the only ones allowed in a header name. */
function isTokenByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(byte))
  );
}
