// One camera HTTP connection: open the MJPEG (or single JPEG) stream, authenticate from the
// camera's challenge, feed the body to the multipart parser, and turn every failure into a
// StreamError a person can act on. See docs/http-and-auth.md for the lifecycle.
//
// Each call owns one undici Client (one connection at a time, no pipelining) and destroys it
// when done, so a stream never shares or hands back a socket: a camera counts its viewers by
// connection, and a half-read MJPEG socket must never be reused. The 401 round trip of the
// authentication may reuse the connection inside the call, as any browser would.
import { systemClock, type Clock } from '../base/clock.ts';
import { Client, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { Authenticator, type AuthenticatorOptions, type AuthScheme, type Credentials } from './auth/authenticator.ts';
import { isSniffableMediaType, sniffBody } from './body-sniff.ts';
import { classifyContentType, type BodyKind } from './content-type.ts';
import { normalizeResponseLineEndings } from './crlf-normalizer.ts';
import { StreamError, parseRetryAfter } from './errors.ts';
import { readJpegSize } from './jpeg.ts';
import { MAX_RESPONSE_HEAD_BYTES } from './limits.ts';
import { MultipartParser, type ParserEvent } from './multipart-parser.ts';
import { cameraConnector } from './tls-pin.ts';

export interface CameraTarget {
  /** http(s) URL without credentials. */
  url: string;
  username?: string;
  password?: string;
  /** Pinned SHA-256 of the server certificate (hex, colons optional, any case). */
  fingerprint256?: string;
}

export interface StreamTimeouts {
  /** TCP (and TLS) connection established. */
  connectMs: number;
  /** Response headers complete after the request was sent. */
  headersMs: number;
  /** Longest silence between two body chunks. */
  idleBodyMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<StreamTimeouts> = Object.freeze({ connectMs: 5_000, headersMs: 10_000, idleBodyMs: 15_000 });

export interface StreamResponseInfo {
  status: number;
  contentType: string | null;
  boundary: string | null;
  authScheme: AuthScheme;
  httpVersion: string;
  /** True when the Content-Type did not say MJPEG/JPEG and the body's first bytes did (see body-sniff.ts). */
  framingFromBody?: boolean;
}

export interface StreamFrame {
  jpeg: Buffer;
  /** Wall time (the clock's `now()`) when the parser delivered it. */
  receivedAt: number;
  width: number | null;
  height: number | null;
}

export interface OpenStreamOptions {
  signal?: AbortSignal;
  timeouts?: Partial<StreamTimeouts>;
  maxPartBytes?: number;
  onResponse?(info: StreamResponseInfo): void;
  onFrame(frame: StreamFrame): void;
  onParserEvent?(event: ParserEvent): void;
  onBytes?(n: number): void;
  /**
   * Free each socket read as soon as the parser no longer holds any of its bytes, instead of
   * leaving it to the garbage collector. Then `frame.jpeg` is valid only during `onFrame` (it
   * is usually a view into a read): copy what you keep. See docs/measurements/streams.md ("GC and wake-ups").
   */
  releaseReads?: boolean;
  /** Wall time for `receivedAt` and a Retry-After date; the system clock by default. */
  clock?: Pick<Clock, 'now'>;
  /** Refuse a challenge that offers only Basic (the camera used Digest before; see AuthenticatorOptions). */
  refuseBasic?: boolean;
}

export interface StreamSummary {
  frames: number;
  bytes: number;
  rejected: number;
  resyncs: number;
  ended: 'complete' | 'aborted';
  /** What the body was: an MJPEG stream, one JPEG (a snapshot URL), or not known (no body read). */
  framing: 'multipart' | 'jpeg' | null;
}

export interface CameraRequest {
  /** Path and query, relative to the target's origin. */
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  timeouts?: Partial<StreamTimeouts>;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface CameraResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  authScheme: AuthScheme;
}

/** Default cap for cameraRequest bodies: parameter lists and snapshots, not streams. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** How much of an error response (401, 404, ...) is read before the connection is dropped. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Attempts of one request including authentication rounds (first try, challenge, stale retries). */
export const MAX_AUTH_ROUNDS = 4;

const USER_AGENT = 'Camwall';
const ACCEPT_STREAM = 'multipart/x-mixed-replace, image/jpeg;q=0.9, */*;q=0.1';

export async function openStream(target: CameraTarget, options: OpenStreamOptions): Promise<StreamSummary> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const clock = options.clock ?? systemClock;
  const connection = openConnection(target, timeouts, undefined, { refuseBasic: options.refuseBasic === true });
  const summary: StreamSummary = { frames: 0, bytes: 0, rejected: 0, resyncs: 0, ended: 'aborted', framing: null };
  const signal = options.signal;
  let parser: MultipartParser | null = null;
  const copyStats = (): void => {
    if (!parser) return;
    summary.frames = parser.stats.frames;
    summary.bytes = parser.stats.bytes;
    summary.rejected = parser.stats.rejected;
    summary.resyncs = parser.stats.resyncs;
  };
  // What the answer turned out to be: an error status or a body that is not MJPEG is thrown
  // once its (bounded) body has been read; the stream's own body goes to the parser.
  let refusal: StreamError | null = null;
  let phase: 'headers' | 'body' = 'headers';
  let sniffing: { head: Buffer; notMjpeg: StreamError } | null = null;
  let status = 0;
  let contentType: string | null = null;

  const startParser = (body: BodyKind & { kind: 'multipart' | 'jpeg' }, sniffed: boolean): MultipartParser => {
    summary.framing = body.kind;
    options.onResponse?.({
      status,
      contentType,
      boundary: body.kind === 'multipart' ? body.boundary : null,
      authScheme: connection.auth.scheme,
      httpVersion: connection.httpVersion(),
      ...(sniffed ? { framingFromBody: true } : {}),
    });
    return new MultipartParser({
      body,
      ...(options.maxPartBytes === undefined ? {} : { maxPartBytes: options.maxPartBytes }),
      onFrame: (jpeg) => {
        const size = readJpegSize(jpeg);
        options.onFrame({ jpeg, receivedAt: clock.now(), width: size?.width ?? null, height: size?.height ?? null });
      },
      onEvent: (event) => options.onParserEvent?.(event),
    });
  };
  const reads = options.releaseReads ? new ReadReleaser() : null;
  const feed = (chunk: Buffer): void => {
    const length = chunk.length;
    parser!.push(chunk);
    options.onBytes?.(length);
    reads?.parsed(chunk, parser!.bufferedBytes);
  };
  /** Sniffing: keeps the first bytes until they tell what the body is, then replays them into the parser. */
  const sniff = (ended: boolean): void => {
    const { head, notMjpeg } = sniffing!;
    const verdict = sniffBody(head, ended);
    if (verdict.kind === 'need-more') return;
    sniffing = null;
    if (verdict.kind === 'unknown') throw notMjpeg;
    parser = startParser(verdict, true);
    feed(head);
  };

  try {
    if (signal?.aborted) return summary;
    await connection.stream({ accept: ACCEPT_STREAM }, signal, {
      onHead(statusCode, headers) {
        status = statusCode;
        contentType = headerValue(headers, 'content-type');
        if (status < 200 || status > 299) {
          refusal = statusError(status, headers, clock.now());
          return 'discard';
        }
        const declared = classifyContentType(contentType);
        phase = 'body';
        if (declared.kind !== 'other') {
          parser = startParser(declared, false);
          return 'read';
        }
        const what = declared.mediaType === '' ? 'no Content-Type' : `Content-Type ${declared.mediaType}`;
        const notMjpeg = new StreamError('protocol', `the camera answered ${status} with ${what}, not an MJPEG (multipart/x-mixed-replace) or JPEG stream; check the stream path`, { status });
        if (!isSniffableMediaType(declared.mediaType)) {
          refusal = notMjpeg;
          return 'discard';
        }
        sniffing = { head: Buffer.alloc(0), notMjpeg };
        return 'read';
      },
      onData(chunk) {
        if (signal?.aborted) return;
        if (parser) return feed(chunk);
        sniffing!.head = Buffer.concat([sniffing!.head, chunk]);
        sniff(false);
      },
      onEnd() {
        if (sniffing) sniff(true);
      },
    });
    if (refusal) throw refusal as StreamError;
    if (!signal?.aborted) {
      (parser as MultipartParser | null)?.end();
      summary.ended = 'complete';
    }
    copyStats();
    return summary;
  } catch (error) {
    copyStats();
    if (signal?.aborted) return summary;
    throw toStreamError(error, timeouts, phase);
  } finally {
    connection.close();
  }
}

export async function cameraRequest(target: CameraTarget, request: CameraRequest): Promise<CameraResponse> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...request.timeouts };
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new RangeError(`maxBytes must be a positive whole number, got ${maxBytes}`);
  if (!request.path.startsWith('/')) throw new RangeError(`a camera request path must start with '/', got '${request.path}'`);
  const connection = openConnection(target, timeouts, request.path);
  try {
    const response = await connection.send({
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new StreamError('protocol', `the camera's answer to ${request.path.split('?')[0]} is larger than ${maxBytes} bytes; it was cut off`, { status: response.statusCode });
      }
      chunks.push(chunk);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body: Buffer.concat(chunks, total), authScheme: connection.auth.scheme };
  } catch (error) {
    // The caller cancelled: hand back its own abort, not a network failure.
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    throw toStreamError(error, timeouts, 'body');
  } finally {
    connection.close();
  }
}

