// Lets undici read cameras that end the lines of their HTTP response heads with a bare LF
// ("HTTP/1.0 200 OK\n...\n\n"), as cheap MJPEG cameras do: undici's parser (llhttp) requires CRLF
// and refuses them. `normalizeResponseLineEndings` puts a CrlfNormalizer between the socket and
// undici. The normalizer follows the HTTP/1 response framing (status line, header lines, then a
// Content-Length or chunked body: chunk-size lines, chunk data, trailers; then the next response)
// and writes CR LF for each bare LF that ends a framing line. Body bytes are never touched.
//
// It never holds bytes back and never refuses anything: what it does not understand (not HTTP,
// a framing it cannot follow) it passes on untouched from then on, and undici judges it with its
// own parser, limits and errors. A connection is handed back to undici at the end of its first
// 2xx head when every head so far was all CRLF, so an ordinary camera's stream never goes
// through it (a 401 challenge before it is a few hundred counted bytes).
// See docs/http-and-auth.md ("Line endings").
import type { Socket } from 'node:net';
import { MAX_FRAMING_LINE_BYTES } from './limits.ts';

const LF = 0x0a;
const CR = 0x0d;
const CR_BYTE = Buffer.from([CR]);

// States.
const STATE_LINE = 0; // inside a framing line (its role says which), up to its LF
const STATE_BYTES = 1; // body bytes of a known length (Content-Length body, one chunk's data)
const STATE_PASS = 2; // not following the framing any more: everything passes untouched

// What the current line is.
const LINE_STATUS = 0; // a response's status line (or a blank line before it)
const LINE_HEADER = 1; // a header line, or the blank line that ends the head
const LINE_CHUNK_SIZE = 2; // a chunk-size line, with optional extensions
const LINE_CHUNK_END = 3; // the empty line after a chunk's data
const LINE_TRAILER = 4; // a trailer line, or the blank line that ends the message

type State = 0 | 1 | 2;
type LineRole = 0 | 1 | 2 | 3 | 4;

const STATUS_LINE = /^HTTP\/(\d\.\d) (\d{3})(?:[ \t]|$)/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})(?:[ \t;]|$)/;

export interface CrlfNormalizerOptions {
  /** Each status line's HTTP version ('1.0', '1.1') as it is read. */
  onStatusLine?(version: string): void;
}

export class CrlfNormalizer {
  #state: State = STATE_LINE;
  #role: LineRole = LINE_STATUS;
  /** After STATE_BYTES, the role of the line that follows. */
  #afterBytes: LineRole = LINE_STATUS;
  #remaining = 0;
  /** Some framing line on this connection ended in a bare LF. */
  #sawBareLf = false;
  // The current line: its first MAX_FRAMING_LINE_BYTES as latin1, its length, and whether its
  // last byte so far is CR (it may end one read and the LF start the next).
  #line = '';
  #lineBytes = 0;
  #lineEndsWithCr = false;
  // The response head being read.
  #status = 0;
  #contentLengths = 0;
  #contentLength = '';
  #transferEncoding: string | null = null;
  readonly #onStatusLine: ((version: string) => void) | undefined;

  constructor(options: CrlfNormalizerOptions = {}) {
    this.#onStatusLine = options.onStatusLine;
  }

  /** True once the normalizer lets everything through untouched (for good). */
  get passing(): boolean {
    return this.#state === STATE_PASS;
  }

  /** The bytes to hand on for `chunk`: `chunk` itself when nothing had to change. */
  push(chunk: Buffer): Buffer {
    let pieces: Buffer[] | null = null;
    let copied = 0;
    let pos = 0;
    while (pos < chunk.length && this.#state !== STATE_PASS) {
      if (this.#state === STATE_BYTES) {
        const take = Math.min(this.#remaining, chunk.length - pos);
        pos += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#startLine(this.#afterBytes);
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      const end = lf === -1 ? chunk.length : lf;
      this.#collect(chunk, pos, end);
      if (lf === -1) break;
      const bareLf = !this.#lineEndsWithCr;
      if (bareLf) this.#sawBareLf = true;
      if (this.#endLine() && bareLf) {
        pieces ??= [];
        pieces.push(chunk.subarray(copied, lf), CR_BYTE);
        copied = lf;
      }
      pos = lf + 1;
    }
    if (pieces === null) return chunk;
    pieces.push(chunk.subarray(copied));
    return Buffer.concat(pieces);
  }

  #collect(chunk: Buffer, start: number, end: number): void {
    if (end === start) return;
    const room = MAX_FRAMING_LINE_BYTES - this.#lineBytes;
    if (room > 0) this.#line += chunk.toString('latin1', start, Math.min(end, start + room));
    this.#lineBytes += end - start;
    this.#lineEndsWithCr = chunk[end - 1] === CR;
  }

  #startLine(role: LineRole): void {
    this.#state = STATE_LINE;
    this.#role = role;
    this.#line = '';
    this.#lineBytes = 0;
    this.#lineEndsWithCr = false;
  }

