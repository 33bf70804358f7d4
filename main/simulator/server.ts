// `startSimulator`: a virtual multi-channel Axis video encoder on one HTTP port, serving the VAPIX
// endpoints Camwall uses, with optional authentication and injected faults.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Authenticator, DEFAULT_NONCE_LIFETIME_MS, type AuthMode } from './auth.ts';
import { MAX_DEVICE_INFO_BODY, answerDeviceInfo, answerParamList } from './device-info.ts';
import { MAX_CAMERAS, appliesTo, isRebooting, parseFault, type FaultSpec } from './faults.ts';
import { CameraFrameSource, type FrameSource } from './frame-source.ts';
import { SceneFrameSource } from './scene-source.ts';
import { parseScene, type SceneSpec } from './scenes.ts';
import { STREAM_CONTENT_TYPE } from './mjpeg-framing.ts';
import { SUPPORTED_RESOLUTIONS, isSupportedResolution, type Resolution } from './picture.ts';
import { StreamClient, type ClientFaults, type TrafficCounters } from './stream-client.ts';
import { StreamGroup } from './stream-group.ts';
import { readMediaRequest } from './vapix-request.ts';
import { EVENT_STREAM_PATH, SimulatedEventStream } from './event-stream.ts';
import type { SimulatedEventKind } from './faults.ts';

export { parseFault, parseScene, type FaultSpec, type SceneSpec };

export const DEFAULT_CAMERAS = 4;
export const DEFAULT_RESOLUTION: Resolution = '640x480';
export const DEFAULT_FPS = 15;
export const MAX_FPS = 60;
/** Seconds a 503 answer asks the client to wait. */
export const RETRY_AFTER_SECONDS = 1;
/** How often the reboot fault checks whether an outage has begun. */
const REBOOT_CHECK_MS = 100;
const REALM = 'AXIS_ACCC8ECA3A11';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  cameras?: number;
  resolution?: string;
  fps?: number;
  auth?: AuthMode;
  user?: string;
  password?: string;
  faults?: FaultSpec[];
  /** Scenes with known motion (scenes.ts) instead of the usual picture, per camera or for all. */
  scenes?: SceneSpec[];
  /** Digest nonce lifetime; tests shorten it to see stale=true. */
  nonceLifetimeMs?: number;
}

export interface SimulatorStats {
  /** Stream connections open now. */
  clients: number;
  /** Stream connections answered since the start (a reconnecting client counts again). */
  streamsServed: number;
  framesSent: number;
  bytesSent: number;
  framesSkipped: number;
  /** Event-stream WebSockets open now, ever accepted, and notifications sent over them. */
  eventClients: number;
  eventConnectionsServed: number;
  notificationsSent: number;
}

export interface Simulator {
  port: number;
  /** One video.cgi URL per camera, without credentials. */
  urls: string[];
  /** Date.now() at the start: the epoch of every scene's cycle (scenes.ts sceneMotionTruth). */
  startedAtMs: number;
  stats(): SimulatorStats;
  /** Whether a scheduled event (an `event:` fault) is active on a camera now. */
  eventActive(kind: SimulatedEventKind, camera: number): boolean;
  close(): Promise<void>;
}

interface Settings { host: string; port: number; cameras: number; resolution: Resolution; fps: number; auth: AuthMode; user: string; password: string; faults: FaultSpec[]; scenes: SceneSpec[] }

