// A test camera on 127.0.0.1 that serves MJPEG the way real cameras do, including the ways they
// get it wrong: Basic and Digest (MD5, SHA-256, -sess, stale nonces, several headers), HTTP/1.0
// close-delimited and HTTP/1.1 chunked bodies, LF-only part lines, boundaries declared with their
// dashes, parts without or with lying Content-Length, wrong content types, 503 with Retry-After,
// connections cut mid-frame, streams that stall. It speaks raw TCP (or TLS) so that it can send
// what node:http would refuse to.
//
// The Digest check here is written independently of main/stream/auth (regex parsing, its own
// hashing) so that a bug there cannot make both sides agree on a wrong answer.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

export type TestDigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

export interface TestCameraAuth {
  username: string;
  password: string;
  /** Challenges offered, strongest or weakest first as the test likes. */
  schemes: Array<'basic' | TestDigestAlgorithm>;
  /** Put every challenge in one WWW-Authenticate header instead of one header each. */
  oneHeader?: boolean;
  /** Offer qop="auth" (default) or the RFC 2069 form without qop. */
  qop?: boolean;
  /** Answer the first correct Digest response with 401 stale=true and a new nonce. */
  staleOnce?: boolean;
  /** Answer every correct Digest response with stale=true (a broken camera). */
  alwaysStale?: boolean;
  userhash?: boolean;
  opaque?: string;
  /** Reply 403 instead of the stream when authentication succeeds (a user without rights). */
  forbidden?: boolean;
}

export interface TestCameraOptions {
  auth?: TestCameraAuth;
  /** JPEGs sent in turn, looping; required unless `respond` answers every request. */
  frames?: Buffer[];
  /** Parts sent before the stream ends; default frames.length; Infinity for endless. */
  frameCount?: number;
  /** Pause between parts. */
  intervalMs?: number;
  httpVersion?: '1.0' | '1.1';
  /** HTTP/1.1 body framing; HTTP/1.0 is always close-delimited. */
  transfer?: 'chunked' | 'close';
  /** Declared boundary, as it appears in Content-Type (may include dashes or quotes). Default 'myboundary'. */
  boundary?: string;
  /** The delimiter line actually sent; default '--' + the unquoted boundary. */
  delimiter?: string;
  /** Full Content-Type override (e.g. 'text/html', or 'image/jpeg' for a snapshot). */
  contentType?: string;
  lineEnding?: '\r\n' | '\n';
  /** Part Content-Length: exact (default), absent, or larger than the data sent. */
  partLength?: 'exact' | 'none' | 'larger';
  /** Send the closing delimiter `--boundary--` at the end of the stream. */
  closingDelimiter?: boolean;
  /** After this many whole parts, send half of the next one and close the connection. */
  cutAfterFrames?: number;
  /** After this many whole parts, send nothing more and keep the connection open. */
  stallAfterFrames?: number;
  /** Answer with this status (and no stream), e.g. 503. */
  status?: number;
  extraHeaders?: Record<string, string>;
  /** Serve a single JPEG body (image/jpeg with Content-Length) instead of a stream. */
  single?: boolean;
  /** Send the response head with LF-only line endings, or ('mixed') CRLF and LF in turn. */
  lfOnlyHead?: boolean | 'mixed' | 'stream';
  /** End chunk-size lines, the line after each chunk's data and the last chunk with LF only. */
  lfOnlyChunkLines?: boolean;
  /** Requests this returns a response for are answered with it (after authentication). */
  respond?(request: RecordedRequest): SimpleResponse | undefined;
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SimpleResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked (HTTP/1.1), in chunks of this many bytes, instead of with Content-Length. */
  chunkBytes?: number;
}

export interface TestCamera {
  port: number;
  /** URL of a path on this camera (default the VAPIX MJPEG path). */
  url(path?: string): string;
  requests: RecordedRequest[];
  /** Every part body written whole, in order (what a client should deliver). */
  sentFrames: Buffer[];
  /** Connections accepted so far, and how many are still open. */
  connections: { accepted: number; open: number };
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable',
};
const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