  #startBytes(length: number, then: LineRole): void {
    if (length === 0) return this.#startLine(then);
    this.#state = STATE_BYTES;
    this.#remaining = length;
    this.#afterBytes = then;
  }

  #pass(): false {
    this.#state = STATE_PASS;
    this.#line = '';
    return false;
  }

  /**
   * Moves on past the line just ended. False when the line is not framing this normalizer
   * understands (it then lets go, and the line's LF is passed on as it is).
   */
  #endLine(): boolean {
    const truncated = this.#lineBytes > MAX_FRAMING_LINE_BYTES;
    const line = !truncated && this.#lineEndsWithCr ? this.#line.slice(0, -1) : this.#line;
    const empty = line === '' && !truncated;
    switch (this.#role) {
      case LINE_STATUS:
        return this.#statusLine(line, empty);
      case LINE_HEADER:
        return this.#headerLine(line, empty, truncated);
      case LINE_CHUNK_SIZE: {
        const size = CHUNK_SIZE.exec(line)?.[1];
        if (size === undefined) return this.#pass();
        const length = Number.parseInt(size, 16);
        if (length === 0) this.#startLine(LINE_TRAILER);
        else this.#startBytes(length, LINE_CHUNK_END);
        return true;
      }
      case LINE_CHUNK_END:
        if (!empty) return this.#pass();
        this.#startLine(LINE_CHUNK_SIZE);
        return true;
      case LINE_TRAILER:
        this.#startLine(empty ? LINE_STATUS : LINE_TRAILER);
        return true;
    }
  }

  #statusLine(line: string, empty: boolean): boolean {
    if (empty) {
      this.#startLine(LINE_STATUS);
      return true;
    }
    const match = STATUS_LINE.exec(line);
    if (!match) return this.#pass(); // not HTTP: undici says so
    this.#onStatusLine?.(match[1]!);
    this.#status = Number(match[2]);
    this.#contentLengths = 0;
    this.#contentLength = '';
    this.#transferEncoding = null;
    this.#startLine(LINE_HEADER);
    return true;
  }

  #headerLine(line: string, empty: boolean, truncated: boolean): boolean {
    if (empty) {
      this.#endHead();
      return true;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).toLowerCase();
    if (name === 'content-length' || name === 'transfer-encoding') {
      if (truncated) return this.#pass(); // a framing header too long to read: undici judges it
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        this.#contentLengths++;
        this.#contentLength = value;
      } else {
        this.#transferEncoding = this.#transferEncoding === null ? value : `${this.#transferEncoding}, ${value}`;
      }
    }
    this.#startLine(LINE_HEADER);
    return true;
  }

  /**
   * Where the next framing line is, by the rules llhttp applies to responses (we only send GET
   * and POST, never HEAD): 1xx, 204 and 304 have no body; chunked when it is the last transfer
   * coding; a single Content-Length; otherwise the body runs to the connection's close.
   */
  #endHead(): void {
    const status = this.#status;
    if (status === 101 || (!this.#sawBareLf && status >= 200 && status < 300)) {
      // The answer this connection was opened for, and no bare LF so far: undici alone from here
      // on. An all-CRLF 401 (or 3xx, 4xx, 5xx) is still followed: a camera whose web server
      // writes the challenge itself and whose CGI writes an LF-only head for the stream sends
      // both on the same connection during the authentication round.
      this.#pass();
    } else if (status < 200 || status === 204 || status === 304) {
      this.#startLine(LINE_STATUS);
    } else if (this.#transferEncoding !== null) {
      if (/(?:^|,)[ \t]*chunked$/i.test(this.#transferEncoding)) this.#startLine(LINE_CHUNK_SIZE);
      else this.#pass(); // another coding last: the body runs to the close
    } else if (this.#contentLengths === 1 && /^\d{1,15}$/.test(this.#contentLength)) {
      this.#startBytes(Number(this.#contentLength), LINE_STATUS);
    } else {
      this.#pass(); // close-delimited (or a Content-Length undici will refuse): nothing more to do
    }
  }
}

/**
 * Routes everything undici reads from `socket` through a CrlfNormalizer, until the normalizer
 * passes everything through; then the socket's own `read` is back in place. undici reads with
 * `socket.read()` (no size) and gives back what it has not parsed with `socket.unshift()` (when
 * a body consumer pauses it); those bytes are already normalized and are not looked at again.
 */
export function normalizeResponseLineEndings(socket: Socket, options: CrlfNormalizerOptions = {}): void {
  const normalizer = new CrlfNormalizer(options);
  const ownRead = Object.hasOwn(socket, 'read');
  const ownUnshift = Object.hasOwn(socket, 'unshift');
  const read = socket.read;
  const unshift = socket.unshift;
  let normalizedAhead = 0;
  const restore = (): void => {
    if (ownRead) socket.read = read;
    else delete (socket as Partial<Pick<Socket, 'read'>>).read;
    if (ownUnshift) socket.unshift = unshift;
    else delete (socket as Partial<Pick<Socket, 'unshift'>>).unshift;
  };
  socket.read = function normalizingRead(this: Socket, size?: number) {
    const data: unknown = read.call(this, size);
    if (!Buffer.isBuffer(data)) return data;
    let out: Buffer;
    if (normalizedAhead >= data.length) {
      normalizedAhead -= data.length;
      out = data;
    } else if (normalizedAhead > 0) {
      out = Buffer.concat([data.subarray(0, normalizedAhead), normalizer.push(data.subarray(normalizedAhead))]);
      normalizedAhead = 0;
    } else {
      out = normalizer.push(data);
    }
    if (normalizer.passing) restore();
    return out;
  } as Socket['read'];
  socket.unshift = function noteUnshift(this: Socket, chunk: Parameters<Socket['unshift']>[0], encoding?: BufferEncoding) {
    if (Buffer.isBuffer(chunk)) normalizedAhead += chunk.length;
    return unshift.call(this, chunk, encoding);
  } as Socket['unshift'];
}