type ResponseHeaders = Dispatcher.ResponseData['headers'];

/** Where a streamed answer goes, chunk by chunk, as undici's parser hands it over. */
interface ResponseSink {
  /**
   * The final answer's status and headers (a 401 that leads to another round never gets here).
   * 'discard' reads and drops up to MAX_ERROR_BODY_BYTES of the body (so the 401 round trip may
   * keep its connection) and ignores a failure while doing so.
   */
  onHead(status: number, headers: ResponseHeaders): 'read' | 'discard';
  onData(chunk: Buffer): void;
  onEnd(): void;
}

interface Connection {
  auth: Authenticator;
  /** GET with undici's dispatch API: each body chunk reaches the sink synchronously; no stream, no promise per chunk. */
  stream(headers: Record<string, string>, signal: AbortSignal | undefined, sink: ResponseSink): Promise<void>;
  send(request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal?: AbortSignal | undefined }): Promise<Dispatcher.ResponseData>;
  httpVersion(): string;
  close(): void;
}

function openConnection(target: CameraTarget, timeouts: StreamTimeouts, pathOverride?: string, authOptions: AuthenticatorOptions = {}): Connection {
  const url = parseTargetUrl(target.url);
  const path = pathOverride ?? `${url.pathname}${url.search}`;
  const credentials: Credentials | null =
    target.username !== undefined || target.password !== undefined ? { username: target.username ?? '', password: target.password ?? '' } : null;
  const auth = new Authenticator(credentials, authOptions);
  let version = '';
  const client = new Client(url.origin, {
    connect: cameraConnector({
      fingerprint256: target.fingerprint256,
      connectTimeoutMs: timeouts.connectMs,
      // The normalizer also reads each connection's first status line: undici does not expose the
      // HTTP version, and a camera answering HTTP/1.0 (close-delimited body) is worth knowing about.
      onSocket: (socket) => {
        version = '';
        normalizeResponseLineEndings(socket, { onStatusLine: (v) => { version ||= v; } });
      },
    }),
    headersTimeout: timeouts.headersMs,
    maxHeaderSize: MAX_RESPONSE_HEAD_BYTES,
    bodyTimeout: timeouts.idleBodyMs,
    pipelining: 1,
  });

  return {
    auth,
    httpVersion: () => version || '1.1',
    close: () => { client.destroy().catch(() => {}); },
    async stream(headers, signal, sink) {
      for (let round = 1; ; round++) {
        const authorization = auth.authorization('GET', path);
        let challenges: string[] | null = null;
        await exchange(client, { path, method: 'GET', headers: { 'user-agent': USER_AGENT, ...headers, ...(authorization ? { authorization } : {}) } }, signal, {
          onHead(status, responseHeaders) {
            if (status === 401) {
              challenges = headerValues(responseHeaders, 'www-authenticate');
              return 'discard';
            }
            auth.onAuthorized();
            return sink.onHead(status, responseHeaders);
          },
          onData: (chunk) => sink.onData(chunk),
          onEnd: () => sink.onEnd(),
        });
        if (challenges === null) return;
        auth.onUnauthorized(challenges); // throws when there is nothing more to try
        if (round >= MAX_AUTH_ROUNDS) {
          throw new StreamError('auth', `the camera kept asking for authentication after ${round} attempts; check the user name and password`, { status: 401 });
        }
      }
    },
    async send(request) {
      for (let round = 1; ; round++) {
        const authorization = auth.authorization(request.method, path);
        const response = await client.request({
          path,
          method: request.method,
          headers: { 'user-agent': USER_AGENT, ...request.headers, ...(authorization ? { authorization } : {}) },
          ...(request.body === undefined ? {} : { body: request.body }),
          ...(request.signal ? { signal: request.signal } : {}),
        });
        if (response.statusCode !== 401) {
          auth.onAuthorized();
          return response;
        }
        await discard(response.body);
        const challenges = headerValues(response.headers, 'www-authenticate');
        auth.onUnauthorized(challenges); // throws when there is nothing more to try
        if (round >= MAX_AUTH_ROUNDS) {
          throw new StreamError('auth', `the camera kept asking for authentication after ${round} attempts; check the user name and password`, { status: 401 });
        }
      }
    },
  };
}