function checkOptions(options: SimulatorOptions): Settings {
  const cameras = options.cameras ?? DEFAULT_CAMERAS;
  if (!Number.isInteger(cameras) || cameras < 1 || cameras > MAX_CAMERAS) {
    throw new Error(`simulator: cameras must be a whole number from 1 to ${MAX_CAMERAS}, got ${cameras}`);
  }
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  if (!isSupportedResolution(resolution)) {
    throw new Error(`simulator: resolution ${resolution} is not supported; use one of ${SUPPORTED_RESOLUTIONS.join(', ')}`);
  }
  const fps = options.fps ?? DEFAULT_FPS;
  if (!(fps > 0 && fps <= MAX_FPS)) throw new Error(`simulator: fps must be above 0 and at most ${MAX_FPS}, got ${fps}`);
  const auth = options.auth ?? 'none';
  if (!['none', 'basic', 'digest'].includes(auth)) throw new Error(`simulator: auth must be none, basic or digest, got ${String(auth)}`);
  const user = options.user ?? '';
  const password = options.password ?? '';
  if (auth !== 'none' && (user === '' || password === '')) {
    throw new Error(`simulator: auth ${auth} needs a user and a password`);
  }
  if (user.includes(':')) throw new Error('simulator: the user name may not contain ":" (Basic auth cannot carry it)');
  const faults = options.faults ?? [];
  for (const fault of faults) {
    if (fault.camera !== undefined && fault.camera > cameras) {
      throw new Error(`simulator: a ${fault.kind} fault targets camera ${fault.camera}, but there are only ${cameras}`);
    }
  }
  const scenes = options.scenes ?? [];
  for (const scene of scenes) {
    if (scene.camera !== undefined && scene.camera > cameras) {
      throw new Error(`simulator: a scene targets camera ${scene.camera}, but there are only ${cameras}`);
    }
  }
  return { host: options.host ?? '127.0.0.1', port: options.port ?? 0, cameras, resolution, fps, auth, user, password, faults, scenes };
}

function clientFaults(faults: FaultSpec[], camera: number): ClientFaults {
  const result: ClientFaults = { dropEvery: null, stallAfter: null, corruptEvery: null, dripBytesPerSecond: null, resizeEvery: null };
  for (const fault of faults) {
    if (!appliesTo(fault, camera)) continue;
    if (fault.kind === 'drop') result.dropEvery = fault.frames;
    if (fault.kind === 'stall') result.stallAfter = fault.frames;
    if (fault.kind === 'corrupt') result.corruptEvery = fault.every;
    if (fault.kind === 'drip') result.dripBytesPerSecond = fault.bytesPerSecond;
    if (fault.kind === 'resize') result.resizeEvery = fault.frames;
  }
  return result;
}

