// Verbs, not channels: turns any `invoke(name, args)` transport into the nested object the
// renderer calls (`api.cameras.add({ camera })`), and defines the one interface the renderer
// talks to, whichever shell it runs in. The Electron preload exposes a CamwallApi through
// contextBridge; the browser shell's WebSocket client (renderer/api/) builds one too.
import { CALL_NAMES, type CallArgs, type CallName, type CallResult } from './calls.ts';
import type { Frame } from './domain.ts';
import type { ApiPushes, PushName } from './pushes.ts';
import type { Result } from './result.ts';

/** A call with an all-optional argument may be made without one: `api.cameras.list()`. */
export type Verb<K extends CallName> = {} extends CallArgs<K>
  ? (args?: CallArgs<K>) => Promise<Result<CallResult<K>>>
  : (args: CallArgs<K>) => Promise<Result<CallResult<K>>>;

type GroupOf<K extends string> = K extends `${infer G}.${string}` ? G : never;
type VerbOf<K extends string, G extends string> = K extends `${G}.${infer V}` ? V : never;

/** `{ cameras: { list, get, add, ... }, layouts: { ... }, ... }` derived from the call table. */
export type ApiVerbs = {
  [G in GroupOf<CallName>]: { [K in CallName as VerbOf<K, G>]: Verb<K> };
};

export type StreamChoice = 'main' | 'sub';

/**
 * Which frames of a camera: its live main or tile stream, or, with `playback`, the camera in one
 * of this client's playback sessions (`playback.open`); then `stream` is not used.
 */
export type FrameSource = { stream: StreamChoice; playback?: number };

export type FrameHandler = (frame: Frame) => void | Promise<void>;

export interface FrameSubscriptions {
  /**
   * Frames of one camera until the returned function is called. Flow control: the transport
   * acknowledges a frame when the handler returns, or when its returned promise settles, so a
   * handler that draws asynchronously (createImageBitmap) returns that promise and the next
   * frame waits for the drawing. At most two frames are in flight per subscription; while the
   * renderer is busy the core replaces stale frames (counted as dropped), it never queues them.
   * `stream: 'sub'` asks for the camera's smaller stream and falls back to the main one when
   * the camera has none; `playback: session` asks for recorded frames of that session instead.
   */
  subscribe(cameraId: string, options: FrameSource, onFrame: FrameHandler): () => void;
}

export type CamwallApi = ApiVerbs & {
  /** Calls the handler for every event of that name until the returned function is called. */
  on<E extends PushName>(event: E, handler: (payload: ApiPushes[E]) => void): () => void;
  frames: FrameSubscriptions;
};

/** What a shell provides; `createApi` turns it into the CamwallApi. */
export interface ApiTransport {
  invoke(name: CallName, args: unknown): Promise<Result<unknown>>;
  on<E extends PushName>(event: E, handler: (payload: ApiPushes[E]) => void): () => void;
  frames: FrameSubscriptions;
}

export function createApi(transport: ApiTransport): CamwallApi {
  const groups: Record<string, Record<string, (args?: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CALL_NAMES) {
    const dot = name.indexOf('.');
    const group = name.slice(0, dot);
    const verb = name.slice(dot + 1);
    (groups[group] ??= {})[verb] = (args?: unknown) => transport.invoke(name, args ?? {});
  }
  return {
    ...(groups as unknown as ApiVerbs),
    on: (event, handler) => transport.on(event, handler),
    frames: { subscribe: (cameraId, options, onFrame) => transport.frames.subscribe(cameraId, options, onFrame) },
  };
}
