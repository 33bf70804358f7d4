// One camera's VAPIX event stream over WebSocket (docs/axis-events.md): connect to
// `/vapix/ws-data-stream?sources=events`, answer the camera's 401 challenge (Digest or Basic,
// through the same Authenticator as the video stream), send `events:configure` with our topic
// filters, then hand each notification on. It reconnects after a drop with jittered backoff on
// the injected Clock, waits AUTH_RETRY_MS after wrong credentials, and stops for good (one state
// change, so one log line) on a camera without the endpoint (404: older firmware), looking again
// only after UNSUPPORTED_RECHECK_MS. Messages are bounded (MAX_EVENT_MESSAGE_BYTES) and handled
// as they come: nothing queues.
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { sleep, type Clock, type TimerHandle } from '../../base/clock.ts';
import { AUTH_RETRY_MS, Backoff, STABLE_CONNECTION_MS } from '../backoff.ts';
import { Authenticator } from '../auth/authenticator.ts';
import { StreamError } from '../errors.ts';
import { cameraConnector } from '../tls-pin.ts';
import { configureRequest, readEventMessage, type AxisEvent } from './topics.ts';

export const EVENT_STREAM_PATH = '/vapix/ws-data-stream?sources=events';
/** Event messages are small JSON; a larger one closes the connection (ws refuses it). */
export const MAX_EVENT_MESSAGE_BYTES = 64 * 1024;
/** From the request to the open WebSocket, and from the configure request to its answer. */
export const EVENT_CONNECT_TIMEOUT_MS = 10_000;
/** A WebSocket ping this often; no pong by the next one and the connection is dropped. */
export const EVENT_PING_MS = 30_000;
/** A camera without the endpoint is asked again this rarely (a firmware upgrade may add it). */
export const UNSUPPORTED_RECHECK_MS = 6 * 3600_000;
/** Challenge rounds of one connection attempt (none, then Digest, then a stale re-challenge). */
const MAX_AUTH_ROUNDS = 4;

export type EventStreamTarget = {
  /** `http://host:port` or `https://...`, no credentials. */
  origin: string;
  /** The camera's channel on a multi-channel device (1 for a single camera). */
  channel: number;
  username?: string;
  password?: string;
  /** Pinned certificate fingerprint for https. */
  fingerprint256?: string;
};

export type EventStreamState =
  | { state: 'connecting' }
  | { state: 'live' }
  /** 404 (or another refusal of the endpoint): the camera has no event stream. */
  | { state: 'unsupported'; reason: string }
  | { state: 'auth-failed'; reason: string }
  | { state: 'offline'; reason: string; retryInMs: number }
  | { state: 'stopped' };

export type EventStreamClientOptions = {
  target: EventStreamTarget;
  clock: Clock;
  onEvent(event: AxisEvent): void;
  onState(state: EventStreamState): void;
  backoff?: Backoff;
};

type Outcome =
  | { kind: 'dropped'; reason: string; liveMs: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'auth'; reason: string };

export class EventStreamClient {
  #options: EventStreamClientOptions;
  #backoff: Backoff;
  #abort = new AbortController();
  #socket: WebSocket | null = null;
  #running: Promise<void> | null = null;

  constructor(options: EventStreamClientOptions) {
    this.#options = options;
    this.#backoff = options.backoff ?? new Backoff();
  }

  start(): void {
    this.#running ??= this.#loop();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#socket?.terminate();
    await this.#running;
    this.#options.onState({ state: 'stopped' });
  }

