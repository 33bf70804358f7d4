// The MJPEG re-stream listener (docs/restream.md): every camera Camwall streams, served again at
// Axis's own paths, so OpenCV, ffmpeg, VLC, Home Assistant and a browser's <img> can watch it
// through the one connection Camwall keeps to the camera:
//   GET /axis-cgi/mjpg/video.cgi?camera=<id>[&resolution=WxH|main|sub][&fps=N]
//   GET /axis-cgi/jpg/image.cgi?camera=<id>[&resolution=...]
// Access needs the re-stream user's password (Digest, or Basic where the user allowed it), never
// the browser shell's token. Every reader is an ordinary frame-hub subscriber (MjpegReader).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Camera } from '../../../shared/camera.ts';
import { hasSubStream } from '../../../shared/camera.ts';
import type { RestreamSettings } from '../../../shared/settings.ts';
import type { Clock } from '../../base/clock.ts';
import type { CamwallCore } from '../../service/core.ts';
import { liveStreamOf } from '../../service/stream-sync.ts';
import { Authenticator, DEFAULT_NONCE_LIFETIME_MS, type AuthResult } from '../../simulator/auth.ts';
import { STREAM_CONTENT_TYPE } from '../../simulator/mjpeg-framing.ts';
import { hostAllowed, isLoopbackAddress } from '../access.ts';
import { MjpegReader } from './mjpeg-reader.ts';

/** Readers (video.cgi connections) at once, over every camera; more are answered 503. */
export const MAX_RESTREAM_READERS = 32;
/** The highest `fps=` accepted (VAPIX's own range). */
export const MAX_RESTREAM_FPS = 120;
/** image.cgi waits this long for a frame of a camera nobody was watching before answering 503. */
export const IMAGE_WAIT_MS = 10_000;
/** The realm of the Digest and Basic challenges. */
export const RESTREAM_REALM = 'Camwall re-stream';

export type RestreamServerOptions = {
  core: CamwallCore;
  settings: RestreamSettings;
  password: string;
  clock: Clock;
  log?: (line: string) => void;
  /** Default MAX_RESTREAM_READERS; tests lower it. */
  maxReaders?: number;
  /** Readers connected or gone, for the status the API reports. */
  onReadersChange?: (readers: number) => void;
};

export interface RestreamServer {
  readonly port: number;
  readonly readers: ReadonlySet<MjpegReader>;
  close(): Promise<void>;
}

type Resolved = { ok: true; camera: Camera; stream: 'main' | 'sub'; fps: number } | { ok: false; status: number; text: string };

