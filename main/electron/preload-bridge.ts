// What the preload builds and exposes as `window.camwall`: the typed CamwallApi of shared/ (verbs
// from the call table, `on(event, handler) → unsubscribe`, `frames.subscribe(...) → unsubscribe`)
// on top of three private channels. The page gets functions only: never ipcRenderer, never a
// channel name, never a port.
//
// Frames come over a MessagePort that main sends when the preload asks (FRAMES_PORT_CHANNEL).
// Subscriptions made before it arrives wait and are sent when it does, as the WebSocket client
// re-subscribes on open. A frame is acknowledged when the page's handler returns, or when the
// promise it returns settles, so the next one waits for the drawing.
import { isEventName, type ApiEvents, type EventName } from '../../shared/api/events.ts';
import { fail, type Result } from '../../shared/api/result.ts';
import { createApi, type ApiTransport, type CamwallApi, type FrameHandler, type StreamChoice } from '../../shared/api/verbs.ts';
import { MAX_SUBSCRIPTION_ID } from '../../shared/api/wire.ts';
import type { CallName } from '../../shared/api/calls.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, FRAMES_PORT_CHANNEL } from './channels.ts';
import type { PortClientMessage, PortServerMessage } from './frames-protocol.ts';

/** The preload's view of a DOM MessagePort (what `event.ports[0]` is). */
export interface RendererPortLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: { ports?: readonly RendererPortLike[] }, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

/** The one name the page sees. */
export const EXPOSED_KEY = 'camwall';

type FrameSubscription = { sub: number; cameraId: string; stream: StreamChoice; onFrame: FrameHandler; active: boolean };

export function createPreloadApi(ipc: IpcRendererLike, report: (message: string, error?: unknown) => void = defaultReport): CamwallApi {
  const handlers = new Map<EventName, Set<(payload: never) => void>>();
  const subscriptions = new Map<number, FrameSubscription>();
  let port: RendererPortLike | null = null;
  let nextSub = 1;

  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (!isEventName(name)) return;
    for (const handler of [...(handlers.get(name) ?? [])]) {
      try {
        (handler as (payload: unknown) => void)(payload);
      } catch (error) {
        report(`a handler of ${name} failed`, error);
      }
    }
  });

  const post = (message: PortClientMessage): void => port?.postMessage(message);

  const onPortMessage = (data: unknown): void => {
    const message = data as PortServerMessage;
    if (message === null || typeof message !== 'object') return;
    const subscription = subscriptions.get(message.sub);
    if (!subscription?.active) return;
    if (message.t === 'ended') {
      subscription.active = false;
      subscriptions.delete(message.sub);
      report(`frames of camera ${subscription.cameraId} stopped: ${message.reason}`);
      return;
    }
    if (message.t !== 'frame') return;
    const ack = (): void => {
      if (subscription.active) post({ t: 'ack', sub: subscription.sub });
    };
    let outcome: unknown;
    try {
      outcome = subscription.onFrame(message.frame);
    } catch (error) {
      report(`a frame handler of camera ${subscription.cameraId} failed`, error);
      return ack();
    }
    // A promise from the page's world arrives through the bridge: test for a thenable.
    if (outcome !== null && typeof outcome === 'object' && typeof (outcome as PromiseLike<unknown>).then === 'function') {
      (outcome as PromiseLike<unknown>).then(ack, (error: unknown) => {
        report(`a frame handler of camera ${subscription.cameraId} failed`, error);
        ack();
      });
    } else {
      ack();
    }
  };

  ipc.on(FRAMES_PORT_CHANNEL, (event) => {
    const received = event.ports?.[0];
    if (received === undefined) return;
    port?.close();
    port = received;
    received.onmessage = (messageEvent) => onPortMessage(messageEvent.data);
    received.start();
    for (const subscription of subscriptions.values()) {
      if (subscription.active) post({ t: 'subscribe', sub: subscription.sub, cameraId: subscription.cameraId, stream: subscription.stream });
    }
  });
  ipc.send(FRAMES_PORT_CHANNEL);

  const allocateSub = (): number => {
    for (let i = 0; i < MAX_SUBSCRIPTION_ID; i++) {
      const sub = nextSub;
      nextSub = nextSub >= MAX_SUBSCRIPTION_ID ? 1 : nextSub + 1;
      if (!subscriptions.has(sub)) return sub;
    }
    throw new Error('camwall: every frame subscription id is in use; unsubscribe tiles that are gone');
  };

  const transport: ApiTransport = {
    async invoke(name: CallName, args: unknown): Promise<Result<unknown>> {
      try {
        return (await ipc.invoke(CALL_CHANNEL, name, args)) as Result<unknown>;
      } catch (error) {
        report(`the call ${name} did not reach Camwall`, error);
        return fail('unavailable', `${name} could not reach Camwall's main process; try again, or restart Camwall if it keeps happening.`);
      }
    },
    on<E extends EventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => {
        set.delete(handler as (payload: never) => void);
      };
    },
    frames: {
      subscribe(cameraId, options, onFrame) {
        const subscription: FrameSubscription = { sub: allocateSub(), cameraId, stream: options.stream, onFrame, active: true };
        subscriptions.set(subscription.sub, subscription);
        post({ t: 'subscribe', sub: subscription.sub, cameraId, stream: options.stream });
        return () => {
          if (!subscription.active) return;
          subscription.active = false;
          subscriptions.delete(subscription.sub);
          post({ t: 'unsubscribe', sub: subscription.sub });
        };
      },
    },
  };
  return createApi(transport);
}

/** The whole preload: build the API and expose it under one name. */
export function exposeCamwall(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(EXPOSED_KEY, createPreloadApi(ipc));
}

function defaultReport(message: string, error?: unknown): void {
  if (error === undefined) console.warn(`camwall: ${message}`);
  else console.error(`camwall: ${message}`, error);
}