  async #loop(): Promise<void> {
    const { clock } = this.#options;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      this.#options.onState({ state: 'connecting' });
      const outcome = await this.#connectOnce();
      if (signal.aborted) return;
      let waitMs: number;
      switch (outcome.kind) {
        case 'unsupported':
          this.#options.onState({ state: 'unsupported', reason: outcome.reason });
          waitMs = UNSUPPORTED_RECHECK_MS;
          break;
        case 'auth':
          this.#options.onState({ state: 'auth-failed', reason: outcome.reason });
          waitMs = this.#backoff.jittered(AUTH_RETRY_MS);
          break;
        case 'dropped':
          if (outcome.liveMs >= STABLE_CONNECTION_MS) this.#backoff.reset();
          waitMs = this.#backoff.next();
          this.#options.onState({ state: 'offline', reason: outcome.reason, retryInMs: waitMs });
          break;
        case 'failed':
          waitMs = this.#backoff.next();
          this.#options.onState({ state: 'offline', reason: outcome.reason, retryInMs: waitMs });
          break;
      }
      await sleep(clock, waitMs, signal);
    }
  }

  async #connectOnce(): Promise<Outcome> {
    const { target } = this.#options;
    const credentials = target.username !== undefined && target.password !== undefined ? { username: target.username, password: target.password } : null;
    const authenticator = new Authenticator(credentials);
    for (let round = 0; round < MAX_AUTH_ROUNDS; round++) {
      const answer = await this.#open(authenticator);
      if (answer.kind !== 'challenge') return answer;
      try {
        authenticator.onUnauthorized(answer.challenges);
      } catch (error) {
        return { kind: 'auth', reason: error instanceof StreamError ? error.message : String(error) };
      }
    }
    return { kind: 'auth', reason: 'the camera kept asking for authentication' };
  }

  /** One WebSocket request: a 401 to answer, a refusal, or a session that ran until it closed. */
  #open(authenticator: Authenticator): Promise<Outcome | { kind: 'challenge'; challenges: string[] }> {
    const { target, clock } = this.#options;
    const url = `${target.origin.replace(/^http/, 'ws')}${EVENT_STREAM_PATH}`;
    const authorization = authenticator.authorization('GET', EVENT_STREAM_PATH);
    const secure = target.origin.startsWith('https:');
    const socket = new WebSocket(url, {
      headers: authorization === undefined ? {} : { Authorization: authorization },
      maxPayload: MAX_EVENT_MESSAGE_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      ...(secure ? { agent: pinnedAgent(target.fingerprint256) } : {}),
    });
    this.#socket = socket;
    return new Promise((resolve) => {
      let openedAt: number | null = null;
      let configured = false;
      let settled = false;
      let pongDue = false;
      let pinger: TimerHandle | null = null;
      const finish = (outcome: Outcome | { kind: 'challenge'; challenges: string[] }): void => {
        if (settled) return;
        settled = true;
        deadline.cancel();
        pinger?.cancel();
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.terminate();
        resolve(outcome);
      };
      const deadline = clock.setTimer(() => finish({ kind: 'failed', reason: `the camera's event stream did not ${openedAt === null ? 'open' : 'answer the subscription'} within ${EVENT_CONNECT_TIMEOUT_MS / 1000} s` }), EVENT_CONNECT_TIMEOUT_MS);
      socket.on('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        const header = response.headers['www-authenticate'];
        response.resume();
        if (status === 401) return finish({ kind: 'challenge', challenges: header === undefined ? [] : Array.isArray(header) ? header : [header] });
        if (status === 404 || status === 400 || status === 405 || status === 501) {
          return finish({ kind: 'unsupported', reason: `the camera answered ${status} at /vapix/ws-data-stream: its firmware has no event stream over WebSocket` });
        }
        return finish({ kind: 'failed', reason: `the camera answered HTTP ${status} to the event stream request` });
      });
      socket.on('open', () => {
        openedAt = clock.monotonic();
        authenticator.onAuthorized();
        socket.send(configureRequest(target.channel));
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const message = readEventMessage(String(data), target.channel);
        if (message.type === 'error') return finish({ kind: configured ? 'failed' : 'unsupported', reason: `the camera refused the event subscription: ${message.message}` });
        if (message.type === 'ack' && !configured) {
          configured = true;
          deadline.cancel();
          this.#options.onState({ state: 'live' });
          pinger = clock.setRepeating(() => {
            if (pongDue) return finish({ kind: 'dropped', reason: 'the camera stopped answering pings on the event stream', liveMs: clock.monotonic() - (openedAt ?? 0) });
            pongDue = true;
            socket.ping();
          }, EVENT_PING_MS);
          return;
        }
        if (message.type === 'event') this.#options.onEvent(message.event);
      });
      socket.on('pong', () => (pongDue = false));
      socket.on('close', (code) => {
        const liveMs = openedAt === null ? 0 : clock.monotonic() - openedAt;
        finish(openedAt === null ? { kind: 'failed', reason: 'the camera closed the event stream before it opened' } : { kind: 'dropped', reason: `the event stream closed (WebSocket code ${code})`, liveMs });
      });
      socket.on('error', (error) => {
        const reason = error instanceof StreamError ? error.message : `the event stream failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
        finish(openedAt === null ? { kind: 'failed', reason } : { kind: 'dropped', reason, liveMs: clock.monotonic() - openedAt });
      });
    });
  }
}

/**
 * For https: connections through the stream core's connector, which checks the pinned
 * fingerprint (or CA trust) after the handshake and before a byte of the request is written.
 */
function pinnedAgent(fingerprint256: string | undefined): HttpsAgent {
  const connector = cameraConnector({ fingerprint256, connectTimeoutMs: EVENT_CONNECT_TIMEOUT_MS });
  class CameraAgent extends HttpsAgent {
    override createConnection(options: { host?: string | null; port?: number | string | null; servername?: string }, callback?: (error: Error | null, socket: Duplex) => void): Duplex | undefined {
      connector(
        { hostname: options.host ?? 'localhost', host: options.host ?? 'localhost', port: String(options.port ?? 443), protocol: 'https:', servername: options.servername ?? null } as never,
        (error, socket) => callback?.(error, socket as unknown as Duplex),
      );
      return undefined;
    }
  }
  return new CameraAgent({ keepAlive: false });
}