export async function startRestreamServer(options: RestreamServerOptions): Promise<RestreamServer> {
  const { core, settings, clock } = options;
  const log = options.log ?? (() => {});
  const maxReaders = options.maxReaders ?? MAX_RESTREAM_READERS;
  const loopbackOnly = isLoopbackAddress(settings.host);
  const readers = new Set<MjpegReader>();
  const sockets = new Set<Socket>();
  // Digest always; Basic as well only when the user allowed it (it sends the password readable).
  const authenticator = (mode: 'digest' | 'basic') =>
    new Authenticator({ mode, user: settings.user, password: options.password, realm: RESTREAM_REALM, nonceLifetimeMs: DEFAULT_NONCE_LIFETIME_MS, rejectAll: false }, () => clock.now());
  const digest = authenticator('digest');
  const basic = settings.auth === 'basic' ? authenticator('basic') : null;
  const checkCredentials = (method: string, uri: string, authorization: string | undefined): AuthResult => {
    if (basic !== null && authorization !== undefined && /^basic\s/i.test(authorization)) {
      const answer = basic.check(method, uri, authorization);
      if (answer.ok) return answer;
    }
    const answer = digest.check(method, uri, authorization);
    if (answer.ok || basic === null) return answer;
    return { ok: false, challenges: [...answer.challenges, `Basic realm="${RESTREAM_REALM}"`] };
  };
  let port = 0;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`re-stream: a request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) plain(response, 500, 'Camwall: the re-stream failed to answer this request.\n');
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host, port, loopbackOnly)) {
      return plain(response, 421, `Camwall: this re-stream answers only to its own address (for example 127.0.0.1:${port}).\n`);
    }
    const url = new URL(request.url ?? '/', 'http://restream');
    const kind = url.pathname === '/axis-cgi/mjpg/video.cgi' ? 'video' : url.pathname === '/axis-cgi/jpg/image.cgi' ? 'image' : null;
    if (kind === null) return plain(response, 404, 'Camwall: the re-stream serves /axis-cgi/mjpg/video.cgi?camera=<id> and /axis-cgi/jpg/image.cgi?camera=<id>.\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'Camwall: the re-stream answers GET only.\n');
    }
    // Credentials before anything else: an unknown camera id is not revealed to a stranger.
    const checked = checkCredentials(request.method, request.url ?? '/', request.headers.authorization);
    if (!checked.ok) {
      response.setHeader('WWW-Authenticate', checked.challenges);
      return plain(response, 401, `Camwall: the re-stream needs the user and password set in Camwall's settings (${settings.auth === 'digest' ? 'HTTP Digest' : 'HTTP Basic or Digest'}).\n`);
    }
    const resolved = resolve(url.searchParams);
    if (!resolved.ok) return plain(response, resolved.status, resolved.text);
    if (kind === 'image') return sendImage(resolved.camera, resolved.stream, request, response);
    return startReader(resolved.camera, resolved.stream, resolved.fps, request, response);
  }

  function resolve(params: URLSearchParams): Resolved {
    const id = params.get('camera');
    if (id === null || id === '') return { ok: false, status: 400, text: 'Camwall: name the camera: ?camera=<id> (its id is in the camera list and in the settings page).\n' };
    const camera = core.registry.cameras.get(id);
    if (camera === null) return { ok: false, status: 404, text: `Camwall: there is no camera '${id.slice(0, 64)}'. Use a camera id from the settings page (for example cam-k3x9a2bq).\n` };
    if (!camera.enabled) return { ok: false, status: 404, text: `Camwall: camera ${camera.id} (${camera.name}) is disabled; enable it to re-stream it.\n` };
    const stream = streamFor(camera, params.get('resolution'));
    if (stream === null) {
      const offered = [camera.resolution ?? 'main', ...(hasSubStream(camera) ? [camera.subResolution ?? 'sub'] : [])].join(' or ');
      return { ok: false, status: 400, text: `Camwall: camera ${camera.id} has no stream at resolution=${(params.get('resolution') ?? '').slice(0, 32)}; ask for ${offered}.\n` };
    }
    const fpsText = params.get('fps');
    const fps = fpsText === null ? 0 : Number(fpsText);
    if (!Number.isInteger(fps) || fps < 0 || fps > MAX_RESTREAM_FPS) {
      return { ok: false, status: 400, text: `Camwall: fps must be a whole number from 0 (every frame) to ${MAX_RESTREAM_FPS}.\n` };
    }
    return { ok: true, camera, stream, fps };
  }

  function startReader(camera: Camera, stream: 'main' | 'sub', fps: number, request: IncomingMessage, response: ServerResponse): void {
    if (readers.size >= maxReaders) {
      log(`re-stream: refused a reader of camera ${camera.id}: ${readers.size} are connected already (at most ${maxReaders})`);
      response.setHeader('Retry-After', '5');
      return plain(response, 503, `Camwall: ${readers.size} readers are connected already, the most the re-stream serves at once (${maxReaders}). Close one and try again.\n`);
    }
    response.useChunkedEncodingByDefault = false;
    response.shouldKeepAlive = false;
    response.writeHead(200, { 'Content-Type': STREAM_CONTENT_TYPE, 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache', Connection: 'close' });
    if (request.method === 'HEAD') return void response.end();
    response.flushHeaders();
    const reader = new MjpegReader({
      cameraId: camera.id,
      response,
      clock,
      maxFps: fps,
      onClose: (closed) => {
        readers.delete(closed);
        options.onReadersChange?.(readers.size);
      },
    });
    readers.add(reader);
    options.onReadersChange?.(readers.size);
    reader.attach(core.subscribeFrames(camera.id, stream, reader, 1));
  }

  async function sendImage(camera: Camera, stream: 'main' | 'sub', request: IncomingMessage, response: ServerResponse): Promise<void> {
    const frame = await core.streams.snapshot(liveStreamOf(camera, stream), IMAGE_WAIT_MS);
    if (frame === null) {
      response.setHeader('Retry-After', '5');
      return plain(response, 503, `Camwall: camera ${camera.id} (${camera.name}) has no picture now (offline or still connecting); try again.\n`);
    }
    response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': frame.jpeg.byteLength, 'Cache-Control': 'no-cache, no-store' });
    response.end(request.method === 'HEAD' ? undefined : new Uint8Array(frame.jpeg));
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  // A camera removed or disabled sends nothing more: its readers are closed rather than left waiting.
  const stopWatching = core.events.on('cameras.changed', ({ cameras }) => {
    const streaming = new Set(cameras.filter((c) => c.enabled).map((c) => c.id));
    for (const reader of [...readers]) if (!streaming.has(reader.cameraId)) reader.close();
  });
  log(`re-stream listening on ${settings.host}:${port} (user ${settings.user}, ${settings.auth})`);

  return {
    port,
    readers,
    async close() {
      stopWatching();
      for (const reader of [...readers]) reader.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** main or sub by `resolution=`: the keywords, or the resolution either stream is set to; null for neither. */
export function streamFor(camera: Camera, resolution: string | null): 'main' | 'sub' | null {
  if (resolution === null || resolution === '' || resolution === 'main') return 'main';
  if (resolution === 'sub') return hasSubStream(camera) ? 'sub' : null;
  if (hasSubStream(camera) && camera.subResolution === resolution) return 'sub';
  if (camera.resolution === resolution) return 'main';
  return null;
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(text);
}
