// The browser shell's side of the API: one WebSocket to `camwall serve` carrying calls, events
// and frames, behind the same CamwallApi the Electron preload exposes. The page never holds the
// token: the server set it as an HttpOnly cookie when the printed URL was opened, and the
// browser sends it with the WebSocket handshake.
//
// Calls made while the socket is (re)connecting wait for it; calls in flight when it drops
// answer 'unavailable'. The socket reconnects with backoff and re-subscribes live tiles.
// Frames are acknowledged when the handler returns, or when its promise settles.
import { fail, type Result } from '../../shared/api/result.ts';
import type { CallName } from '../../shared/api/calls.ts';
import { PushBus } from '../../shared/api/push-bus.ts';
import { createFrameSubscriber } from '../../shared/api/frame-subscriber.ts';
import { decodeFrame } from '../../shared/api/frame-wire.ts';
import { parseWithBytes, stringifyWithBytes } from '../../shared/api/json-bytes.ts';
import { createApi, type ApiTransport, type CamwallApi } from '../../shared/api/verbs.ts';
import { WS_PATH, type ClientMessage, type ServerMessage } from '../../shared/api/wire.ts';

export const RECONNECT_INITIAL_MS = 500;
export const RECONNECT_MAX_MS = 5_000;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export type CamwallClient = CamwallApi & {
  /** Resolves when the first connection is open. */
  readonly ready: Promise<void>;
  connectionState(): ConnectionState;
  onConnectionChange(handler: (state: ConnectionState) => void): () => void;
  /** Closes for good: no reconnect, pending calls answer 'unavailable'. */
  close(): void;
};

export function defaultApiUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

export function connectCamwall(url: string = defaultApiUrl()): CamwallClient {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let closedForGood = false;
  let nextCallId = 1;
  let retryMs = RECONNECT_INITIAL_MS;
  const outbox: string[] = [];
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const events = new PushBus((error, name) => report(`a handler of ${name} failed`, error));
  const connectionHandlers = new Set<(state: ConnectionState) => void>();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const setState = (next: ConnectionState): void => {
    if (state === next) return;
    state = next;
    for (const handler of [...connectionHandlers]) handler(next);
  };

  const send = (message: ClientMessage): void => {
    const text = stringifyWithBytes(message);
    if (socket !== null && socket.readyState === WebSocket.OPEN) socket.send(text);
    else if (message.t === 'call') outbox.push(text); // subscriptions are re-sent on open anyway
  };

  const frames = createFrameSubscriber(send, report);

  const connect = (): void => {
    setState('connecting');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RECONNECT_INITIAL_MS;
      setState('open');
      markReady();
      frames.resubscribeAll();
      for (const text of outbox.splice(0)) ws.send(text);
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (event.data instanceof ArrayBuffer) onFrameMessage(event.data);
      else if (typeof event.data === 'string') onTextMessage(event.data);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve(fail('unavailable', 'The connection to Camwall was lost before it answered; try again.'));
      }
      if (closedForGood) return setState('closed');
      setState('connecting');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    });
  };

  const onTextMessage = (text: string): void => {
    let message: ServerMessage;
    try {
      message = parseWithBytes(text) as ServerMessage;
    } catch {
      return;
    }
    switch (message.t) {
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        events.emit(message.name, message.payload);
        return;
      case 'subscription-ended':
        frames.end(message.sub, message.reason);
        return;
      case 'protocol-error':
        console.error(`camwall: the server refused a message: ${message.message}`);
        return;
    }
  };

  const onFrameMessage = (data: ArrayBuffer): void => {
    let decoded;
    try {
      decoded = decodeFrame(data);
    } catch (error) {
      console.error('camwall: unreadable frame message', error);
      return;
    }
    frames.deliver(decoded.subscription, decoded.frame);
  };

  const transport: ApiTransport = {
    invoke(name: CallName, args: unknown): Promise<Result<unknown>> {
      if (closedForGood) return Promise.resolve(fail('unavailable', 'This Camwall connection was closed.'));
      const id = nextCallId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ t: 'call', id, name, args });
      });
    },
    on: (event, handler) => events.on(event, handler),
    frames,
  };

  connect();
  return {
    ...createApi(transport),
    ready,
    connectionState: () => state,
    onConnectionChange(handler) {
      connectionHandlers.add(handler);
      return () => connectionHandlers.delete(handler);
    },
    close() {
      closedForGood = true;
      socket?.close(1000, 'closed by the page');
    },
  };
}

function report(message: string, error?: unknown): void {
  if (error === undefined) console.warn(`camwall: ${message}`);
  else console.error(`camwall: ${message}`, error);
}
