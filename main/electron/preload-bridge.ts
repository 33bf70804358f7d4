// What the preload builds and exposes as `window.camwall`: the typed CamwallApi of shared/ (verbs
// from the call table, `on(event, handler) → unsubscribe`, `frames.subscribe(...) → unsubscribe`)
// on top of three private channels. The page gets functions only: never ipcRenderer, never a
// channel name, never a port.
//
// Frames come over a MessagePort that main sends when the preload asks (FRAMES_PORT_CHANNEL).
// Subscriptions made before it arrives wait and are sent when it does, as the WebSocket client
// re-subscribes on open. A frame is acknowledged when the page's handler returns, or when the
// promise it returns settles, so the next one waits for the drawing.
import { PushBus } from '../../shared/api/push-bus.ts';
import { isPushName, type ApiPushes } from '../../shared/api/pushes.ts';
import { fail, type Result } from '../../shared/api/result.ts';
import { createFrameSubscriber } from '../../shared/api/frame-subscriber.ts';
import { createApi, type ApiTransport, type CamwallApi } from '../../shared/api/verbs.ts';
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

export function createPreloadApi(ipc: IpcRendererLike, report: (message: string, error?: unknown) => void = defaultReport): CamwallApi {
  const events = new PushBus((error, name) => report(`a handler of ${name} failed`, error));
  let port: RendererPortLike | null = null;

  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (isPushName(name)) events.emit(name, payload as ApiPushes[typeof name]);
  });

  const frames = createFrameSubscriber((message: PortClientMessage) => port?.postMessage(message), report);

  const onPortMessage = (data: unknown): void => {
    const message = data as PortServerMessage;
    if (message === null || typeof message !== 'object') return;
    if (message.t === 'frame') frames.deliver(message.sub, message.frame);
    else if (message.t === 'ended') frames.end(message.sub, message.reason);
  };

  ipc.on(FRAMES_PORT_CHANNEL, (event) => {
    const received = event.ports?.[0];
    if (received === undefined) return;
    port?.close();
    port = received;
    received.onmessage = (messageEvent) => onPortMessage(messageEvent.data);
    received.start();
    frames.resubscribeAll();
  });
  ipc.send(FRAMES_PORT_CHANNEL);

  const transport: ApiTransport = {
    async invoke(name: CallName, args: unknown): Promise<Result<unknown>> {
      try {
        return (await ipc.invoke(CALL_CHANNEL, name, args)) as Result<unknown>;
      } catch (error) {
        report(`the call ${name} did not reach Camwall`, error);
        return fail('unavailable', `${name} could not reach Camwall's main process; try again, or restart Camwall if it keeps happening.`);
      }
    },
    on: (event, handler) => events.on(event, handler),
    frames,
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
