// Shared by the API integration tests: a browser shell on a temp data folder, a simulator to add
// cameras from, and a small WebSocket client that speaks the wire protocol with the right cookie
// and Origin (or deliberately the wrong ones).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ServerMessage } from '../../../shared/api/wire.ts';
import { decodeFrame, type WireFrame } from '../../../shared/api/frame-wire.ts';
import { parseWithBytes } from '../../../shared/api/json-bytes.ts';
import type { Result } from '../../../shared/api/result.ts';
import { serve, type ServeOptions, type Serving } from '../../../main/server/serve.ts';
import { cookieName } from '../../../main/server/access.ts';
import { waitFor } from '../../support/wait-for.ts';
import { after, before } from 'node:test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../main/simulator/server.ts';

/** Generous: a 2-core machine running other suites may be slow to start a worker. */
export const EVENT_TIMEOUT_MS = 15_000;

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `camwall-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A folder with a placeholder index.html, for tests that do not need the real renderer. */
export function staticDir(root: string): string {
  const dir = join(root, 'static');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Camwall test</title><p>test page</p>\n');
  return dir;
}

export async function startServe(dataDir: string, options: Partial<ServeOptions> = {}): Promise<Serving> {
  return serve({
    dataDir,
    staticDir: options.staticDir ?? staticDir(dataDir),
    version: 'test',
    demoOnFirstStart: false,
    streams: { workers: 1, graceMs: 500 },
    ...options,
  });
}

export function tokenOf(serving: Serving): string {
  return new URL(serving.url).searchParams.get('token') as string;
}

export type ClientOptions = { token?: string | null; origin?: string | null; host?: string; path?: string };

/** A protocol client; `frames` collects binary messages, `messages` everything else. */
export class TestClient {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly frames: WireFrame[] = [];
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      const buffer = data as Buffer;
      if (isBinary) this.frames.push(decodeFrame(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer));
      else this.messages.push(parseWithBytes(buffer.toString('utf8')) as ServerMessage);
    });
  }

  static async connect(serving: Serving, options: ClientOptions = {}): Promise<TestClient> {
    const socket = TestClient.open(serving, options);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with HTTP ${response.statusCode}`)));
    });
    return new TestClient(socket);
  }

  /** Resolves with the HTTP status the upgrade was refused with (or 101 if accepted). */
  static async attempt(serving: Serving, options: ClientOptions = {}): Promise<number> {
    const socket = TestClient.open(serving, options);
    return new Promise((resolve) => {
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', () => resolve(0));
    });
  }

  static open(serving: Serving, options: ClientOptions): WebSocket {
    const port = serving.server.port;
    const host = options.host ?? `127.0.0.1:${port}`;
    const token = options.token === undefined ? tokenOf(serving) : options.token;
    const origin = options.origin === undefined ? `http://${host}` : options.origin;
    const headers: Record<string, string> = { host };
    if (token !== null) headers['cookie'] = `${cookieName(port)}=${token}`;
    if (origin !== null) headers['origin'] = origin;
    return new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/api'}`, { headers });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async call(name: string, args: unknown = {}): Promise<Result<any>> {
    const id = this.#nextId++;
    this.send({ t: 'call', id, name, args });
    const reply = await this.waitFor((m): m is Extract<ServerMessage, { t: 'result' }> => m.t === 'result' && m.id === id);
    return reply.result;
  }

  async value(name: string, args: unknown = {}): Promise<any> {
    const result = await this.call(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  /** The first message (already received or to come) that matches. */
  async waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs = EVENT_TIMEOUT_MS): Promise<ServerMessage> {
    return this.until(() => this.messages.find(match), timeoutMs, 'a matching message');
  }

  async waitForFrames(count: number, timeoutMs = EVENT_TIMEOUT_MS): Promise<WireFrame[]> {
    return this.until(() => (this.frames.length >= count ? this.frames.slice(0, count) : undefined), timeoutMs, `${count} frames`);
  }

  /** Waits for what this client received (test/support/wait-for.ts). */
  until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return waitFor(probe, { what, timeoutMs });
  }

  /** Resolves when the server closes the socket, with the close code. */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(this.socket.readyState);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.terminate();
  }
}

/** A VAPIX camera input pointing at a simulator channel. */
export function simulatedCamera(port: number, channel: number, name = `Sim ${channel}`) {
  return { name, kind: 'vapix', scheme: 'http', host: '127.0.0.1', port, channel, resolution: '320x240', fps: 10 };
}

export type ShellWithSimulator = { dir: ReturnType<typeof tempDir>; simulator: Simulator; serving: Serving; client: TestClient };

/**
 * Registers before/after hooks that start a simulator and a browser shell on a temp folder with
 * one connected client, and stop them; the returned object is filled once `before` ran.
 */
export function shellWithSimulator(prefix: string, simulatorOptions: SimulatorOptions): ShellWithSimulator {
  const fixture = {} as ShellWithSimulator;
  before(async () => {
    fixture.dir = tempDir(prefix);
    fixture.simulator = await startSimulator(simulatorOptions);
    fixture.serving = await startServe(fixture.dir.path);
    fixture.client = await TestClient.connect(fixture.serving);
  });
  after(async () => {
    fixture.client?.close();
    await fixture.serving?.close();
    await fixture.simulator?.close();
    fixture.dir?.remove();
  });
  return fixture;
}