/** The discard limit was reached: not an error, the rest of the body is simply not wanted. */
const DISCARDED = new Error('the rest of the body was not needed');

/**
 * One request and its answer through `client.dispatch`. Resolves when the body ends (or, in
 * discard mode, when enough of it was dropped or reading it failed); rejects with a transport
 * error, the signal's abort, or whatever the sink threw (the request is aborted with it).
 */
function exchange(client: Client, request: Dispatcher.DispatchOptions, signal: AbortSignal | undefined, sink: ResponseSink): Promise<void> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let mode: 'head' | 'read' | 'discard' = 'head';
    let discarded = 0;
    let settled = false;
    const settle = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === null || (mode === 'discard' && error !== signal?.reason)) resolve();
      else reject(error);
    };
    const fail = (error: unknown): void => {
      const reason = error instanceof Error ? error : new Error(String(error));
      settle(reason);
      controller?.abort(reason);
    };
    // Settle at once: a connect in progress would otherwise hold the caller until it times out.
    const onAbort = (): void => fail(signal!.reason ?? new undiciErrors.RequestAbortedError());
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    client.dispatch(request, {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(signal?.reason ?? new undiciErrors.RequestAbortedError());
      },
      onResponseStart(_c, statusCode, headers) {
        if (settled || statusCode < 200) return; // 1xx: an interim answer, the real one follows
        try {
          mode = sink.onHead(statusCode, headers);
        } catch (error) {
          fail(error);
        }
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        if (mode === 'discard') {
          discarded += chunk.length;
          if (discarded > MAX_ERROR_BODY_BYTES) fail(DISCARDED);
          return;
        }
        try {
          sink.onData(chunk);
        } catch (error) {
          fail(error);
        }
      },
      onResponseEnd() {
        if (settled) return;
        if (mode === 'read') {
          try {
            sink.onEnd();
          } catch (error) {
            return fail(error);
          }
        }
        settle(null);
      },
      onResponseError(_c, error) {
        settle(error);
      },
    });
  });
}