function sendText(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings = checkOptions(options);
  const startedAt = Date.now();
  const counters: TrafficCounters = { framesSent: 0, bytesSent: 0, framesSkipped: 0 };
  const authenticators = new Map<number, Authenticator>();
  const authFor = (camera: number) => {
    let a = authenticators.get(camera);
    if (!a) {
      // The 401 fault may target one camera; every other camera keeps normal authentication.
      const rejectAll = settings.faults.some((f) => f.kind === '401' && appliesTo(f, camera));
      a = new Authenticator({
        mode: settings.auth, user: settings.user, password: settings.password, realm: REALM,
        nonceLifetimeMs: options.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS, rejectAll,
      });
      authenticators.set(camera, a);
    }
    return a;
  };
  const unavailableLeft = new Map<FaultSpec, number>(
    settings.faults.flatMap((f) => (f.kind === '503' ? [[f, f.requests] as const] : [])),
  );
  const reboots = settings.faults.filter((f): f is Extract<FaultSpec, { kind: 'reboot' }> => f.kind === 'reboot');
  const rebooting = (camera: number | null) =>
    reboots.some((f) => (camera === null ? f.camera === undefined : appliesTo(f, camera)) && isRebooting(f, Date.now() - startedAt));

  const sources = new Map<string, FrameSource>();
  const sourceFor = (camera: number, resolution: Resolution) => {
    const key = `${camera}|${resolution}`;
    let source = sources.get(key);
    if (!source) {
      // A scene aimed at this camera wins over one for every camera.
      const scene = settings.scenes.find((s) => s.camera === camera) ?? settings.scenes.find((s) => s.camera === undefined);
      source = scene ? new SceneFrameSource(resolution, camera, scene.layers, startedAt) : new CameraFrameSource(resolution, camera);
      sources.set(key, source);
    }
    return source;
  };
  const groups = new Map<string, StreamGroup>();
  const clients = new Set<StreamClient>();
  const sockets = new Set<Socket>();
  const snapshotSeq = new Map<number, number>();
  let streamsServed = 0;

  function answerUnauthorized(res: ServerResponse, challenges: string[]): void {
    sendText(res, 401, 'text/html', '<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD><BODY><H1>401 Unauthorized</H1></BODY></HTML>\n',
      { 'WWW-Authenticate': challenges });
  }

  function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL, kind: 'video' | 'image'): void {
    const cameraGuess = Number(url.searchParams.get('camera') ?? '1');
    if (Number.isInteger(cameraGuess) && rebooting(cameraGuess)) { req.socket.resetAndDestroy(); return; }
    for (const [fault, left] of unavailableLeft) {
      if (left > 0 && appliesTo(fault, cameraGuess)) {
        unavailableLeft.set(fault, left - 1);
        sendText(res, 503, 'text/html', '<HTML><BODY><H1>503 Service Unavailable</H1></BODY></HTML>\n',
          { 'Retry-After': String(RETRY_AFTER_SECONDS) });
        return;
      }
    }
    const auth = authFor(Number.isInteger(cameraGuess) ? cameraGuess : 1).check(req.method ?? 'GET', req.url ?? '/', req.headers.authorization);
    if (!auth.ok) { answerUnauthorized(res, auth.challenges); return; }
    const parsed = readMediaRequest(url.searchParams, settings);
    if (!parsed.ok) { sendText(res, 200, 'text/plain', parsed.body); return; }
    const { camera, resolution, fps, duration, frames } = parsed.request;
    const source = sourceFor(camera, resolution);
    if (kind === 'image') {
      const seq = snapshotSeq.get(camera) ?? 0;
      snapshotSeq.set(camera, seq + 1);
      const { jpeg } = source.compose(seq, Date.now());
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-cache' });
      res.end(jpeg);
      return;
    }
    // The stream body is delimited by closing the connection, never chunked, as on Axis devices.
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      'Cache-Control': 'no-cache',
      Pragma: 'no-cache',
      Expires: 'Thu, 01 Dec 1994 16:00:00 GMT',
      Connection: 'close',
      'Content-Type': STREAM_CONTENT_TYPE,
    });
    res.flushHeaders();
    // The resize fault moves the client between the groups of its two sizes.
    const otherSize = settings.faults.find((f): f is Extract<FaultSpec, { kind: 'resize' }> => f.kind === 'resize' && appliesTo(f, camera))?.resolution;
    let size = resolution;
    let owner: StreamGroup | null = null;
    const client = new StreamClient({
      camera, response: res, faults: clientFaults(settings.faults, camera), counters,
      frameLimit: frames, durationSeconds: duration,
      onEnd: (ended) => { clients.delete(ended); owner?.remove(ended); },
      onResize: (moved) => {
        owner?.remove(moved);
        size = size === resolution ? (otherSize ?? resolution) : resolution;
        owner = joinGroup(moved, camera, size, fps);
      },
    });
    clients.add(client);
    streamsServed++;
    owner = joinGroup(client, camera, resolution, fps);
  }

  /** Adds a viewer to the group that builds (camera, resolution, fps) frames, creating it if needed. */
  function joinGroup(client: StreamClient, camera: number, resolution: Resolution, fps: number): StreamGroup {
    const key = `${camera}|${resolution}|${fps}`;
    let group = groups.get(key);
    if (!group) {
      const created = new StreamGroup(sourceFor(camera, resolution), fps, () => { if (groups.get(key) === created) groups.delete(key); });
      group = created;
      groups.set(key, group);
    }
    group.add(client);
    return group;
  }

  async function handleDeviceInfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Credentials first, from the head: a request that brings wrong ones is refused before a byte
    // of its body is read or parsed. One without any may still ask for the unrestricted properties.
    const auth = authFor(1).check(req.method ?? 'POST', req.url ?? '/', req.headers.authorization);
    if (!auth.ok && req.headers.authorization !== undefined) {
      res.setHeader('Connection', 'close'); // the body is never read
      answerUnauthorized(res, auth.challenges);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_DEVICE_INFO_BODY) { sendText(res, 413, 'text/plain', `request body over ${MAX_DEVICE_INFO_BODY} bytes\n`); return; }
      chunks.push(chunk);
    }
    const answer = answerDeviceInfo(Buffer.concat(chunks).toString('utf8'), auth.ok);
    if (answer === 'needs-auth') { if (!auth.ok) answerUnauthorized(res, auth.challenges); return; }
    sendText(res, answer.status, 'application/json', JSON.stringify(answer.body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    switch (url.pathname) {
      case '/axis-cgi/mjpg/video.cgi':
      case '/axis-cgi/jpg/image.cgi':
        if (method !== 'GET') { sendText(res, 405, 'text/plain', `${url.pathname} answers GET only\n`, { Allow: 'GET' }); return; }
        handleMedia(req, res, url, url.pathname.includes('mjpg') ? 'video' : 'image');
        return;
      case '/axis-cgi/basicdeviceinfo.cgi':
        if (method !== 'POST') { sendText(res, 405, 'text/plain', 'basicdeviceinfo.cgi answers POST only\n', { Allow: 'POST' }); return; }
        await handleDeviceInfo(req, res);
        return;
      case '/axis-cgi/param.cgi': {
        const auth = authFor(1).check(method, req.url ?? '/', req.headers.authorization);
        if (!auth.ok) { answerUnauthorized(res, auth.challenges); return; }
        const body = answerParamList(url.searchParams, settings.cameras);
        if (body === null) sendText(res, 200, 'text/plain', '# Error: only action=list is supported\n');
        else sendText(res, 200, 'text/plain', body);
        return;
      }
      default:
        sendText(res, 404, 'text/html', '<HTML><BODY><H1>404 Not Found</H1></BODY></HTML>\n');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'text/plain', `simulator error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.destroy();
    });
  });
  const events = new SimulatedEventStream({
    cameras: settings.cameras,
    faults: settings.faults,
    startedAt,
    check: (req) => authFor(1).check('GET', req.url ?? '/', req.headers.authorization),
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://simulator').pathname === EVENT_STREAM_PATH) return events.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (rebooting(null)) socket.resetAndDestroy();
  });

  let wasDown = new Set<number>();
  const rebootTimer = reboots.length === 0 ? null : setInterval(() => {
    const down = new Set<number>();
    for (let camera = 1; camera <= settings.cameras; camera++) if (rebooting(camera)) down.add(camera);
    for (const client of clients) if (down.has(client.camera) && !wasDown.has(client.camera)) client.reset();
    if (rebooting(null) && !wasDown.has(0)) for (const socket of sockets) socket.resetAndDestroy();
    if (rebooting(null)) down.add(0);
    wasDown = down;
  }, REBOOT_CHECK_MS);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  let closing: Promise<void> | null = null;
  return {
    port,
    startedAtMs: startedAt,
    urls: Array.from({ length: settings.cameras }, (_, i) => `http://${hostInUrl}:${port}/axis-cgi/mjpg/video.cgi?camera=${i + 1}`),
    stats: () => ({ clients: clients.size, streamsServed, ...counters, ...events.stats }),
    eventActive: (kind, camera) => events.active(kind, camera),
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (rebootTimer) clearInterval(rebootTimer);
        events.close();
        for (const client of [...clients]) client.destroy();
        for (const group of [...groups.values()]) group.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
