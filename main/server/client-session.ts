// One browser connected over the WebSocket: its calls, its event feed, its frame subscriptions.
//
// Flow control for frames: each subscription takes frames from the hub with a credit of
// FRAMES_IN_FLIGHT_PER_SUBSCRIPTION; the hub's credit comes back only when the client sends
// `ack` for that subscription, so a client that stops acking stops receiving, and the hub keeps
// just the newest frame for it (the others count as dropped). On top, a socket whose send
// buffer is over MAX_FRAME_BUFFERED_BYTES (many subscriptions, slow network), or that holds more
// than its share while all clients together are over their budget (output-budget.ts), drops the
// frame instead of queueing it, and hands the credit straight back. A socket whose buffer passes
// MAX_BUFFERED_BYTES even so (events and results only) is closed: it is not reading.
import type { WebSocket } from 'ws';
import { fail } from '../../shared/api/result.ts';
import { PUSH_NAMES } from '../../shared/api/pushes.ts';
import { encodeFrame } from '../../shared/api/frame-wire.ts';
import { stringifyWithBytes } from '../../shared/api/json-bytes.ts';
import { ClientMessageSchema, type ClientMessage, type ServerMessage } from '../../shared/api/wire.ts';
import { fieldErrors, formatFieldErrors } from '../../shared/validation.ts';
import { ClientFrameSubscriptions } from '../service/client-frames.ts';
import type { CamwallCore } from '../service/core.ts';
import type { ClientHandle } from '../service/dispatch.ts';
import { MAX_FRAME_BUFFERED_BYTES, OutputBudget } from './output-budget.ts';

export { MAX_FRAME_BUFFERED_BYTES };
/** Above this much unsent data the client is not reading at all; the connection is closed. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Calls one client may have running at once; more answer 'unavailable'. */
export const MAX_CALLS_IN_FLIGHT = 32;
/** WebSocket close code for "try again later" (RFC 6455 registry: 1013). */
const CLOSE_TRY_AGAIN_LATER = 1013;

export type ClientSessionStats = { framesSent: number; framesDroppedForBuffer: number };

export class ClientSession {
  readonly #socket: WebSocket;
  readonly #core: CamwallCore;
  readonly #name: string;
  readonly #frames: ClientFrameSubscriptions;
  readonly #unsubscribeEvents: Array<() => void> = [];
  /** This connection as the core sees a client: what it owns (playback sessions) closes with it. */
  readonly #client: ClientHandle;
  readonly #closeHooks: Array<() => void> = [];
  readonly #budget: OutputBudget;
  #callsInFlight = 0;
  #closed = false;
  readonly stats: ClientSessionStats = { framesSent: 0, framesDroppedForBuffer: 0 };

  /** `budget`: shared by all of a server's clients; alone, a client has only its own cap. */
  constructor(socket: WebSocket, core: CamwallCore, name: string, budget = new OutputBudget()) {
    this.#socket = socket;
    this.#budget = budget;
    budget.add(socket);
    this.#core = core;
    this.#name = name;
    for (const event of PUSH_NAMES) {
      this.#unsubscribeEvents.push(core.events.on(event, (payload) => this.#send({ t: 'event', name: event, payload } as ServerMessage)));
    }
    this.#client = {
      id: name,
      push: (event, payload) => this.#send({ t: 'event', name: event, payload } as ServerMessage),
      onClose: (fn) => void this.#closeHooks.push(fn),
    };
    this.#frames = new ClientFrameSubscriptions(core, {
      owner: name,
      deliver: (sub, frame, ack) => {
        if (this.#closed) return;
        if (this.#budget.dropsFrame(this.#socket)) {
          this.stats.framesDroppedForBuffer += 1;
          queueMicrotask(ack);
          return;
        }
        this.#socket.send(encodeFrame(sub, frame), { binary: true });
        this.stats.framesSent += 1;
      },
      ended: (sub, reason) => this.#send({ t: 'subscription-ended', sub, reason }),
    });
    socket.on('message', (data, isBinary) => this.#onMessage(data as Buffer | ArrayBuffer | Buffer[], isBinary));
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#budget.remove(this.#socket);
    for (const off of this.#unsubscribeEvents) off();
    this.#frames.close();
    for (const hook of this.#closeHooks.splice(0)) hook();
  }

  #onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#closed) return;
    if (isBinary) return this.#protocolError(null, 'binary messages from the client are not part of the protocol; send JSON text');
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.#protocolError(null, 'the message is not valid JSON');
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = callIdOf(raw);
      const message = `the message does not follow the protocol: ${formatFieldErrors(fieldErrors(parsed.error))}`;
      if (id !== null) return this.#send({ t: 'result', id, result: fail('invalid-argument', message) });
      return this.#protocolError(null, message);
    }
    this.#handle(parsed.data);
  }

  #handle(message: ClientMessage): void {
    switch (message.t) {
      case 'call':
        return this.#call(message.id, message.name, message.args);
      case 'subscribe':
        if (this.#frames.has(message.sub)) return this.#protocolError(null, `subscription ${message.sub} is already in use; pick a new id`);
        return this.#frames.subscribe(message.sub, message.cameraId, message.stream, message.playback);
      case 'unsubscribe':
        return this.#frames.unsubscribe(message.sub);
      case 'ack':
        return this.#frames.ack(message.sub);
    }
  }

  #call(id: number, name: string, args: unknown): void {
    if (this.#callsInFlight >= MAX_CALLS_IN_FLIGHT) {
      return this.#send({ t: 'result', id, result: fail('unavailable', `too many calls at once (at most ${MAX_CALLS_IN_FLIGHT}); wait for answers before sending more`) });
    }
    this.#callsInFlight += 1;
    void this.#core.dispatch(name, args, { shell: 'browser', caller: this.#name, client: this.#client }).then((result) => {
      this.#callsInFlight -= 1;
      this.#send({ t: 'result', id, result });
    });
  }

  #protocolError(id: number | null, message: string): void {
    this.#send({ t: 'protocol-error', id, message });
  }

  #send(message: ServerMessage): void {
    if (this.#closed) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#socket.close(CLOSE_TRY_AGAIN_LATER, 'the client is not reading its messages');
      this.close();
      return;
    }
    this.#socket.send(stringifyWithBytes(message));
  }
}

function callIdOf(raw: unknown): number | null {
  if (raw === null || typeof raw !== 'object') return null;
  const { t, id } = raw as { t?: unknown; id?: unknown };
  return t === 'call' && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