function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StreamError('protocol', 'the camera URL is not a valid URL; write it as http://host[:port]/path');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StreamError('protocol', `the camera URL uses ${url.protocol.replace(/:$/, '')}; only http and https are supported`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new StreamError('auth', 'the camera URL contains a user name or password; remove them from the URL and give them separately, so they never end up in logs');
  }
  return url;
}

/**
 * Frees socket reads once parsed (`releaseReads`). Every read is an ArrayBuffer of its own
 * (about one VGA frame each), and V8 counts ArrayBuffer memory allocated since the last full GC
 * against the old generation's limit: at 64 cameras the reads waiting for a scavenge (20-30 MB)
 * are enough to keep a worker in back-to-back Mark-Compacts. Detaching a read frees it at once
 * and takes it out of that count.
 */
class ReadReleaser {
  /** Reads the parser may still hold, oldest first, and their total length. */
  #held: Buffer[] = [];
  #heldBytes = 0;

  /** `chunk` was pushed, and the parser now keeps the last `buffered` bytes it was given. */
  parsed(chunk: Buffer, buffered: number): void {
    const held = this.#held;
    held.push(chunk);
    this.#heldBytes += chunk.length;
    while (held.length > 0 && this.#heldBytes - held[0]!.length >= buffered) {
      const done = held.shift()!;
      this.#heldBytes -= done.length;
      release(done);
    }
  }
}

type Transferable = ArrayBuffer & { transfer?(length: number): ArrayBuffer };

