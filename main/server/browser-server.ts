// The browser shell's server: one HTTP listener that serves the built renderer and upgrades
// `/api` to the WebSocket that carries calls, events and frames (docs/api.md, "Wire protocol").
// Every request passes the Host check; pages need the token cookie (or ?token=, which is
// swapped for the cookie by a redirect so the token leaves the address bar); the WebSocket
// needs the cookie AND an Origin of this very server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_CLIENT_MESSAGE_BYTES, WS_PATH } from '../../shared/api/wire.ts';
import type { CamwallCore } from '../service/core.ts';
import { systemClock, type Clock } from '../base/clock.ts';
import { hasValidCookie, hostAllowed, isLoopbackAddress, originAllowed, tokenCookie } from './access.ts';
import { ClientSession } from './client-session.ts';
import { OutputBudget } from './output-budget.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { serveStatic } from './static-files.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { zipFiles } from '../export/zip-stream.ts';
import { ServiceError } from '../service/service-error.ts';
import { tokenMatches } from './token.ts';

export type BrowserServerOptions = {
  core: CamwallCore;
  token: string;
  /** The built renderer (dist/renderer) or, in tests, another folder with an index.html. */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
  /** Times the WebSocket pings; the system clock by default. */
  clock?: Clock;
  /** Default MAX_CLIENT_SESSIONS; tests lower it. */
  maxSessions?: number;
};

export interface BrowserServer {
  readonly port: number;
  readonly host: string;
  /** The address to open, with the token: `http://127.0.0.1:PORT/?token=...`. */
  readonly url: string;
  /** Connected WebSocket clients, for tests and diagnostics. */
  readonly sessions: ReadonlySet<ClientSession>;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
/** `/exports/<id>.zip`: a finished export (see exportDownloadPath in main/service/core.ts). */
const EXPORT_DOWNLOAD_RE = /^\/exports\/([1-9]\d{0,15})\.zip$/;
/** Browser connections at once; more are refused with 503 (each holds subscriptions and buffers). */
export const MAX_CLIENT_SESSIONS = 32;
/** How long the WebSocket keepalive waits for a pong before dropping a dead client. */
export const PING_INTERVAL_MS = 30_000;

const REFUSAL_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

const UNAUTHORIZED_TEXT =
  'Camwall: this page needs the access token. Open the address that `camwall serve` printed (it ends in ?token=...).\n';

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const host = options.host ?? DEFAULT_HOST;
  const loopbackOnly = isLoopbackAddress(host);
  const log = options.log ?? (() => {});
  const sessions = new Set<ClientSession>();
  const maxSessions = options.maxSessions ?? MAX_CLIENT_SESSIONS;
  const budget = new OutputBudget();
  let port = 0;
  let nextClient = 1;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<object, boolean>();

  const server: Server = createServer((request, response) => {
    try {
      handleRequest(request, response);
    } catch {
      if (!response.headersSent) plain(response, 500, 'Camwall: the server failed to answer this request.\n');
      else response.destroy();
    }
  });

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const hostHeader = request.headers.host;
    if (!hostAllowed(hostHeader, port, loopbackOnly)) {
      // No CSP with an unchecked Host in it.
      return plain(response, 421, `Camwall: this server answers only to its own address (for example 127.0.0.1:${port}).\n`);
    }
    setSecurityHeaders(response, hostHeader as string);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'Camwall: only GET and HEAD are served here; the API is on the WebSocket.\n');
    }
    const url = new URL(request.url ?? '/', `http://${hostHeader}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokenMatches(options.token, queryToken)) return plain(response, 401, UNAUTHORIZED_TEXT);
      url.searchParams.delete('token');
      response.setHeader('Set-Cookie', tokenCookie(port, options.token));
      // One leading slash: `//host/...` (what `/.//host/` normalises to) would send the browser to another host.
      response.setHeader('Location', `/${url.pathname.replace(/^\/+/, '')}${url.search}`);
      response.setHeader('Cache-Control', 'no-store');
      response.statusCode = 303;
      response.end();
      return;
    }
    if (!hasValidCookie(request, port, options.token)) return plain(response, 401, UNAUTHORIZED_TEXT);
    const download = EXPORT_DOWNLOAD_RE.exec(url.pathname);
    if (download) return void sendExport(Number(download[1]), request, response);
    if (serveStatic(options.staticDir, request, response) === 'not-found') plain(response, 404, 'Camwall: no such file.\n');
  }

  /** A finished export as one zip, streamed with the socket's backpressure. */
  async function sendExport(id: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
    let paths: string[];
    try {
      paths = options.core.exports.files(id).paths;
    } catch (error) {
      return plain(response, error instanceof ServiceError && error.code === 'not-found' ? 404 : 409, `Camwall: ${error instanceof Error ? error.message : 'this export cannot be downloaded'}\n`);
    }
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', `attachment; filename="camwall-export-${id}.zip"`);
    response.setHeader('Cache-Control', 'no-store');
    if (request.method === 'HEAD') return void response.end();
    try {
      await pipeline(Readable.from(zipFiles(paths)), response);
    } catch (error) {
      log(`the download of export ${id} stopped: ${error instanceof Error ? error.message : String(error)}`);
      response.destroy();
    }
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${REFUSAL_TEXT[status] ?? 'Forbidden'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    const hostHeader = request.headers.host;
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH) return refuse(403, `Camwall: the WebSocket is at ${WS_PATH}.\n`);
    if (!hostAllowed(hostHeader, port, loopbackOnly)) return refuse(403, 'Camwall: wrong Host for this server.\n');
    if (!originAllowed(request.headers.origin, hostHeader)) return refuse(403, 'Camwall: WebSocket connections are accepted only from Camwall\'s own page (Origin mismatch).\n');
    if (!hasValidCookie(request, port, options.token)) return refuse(401, UNAUTHORIZED_TEXT);
    if (sessions.size >= maxSessions) {
      log(`refused a browser connection: ${sessions.size} are open already (at most ${maxSessions})`);
      return refuse(503, `Camwall: ${sessions.size} browser windows are connected already, the most it serves at once (${maxSessions}). Close one and reload.\n`);
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new ClientSession(ws, options.core, `ws client ${nextClient++}`, budget);
      sessions.add(session);
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => sessions.delete(session));
    });
  });

  const pinger = (options.clock ?? systemClock).setRepeating(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_INTERVAL_MS);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host;
  log(`listening on ${host}:${port}`);

  return {
    port,
    host,
    url: `http://${urlHost}:${port}/?token=${options.token}`,
    sessions,
    async close() {
      pinger.cancel();
      for (const session of sessions) session.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(text);
}