export async function startTestCamera(options: TestCameraOptions): Promise<TestCamera> {
  const sockets = new Set<net.Socket>();
  const requests: RecordedRequest[] = [];
  const sentFrames: Buffer[] = [];
  const connections = { accepted: 0, open: 0 };
  const nonces = new Set<string>();
  let staleSent = false;
  let closed = false;

  const onConnection = (socket: net.Socket): void => {
    sockets.add(socket);
    connections.accepted++;
    connections.open++;
    socket.on('close', () => {
      sockets.delete(socket);
      connections.open--;
    });
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let busy = false;
    const pump = (): void => {
      if (busy) return;
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        if (buffered.length > MAX_REQUEST_HEAD_BYTES) socket.destroy();
        return;
      }
      const head = buffered.subarray(0, headEnd).toString('latin1').split('\r\n');
      const [method = '', path = ''] = (head[0] ?? '').split(' ');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const bodyLength = Number(headers['content-length'] ?? 0);
      if (buffered.length < headEnd + 4 + bodyLength) return;
      const body = buffered.subarray(headEnd + 4, headEnd + 4 + bodyLength);
      buffered = buffered.subarray(headEnd + 4 + bodyLength);
      const request = { method, path, headers, body: Buffer.from(body) };
      requests.push(request);
      busy = true;
      handle(socket, request).then(
        (keepOpen) => {
          busy = false;
          if (keepOpen) pump();
        },
        () => socket.destroy(),
      );
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      pump();
    });
  };

  /** Answers one request; resolves true when the connection may carry another request. */
  async function handle(socket: net.Socket, request: RecordedRequest): Promise<boolean> {
    const version = options.httpVersion ?? '1.1';
    if (options.auth) {
      const verdict = checkAuthorization(options.auth, request, nonces);
      if (verdict === 'ok' && (options.auth.alwaysStale || (options.auth.staleOnce && !staleSent)) && !request.headers.authorization?.startsWith('Basic')) {
        staleSent = true;
        writeHead(socket, version, 401, challengeHeaders(options.auth, nonces, true), 'stale\n');
        return version === '1.1';
      }
      if (verdict !== 'ok') {
        writeHead(socket, version, 401, challengeHeaders(options.auth, nonces, false), 'unauthorized\n');
        return version === '1.1';
      }
      if (options.auth.forbidden) {
        writeHead(socket, version, 403, [], 'forbidden\n');
        return version === '1.1';
      }
    }
    const custom = options.respond?.(request);
    if (custom) {
      const body = typeof custom.body === 'string' ? Buffer.from(custom.body) : (custom.body ?? Buffer.alloc(0));
      if (custom.chunkBytes !== undefined && version === '1.1') {
        writeHead(socket, version, custom.status, [...Object.entries(custom.headers ?? {}), ['Transfer-Encoding', 'chunked']], null);
        for (let at = 0; at < body.length; at += custom.chunkBytes) socket.write(chunk(body.subarray(at, at + custom.chunkBytes)));
        socket.write(lastChunk());
      } else {
        writeHead(socket, version, custom.status, Object.entries(custom.headers ?? {}), body);
      }
      return version === '1.1';
    }
    if (options.status !== undefined) {
      writeHead(socket, version, options.status, Object.entries(options.extraHeaders ?? {}), `status ${options.status}\n`);
      return version === '1.1';
    }
    await streamTo(socket, version);
    return false;
  }

  function writeHead(socket: net.Socket, version: string, status: number, headers: Array<[string, string]>, body: string | Buffer | null): void {
    // 'stream': the stream's 200 head LF-only, every other answer (the 401s) with CRLF, as when a
    // camera's web server answers the challenge and its CGI writes the stream's head itself.
    const lf = options.lfOnlyHead === true || (options.lfOnlyHead === 'stream' && status === 200);
    const eol = (line: number): string => (lf || (options.lfOnlyHead === 'mixed' && line % 2 === 1) ? '\n' : '\r\n');
    const lines = [`HTTP/${version} ${status} ${STATUS_TEXT[status] ?? 'Status'}`];
    for (const [name, value] of headers) lines.push(`${name}: ${value}`);
    const head = (): string => lines.map((line, i) => line + eol(i)).join('') + eol(lines.length);
    if (body !== null) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      lines.push(`Content-Length: ${bytes.length}`);
      if (version === '1.0') lines.push('Connection: close');
      socket.write(Buffer.concat([Buffer.from(head(), 'latin1'), bytes]));
      if (version === '1.0') socket.end();
    } else {
      socket.write(head(), 'latin1');
    }
  }

  async function streamTo(socket: net.Socket, version: string): Promise<void> {
    const frames = options.frames ?? [];
    if (frames.length === 0) throw new Error('test camera: no frames to stream');
    const chunked = version === '1.1' && (options.transfer ?? 'chunked') === 'chunked';
    const unquoted = (options.boundary ?? 'myboundary').replace(/^"(.*)"$/, '$1');
    const contentType = options.contentType ?? `multipart/x-mixed-replace; boundary=${options.boundary ?? 'myboundary'}`;
    const extra = Object.entries(options.extraHeaders ?? {});
    const first = frames[0] as Buffer;

    if (options.single) {
      writeHead(socket, version, 200, [['Content-Type', contentType], ...extra], first);
      sentFrames.push(first);
      return;
    }
    const headers: Array<[string, string]> = [['Content-Type', contentType], ['Cache-Control', 'no-cache'], ...extra];
    if (chunked) headers.push(['Transfer-Encoding', 'chunked']);
    else headers.push(['Connection', 'close']);
    writeHead(socket, version, 200, headers, null);

    const send = async (data: Buffer): Promise<boolean> => {
      if (socket.destroyed || closed) return false;
      const ok = socket.write(chunked ? chunk(data) : data);
      if (!ok) await new Promise<void>((resolve) => { socket.once('drain', resolve); socket.once('close', resolve); });
      return !socket.destroyed;
    };
    const eol = options.lineEnding ?? '\r\n';
    const delimiter = options.delimiter ?? `--${unquoted}`;
    const total = options.frameCount ?? frames.length;
    for (let i = 0; i < total; i++) {
      const jpeg = frames[i % frames.length] as Buffer;
      const lengthHeader = options.partLength === 'none' ? '' : `Content-Length: ${options.partLength === 'larger' ? jpeg.length + 100 : jpeg.length}${eol}`;
      const head = Buffer.from(`${delimiter}${eol}Content-Type: image/jpeg${eol}${lengthHeader}${eol}`, 'latin1');
      if (options.cutAfterFrames !== undefined && i === options.cutAfterFrames) {
        await send(Buffer.concat([head, jpeg.subarray(0, jpeg.length >> 1)]));
        socket.destroy();
        return;
      }
      if (options.stallAfterFrames !== undefined && i === options.stallAfterFrames) return; // silent, open
      if (!(await send(Buffer.concat([head, jpeg, Buffer.from(eol)])))) return;
      sentFrames.push(jpeg);
      if (options.intervalMs) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
    if (options.closingDelimiter) await send(Buffer.from(`${delimiter}--${eol}`));
    if (chunked && !socket.destroyed) socket.write(lastChunk());
    socket.end();
  }

  function chunk(data: Buffer): Buffer {
    const eol = options.lfOnlyChunkLines ? '\n' : '\r\n';
    return Buffer.concat([Buffer.from(`${data.length.toString(16)}${eol}`), data, Buffer.from(eol)]);
  }

  function lastChunk(): string {
    return options.lfOnlyChunkLines ? '0\n\n' : '0\r\n\r\n';
  }

  const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onConnection) : net.createServer(onConnection);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  return {
    port,
    url: (path = '/axis-cgi/mjpg/video.cgi') => `${scheme}://127.0.0.1:${port}${path}`,
    requests,
    sentFrames,
    connections,
    close: async () => {
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- authentication, server side ----

const hashName = (algorithm: string): string => (algorithm.toUpperCase().startsWith('SHA-256') ? 'sha256' : 'md5');
const h = (algorithm: string, text: string): string => createHash(hashName(algorithm)).update(text, 'utf8').digest('hex');
const REALM = 'AXIS_TEST Süd';

function challengeHeaders(auth: TestCameraAuth, nonces: Set<string>, stale: boolean): Array<[string, string]> {
  const challenges = auth.schemes.map((scheme) => {
    if (scheme === 'basic') return `Basic realm="${REALM}", charset="UTF-8"`;
    const nonce = randomBytes(12).toString('base64');
    nonces.add(nonce);
    const parts = [`realm="${REALM}"`, `nonce="${nonce}"`, `algorithm=${scheme}`];
    if (auth.qop !== false) parts.push('qop="auth"');
    if (auth.opaque !== undefined) parts.push(`opaque="${auth.opaque}"`);
    if (auth.userhash) parts.push('userhash=true');
    if (stale) parts.push('stale=true');
    return `Digest ${parts.join(', ')}`;
  });
  return auth.oneHeader ? [['WWW-Authenticate', challenges.join(', ')]] : challenges.map((c) => ['WWW-Authenticate', c]);
}

function parseDigestParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    params[(m[1] as string).toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
  }
  return params;
}

function checkAuthorization(auth: TestCameraAuth, request: RecordedRequest, nonces: Set<string>): 'ok' | 'missing' | 'wrong' {
  const header = request.headers.authorization;
  if (!header) return 'missing';
  if (/^basic /i.test(header)) {
    if (!auth.schemes.includes('basic')) return 'wrong';
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    return decoded === `${auth.username}:${auth.password}` ? 'ok' : 'wrong';
  }
  if (!/^digest /i.test(header)) return 'wrong';
  const p = parseDigestParams(header.slice(7));
  const algorithm = p.algorithm ?? 'MD5';
  if (!auth.schemes.includes(algorithm as TestDigestAlgorithm)) return 'wrong';
  if (p.nonce === undefined || !nonces.has(p.nonce) || p.uri !== request.path || p.realm !== REALM) return 'wrong';
  let username = p.username;
  if (p['username*'] !== undefined) {
    const m = /^UTF-8''(.*)$/i.exec(p['username*']);
    username = m ? decodeURIComponent(m[1] as string) : undefined;
  }
  if (auth.userhash) {
    if (p.userhash !== 'true' || p.username !== h(algorithm, `${auth.username}:${REALM}`)) return 'wrong';
    username = auth.username;
  }
  if (username !== auth.username) return 'wrong';
  if (auth.opaque !== undefined && p.opaque !== auth.opaque) return 'wrong';
  let ha1 = h(algorithm, `${auth.username}:${REALM}:${auth.password}`);
  if (algorithm.endsWith('-sess')) ha1 = h(algorithm, `${ha1}:${p.nonce}:${p.cnonce}`);
  const ha2 = h(algorithm, `${request.method}:${request.path}`);
  const expected = auth.qop === false
    ? h(algorithm, `${ha1}:${p.nonce}:${ha2}`)
    : h(algorithm, `${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
  if (auth.qop !== false && (p.qop !== 'auth' || !/^[0-9a-f]{8}$/.test(p.nc ?? ''))) return 'wrong';
  return p.response === expected ? 'ok' : 'wrong';
}
