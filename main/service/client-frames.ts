// One client's frame subscriptions, the same for both shells (a window's frame port, a browser's
// WebSocket): ids are the client's, each takes frames from the core's hub with a credit of
// FRAMES_IN_FLIGHT_PER_SUBSCRIPTION that `ack` returns, at most MAX_SUBSCRIPTIONS_PER_CLIENT at
// once, and a removed camera's subscriptions end instead of waiting for frames that never come.
// A subscription names a camera's live stream, or the camera in one of this client's playback
// sessions (which ends when the session closes).
// The shell only moves the messages: `deliver` sends a frame, `ended` says why a subscription
// stopped from this side.
import { FRAMES_IN_FLIGHT_PER_SUBSCRIPTION, MAX_SUBSCRIPTIONS_PER_CLIENT } from '../../shared/api/wire.ts';
import type { StreamChoice } from '../../shared/api/verbs.ts';
import type { Frame } from '../../shared/frame.ts';
import type { Subscription } from '../stream/frame-hub.ts';
import type { CamwallCore } from './core.ts';
import { ServiceError } from './service-error.ts';

/** What a client's subscriptions need from the core. */
export type FramesCore = Pick<CamwallCore, 'subscribeFrames' | 'events'> & { playback?: Pick<CamwallCore['playback'], 'subscribe' | 'onSessionClosed'> };

export type ClientFramesOptions = {
  /** The client's id (ClientHandle.id): playback sessions are subscribed only by their owner. */
  owner: string;
  /** Sends one frame of subscription `sub`; `ack` hands the credit back when the frame is not sent. */
  deliver(sub: number, frame: Frame, ack: () => void): void;
  /** Tells the client that subscription `sub` ended (or never started), and why. */
  ended(sub: number, reason: string): void;
};

export class ClientFrameSubscriptions {
  readonly #core: FramesCore;
  readonly #options: ClientFramesOptions;
  readonly #subscriptions = new Map<number, { subscription: Subscription; cameraId: string; playback: number | undefined }>();
  readonly #unsubscribeEvents: () => void;
  readonly #unsubscribeSessions: () => void;

  constructor(core: FramesCore, options: ClientFramesOptions) {
    this.#core = core;
    this.#options = options;
    this.#unsubscribeEvents = core.events.on('cameras.changed', ({ cameras }) => {
      const ids = new Set(cameras.map((camera) => camera.id));
      for (const [sub, state] of this.#subscriptions) {
        if (ids.has(state.cameraId)) continue;
        this.unsubscribe(sub);
        options.ended(sub, `camera ${state.cameraId} was removed`);
      }
    });
    this.#unsubscribeSessions = core.playback?.onSessionClosed((session, owner) => {
      if (owner !== options.owner) return;
      for (const [sub, state] of this.#subscriptions) {
        if (state.playback !== session) continue;
        this.unsubscribe(sub);
        options.ended(sub, `playback session ${session} was closed`);
      }
    }) ?? (() => {});
  }

  get size(): number {
    return this.#subscriptions.size;
  }

  has(sub: number): boolean {
    return this.#subscriptions.has(sub);
  }

  /** A reused id ends like a full table; a shell that calls it a protocol error checks `has` first. */
  subscribe(sub: number, cameraId: string, stream: StreamChoice, playback?: number): void {
    if (this.#subscriptions.has(sub)) return this.#options.ended(sub, `subscription ${sub} is already in use`);
    if (this.#subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      return this.#options.ended(sub, `too many frame subscriptions (at most ${MAX_SUBSCRIPTIONS_PER_CLIENT}); unsubscribe hidden tiles first`);
    }
    let subscription: Subscription;
    try {
      // `subscription` is set once subscribeFrames returns: a deliver that runs sooner must call ack later.
      const deliver = { deliver: (frame: Frame) => this.#options.deliver(sub, frame, () => subscription.ack()) };
      if (playback === undefined) {
        subscription = this.#core.subscribeFrames(cameraId, stream, deliver, FRAMES_IN_FLIGHT_PER_SUBSCRIPTION);
      } else if (this.#core.playback) {
        subscription = this.#core.playback.subscribe(this.#options.owner, playback, cameraId, deliver, FRAMES_IN_FLIGHT_PER_SUBSCRIPTION);
      } else {
        return this.#options.ended(sub, 'playback is not available in this shell');
      }
    } catch (error) {
      return this.#options.ended(sub, error instanceof ServiceError ? error.message : 'the camera cannot be subscribed to');
    }
    this.#subscriptions.set(sub, { subscription, cameraId, playback });
  }

  unsubscribe(sub: number): void {
    this.#subscriptions.get(sub)?.subscription.unsubscribe();
    this.#subscriptions.delete(sub);
  }

  /** An ack for a subscription that has just ended is harmless; it is ignored. */
  ack(sub: number): void {
    this.#subscriptions.get(sub)?.subscription.ack();
  }

  close(): void {
    this.#unsubscribeEvents();
    this.#unsubscribeSessions();
    for (const { subscription } of this.#subscriptions.values()) subscription.unsubscribe();
    this.#subscriptions.clear();
  }
}
