// Shared by the re-stream tests: a `camwall serve` with simulated cameras and the re-stream on,
// and small clients that speak to it the way other tools do.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { Authenticator } from '../../../main/stream/auth/authenticator.ts';
import type { Serving } from '../../../main/server/serve.ts';
import type { Simulator } from '../../../main/simulator/server.ts';
import { simulatedCamera, startServe } from '../api/helpers.ts';

export const RESTREAM_USER = 'viewer';
export const RESTREAM_PASSWORD = 'correct horse 7';

export type RestreamSetup = { serving: Serving; port: number; cameraIds: string[] };

/** serve() on `dataDir` with one registered camera per simulator channel and the re-stream on. */
export async function startWithRestream(dataDir: string, simulator: Simulator, channels: number[], auth: 'digest' | 'basic' = 'digest', maxRestreamReaders?: number): Promise<RestreamSetup> {
  const serving = await startServe(dataDir, maxRestreamReaders === undefined ? {} : { maxRestreamReaders });
  const cameraIds: string[] = [];
  for (const channel of channels) cameraIds.push((await serving.core.registry.cameras.add(simulatedCamera(simulator.port, channel) as never)).id);
  await serving.core.synced();
  await serving.core.restream.setPassword(RESTREAM_PASSWORD);
  serving.core.registry.settings.set({ restream: { enabled: true, host: '127.0.0.1', port: 0, user: RESTREAM_USER, auth } });
  await serving.restream.settled();
  const port = serving.restream.server?.port;
  if (port === undefined) throw new Error(`the re-stream did not start: ${serving.core.restream.status().error}`);
  return { serving, port, cameraIds };
}

export function restreamPath(cameraId: string, extra = ''): string {
  return `/axis-cgi/mjpg/video.cgi?camera=${cameraId}${extra}`;
}

/** The Authorization header for GET `path`, answered to the server's own challenge (Digest or Basic). */
export async function authorizationFor(port: number, path: string, password = RESTREAM_PASSWORD): Promise<string> {
  const challenge = await fetch(`http://127.0.0.1:${port}${path}`);
  await challenge.body?.cancel();
  if (challenge.status !== 401) throw new Error(`expected a 401 challenge, got ${challenge.status}`);
  const authenticator = new Authenticator({ username: RESTREAM_USER, password });
  authenticator.onUnauthorized(readChallenges(challenge.headers));
  const header = authenticator.authorization('GET', path);
  if (header === undefined) throw new Error('no Authorization header after the challenge');
  return header;
}

function readChallenges(headers: Headers): string[] {
  // fetch joins repeated WWW-Authenticate headers with ", "; split them again before each scheme.
  const joined = headers.get('www-authenticate') ?? '';
  return joined.split(/,\s*(?=(?:Digest|Basic)\s)/i);
}

/** A raw HTTP reader: sends the request and collects (or, paused, refuses to read) the body. */
export function rawReader(port: number, path: string, authorization: string): { socket: Socket; received: () => number } {
  let received = 0;
  const socket = connect(port, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  socket.on('error', () => {});
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${authorization}\r\n\r\n`);
  return { socket, received: () => received };
}

/** JPEG starts (FF D8 FF) in a byte stream: the simulator's frames carry no embedded thumbnails. */
export function countJpegs(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0xff); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd8 && bytes[i + 2] === 0xff) count += 1;
  }
  return count;
}

/**
 * A reader that reads slowly: a Python socket with a small receive buffer (which turns off the
 * kernel's autotuning, so a few kB fill it instead of megabytes) taking `bytesPerSecond`.
 */
export function slowReader(port: number, path: string, authorization: string, bytesPerSecond: number): ChildProcess {
  const script = [
    'import socket, sys, time',
    'port, path, auth, rate = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])',
    's = socket.socket()',
    's.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)',
    's.connect(("127.0.0.1", port))',
    's.sendall(f"GET {path} HTTP/1.1\\r\\nHost: 127.0.0.1:{port}\\r\\nAuthorization: {auth}\\r\\n\\r\\n".encode())',
    'while True:',
    '    if not s.recv(max(rate // 10, 1)): break',
    '    time.sleep(0.1)',
  ].join('\n');
  const child = spawn('python3', ['-c', script, String(port), path, authorization, String(bytesPerSecond)], { stdio: 'ignore' });
  child.on('error', () => {});
  return child;
}