/**
 * Detaches `chunk`'s memory if the chunk is all of its ArrayBuffer (a socket read of its own,
 * never a Buffer from Node's shared pool or a part of a larger read); anything else is left to
 * the GC. Detaching frees the memory now; any other view of it reads as empty afterwards.
 */
function release(chunk: Buffer): void {
  const buffer = chunk.buffer as Transferable;
  if (chunk.byteOffset !== 0 || chunk.byteLength !== buffer.byteLength || !(buffer instanceof ArrayBuffer)) return;
  try {
    buffer.transfer?.(0);
  } catch {
    // not detachable: the GC frees it
  }
}

function headerValues(headers: Dispatcher.ResponseData['headers'], name: string): string[] {
  const value = headers[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  return headerValues(headers, name)[0] ?? null;
}

async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: MAX_ERROR_BODY_BYTES });
  } catch {
    // the body is not needed; a failure to read it changes nothing about the answer
  }
}

function statusError(status: number, headers: Dispatcher.ResponseData['headers'], nowMs: number): StreamError {
  if (status === 403) {
    return new StreamError('auth', 'the camera refused access (403 Forbidden): this user may not view the stream; check the user\'s rights on the camera', { status });
  }
  if (status === 503) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
    const when = retryAfterMs === undefined ? 'try again later' : `it asks to retry in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new StreamError('http', `the camera is busy (503 Service Unavailable; too many viewers or overloaded); ${when}`, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 404) return new StreamError('http', 'the camera has no stream at this path (404 Not Found); check the URL path', { status });
  if (status >= 300 && status < 400) {
    return new StreamError('http', `the camera redirects this URL (${status}); use the address it redirects to`, { status });
  }
  return new StreamError('http', `the camera answered HTTP ${status}; check the URL and the camera's web interface`, { status });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the camera refused the connection (nothing listens on that port); check the address and port',
  ECONNRESET: 'the camera reset the connection',
  ENOTFOUND: 'the camera\'s host name could not be resolved; check the address',
  EAI_AGAIN: 'the camera\'s host name could not be resolved right now (DNS failure); check the network',
  EHOSTUNREACH: 'the camera\'s address is unreachable; check the network',
  ENETUNREACH: 'the network to the camera is unreachable; check the network',
  EPIPE: 'the camera closed the connection while the request was being sent',
  UND_ERR_SOCKET: 'the camera closed the connection',
};

function toStreamError(error: unknown, timeouts: StreamTimeouts, phase: 'headers' | 'body'): StreamError {
  if (error instanceof StreamError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  if (error instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new StreamError('timeout', `no connection to the camera within ${seconds(timeouts.connectMs)}; check that it is on and reachable`, { cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new StreamError('timeout', `the camera accepted the connection but sent no answer within ${seconds(timeouts.headersMs)}`, { cause: error });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new StreamError('timeout', `the camera sent nothing for ${seconds(timeouts.idleBodyMs)} in the middle of the ${phase === 'body' ? 'stream' : 'answer'}`, { cause: error });
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return new StreamError('protocol', 'the camera\'s answer did not match its own Content-Length', { cause: error });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new StreamError('protocol', `the camera's HTTP response head is larger than ${MAX_RESPONSE_HEAD_BYTES / 1024} KiB (too many or too long header lines); it was refused`, { cause: error });
  }
  if ((typeof code === 'string' && code.startsWith('HPE_')) || (error as Error | null)?.name === 'HTTPParserError') {
    // undici's message names the defect ("Missing expected CR after response line") and holds no secrets.
    const detail = error instanceof Error ? error.message : String(code);
    return new StreamError('protocol', `the camera's HTTP answer could not be parsed: ${detail}; it does not speak valid HTTP/1.x`, { cause: error });
  }
  if (typeof code === 'string' && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return new StreamError('tls', `the TLS handshake with the camera failed (${code}); check that the port speaks https`, { cause: error });
  }
  const known = typeof code === 'string' ? NETWORK_CODES[code] : undefined;
  if (known) return new StreamError('network', `${known}${phase === 'body' && code !== 'ECONNREFUSED' ? ' during the stream' : ''}`, { cause: error });
  if (error instanceof undiciErrors.UndiciError) {
    return new StreamError('network', `the connection to the camera failed (${String(code)})`, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new StreamError('network', `the connection to the camera failed (${text})`, { cause: error });
}
