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
import type { ApiEvents, EventName } from '../../shared/api/events.ts';
import { decodeFrame } from '../../shared/api/frame-wire.ts';
import { parseWithBytes, stringifyWithBytes } from '../../shared/api/json-bytes.ts';
import { createApi, type ApiTransport, type CamwallApi, type FrameHandler, type StreamChoice } from '../../shared/api/verbs.ts';
import { MAX_SUBSCRIPTION_ID, WS_PATH, type ClientMessage, type ServerMessage } from '../../shared/api/wire.ts';

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

type FrameSubscription = { sub: number; cameraId: string; stream: StreamChoice; onFrame: FrameHandler; active: boolean };

export function defaultApiUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

export function connectCamwall(url: string = defaultApiUrl()): CamwallClient {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let closedForGood = false;
  let nextCallId = 1;
  let nextSub = 1;
  let retryMs = RECONNECT_INITIAL_MS;
  const outbox: string[] = [];
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const handlers = new Map<EventName, Set<(payload: never) => void>>();
  const subscriptions = new Map<number, FrameSubscription>();
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

  const connect = (): void => {
    setState('connecting');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RECONNECT_INITIAL_MS;
      setState('open');
      markReady();
      for (const subscription of subscriptions.values()) {
        if (subscription.active) ws.send(stringifyWithBytes({ t: 'subscribe', sub: subscription.sub, cameraId: subscription.cameraId, stream: subscription.stream } satisfies ClientMessage));
      }
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
        for (const handler of [...(handlers.get(message.name) ?? [])]) {
          try {
            (handler as (payload: unknown) => void)(message.payload);
          } catch (error) {
            console.error(`camwall: a handler of ${message.name} failed`, error);
          }
        }
        return;
      case 'subscription-ended': {
        const subscription = subscriptions.get(message.sub);
        if (subscription) subscription.active = false;
        subscriptions.delete(message.sub);
        console.warn(`camwall: frames of camera ${subscription?.cameraId ?? '?'} stopped: ${message.reason}`);
        return;
      }
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
    const subscription = subscriptions.get(decoded.subscription);
    if (!subscription?.active) return;
    const ack = (): void => {
      if (subscription.active) send({ t: 'ack', sub: subscription.sub });
    };
    let outcome: void | Promise<void>;
    try {
      outcome = subscription.onFrame(decoded.frame);
    } catch (error) {
      console.error(`camwall: a frame handler of camera ${subscription.cameraId} failed`, error);
      return ack();
    }
    if (outcome instanceof Promise) outcome.then(ack, (error: unknown) => {
      console.error(`camwall: a frame handler of camera ${subscription.cameraId} failed`, error);
      ack();
    });
    else ack();
  };

  const allocateSub = (): number => {
    for (let i = 0; i < MAX_SUBSCRIPTION_ID; i++) {
      const sub = nextSub;
      nextSub = nextSub >= MAX_SUBSCRIPTION_ID ? 1 : nextSub + 1;
      if (!subscriptions.has(sub)) return sub;
    }
    throw new Error('camwall: every frame subscription id is in use; unsubscribe tiles that are gone');
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
    on<E extends EventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    frames: {
      subscribe(cameraId, options, onFrame) {
        const subscription: FrameSubscription = { sub: allocateSub(), cameraId, stream: options.stream, onFrame, active: true };
        subscriptions.set(subscription.sub, subscription);
        send({ t: 'subscribe', sub: subscription.sub, cameraId, stream: options.stream });
        return () => {
          if (!subscription.active) return;
          subscription.active = false;
          subscriptions.delete(subscription.sub);
          send({ t: 'unsubscribe', sub: subscription.sub });
        };
      },
    },
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
