// Main's end of one window's frame port. Each subscription takes frames from the core's frame
// hub with a credit of FRAMES_IN_FLIGHT_PER_SUBSCRIPTION; the credit comes back only when the
// preload acks, so a page that stops drawing stops receiving and the hub keeps just the newest
// frame for it (the others count as dropped). Nothing queues. Every message from the port is
// validated: the renderer is not trusted.
import { z } from 'zod';
import { FRAMES_IN_FLIGHT_PER_SUBSCRIPTION, MAX_SUBSCRIPTION_ID, MAX_SUBSCRIPTIONS_PER_CLIENT } from '../../shared/api/wire.ts';
import type { CamwallCore } from '../service/core.ts';
import { ServiceError } from '../service/service-error.ts';
import type { Subscription } from '../stream/frame-hub.ts';
import type { MessagePortMainLike } from './electron-like.ts';
import type { PortClientMessage, PortServerMessage } from './frames-protocol.ts';

const SubscriptionId = z.number().int().min(1).max(MAX_SUBSCRIPTION_ID);

export const PortClientMessageSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('subscribe'), sub: SubscriptionId, cameraId: z.string().min(1).max(64), stream: z.enum(['main', 'sub']) }),
  z.strictObject({ t: z.literal('unsubscribe'), sub: SubscriptionId }),
  z.strictObject({ t: z.literal('ack'), sub: SubscriptionId }),
]) satisfies z.ZodType<PortClientMessage>;

/** What a session needs from the core. */
export type FramesCore = Pick<CamwallCore, 'subscribeFrames' | 'events'>;

export type FramesPortStats = { framesSent: number; messagesRefused: number };

export class FramesPortSession {
  readonly #port: MessagePortMainLike;
  readonly #core: FramesCore;
  readonly #name: string;
  readonly #log: (line: string) => void;
  readonly #subscriptions = new Map<number, { subscription: Subscription; cameraId: string }>();
  readonly #unsubscribeEvents: () => void;
  #closed = false;
  readonly stats: FramesPortStats = { framesSent: 0, messagesRefused: 0 };

  constructor(port: MessagePortMainLike, core: FramesCore, name: string, log: (line: string) => void) {
    this.#port = port;
    this.#core = core;
    this.#name = name;
    this.#log = log;
    // A removed camera's tiles hear about it instead of waiting for frames that never come.
    this.#unsubscribeEvents = core.events.on('cameras.changed', ({ cameras }) => {
      const ids = new Set(cameras.map((camera) => camera.id));
      for (const [sub, state] of this.#subscriptions) {
        if (ids.has(state.cameraId)) continue;
        state.subscription.unsubscribe();
        this.#subscriptions.delete(sub);
        this.#send({ t: 'ended', sub, reason: `camera ${state.cameraId} was removed` });
      }
    });
    port.on('message', (event: { data: unknown }) => this.#onMessage(event.data));
    port.on('close', () => this.close());
    port.start();
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribeEvents();
    for (const { subscription } of this.#subscriptions.values()) subscription.unsubscribe();
    this.#subscriptions.clear();
    this.#port.close();
  }

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    const parsed = PortClientMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.stats.messagesRefused += 1;
      this.#log(`${this.#name}: ignored a frame-port message that is not part of the protocol`);
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'subscribe':
        return this.#subscribe(message.sub, message.cameraId, message.stream);
      case 'unsubscribe':
        this.#subscriptions.get(message.sub)?.subscription.unsubscribe();
        this.#subscriptions.delete(message.sub);
        return;
      case 'ack':
        // An ack for a subscription that has just ended is harmless.
        this.#subscriptions.get(message.sub)?.subscription.ack();
        return;
    }
  }

  #subscribe(sub: number, cameraId: string, stream: 'main' | 'sub'): void {
    if (this.#subscriptions.has(sub)) return this.#send({ t: 'ended', sub, reason: `subscription ${sub} is already in use` });
    if (this.#subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      return this.#send({ t: 'ended', sub, reason: `too many frame subscriptions (at most ${MAX_SUBSCRIPTIONS_PER_CLIENT}); unsubscribe hidden tiles first` });
    }
    try {
      const subscription = this.#core.subscribeFrames(
        cameraId,
        stream,
        {
          deliver: (frame) => {
            if (this.#closed) return;
            this.#send({ t: 'frame', sub, frame });
            this.stats.framesSent += 1;
          },
        },
        FRAMES_IN_FLIGHT_PER_SUBSCRIPTION,
      );
      this.#subscriptions.set(sub, { subscription, cameraId });
    } catch (error) {
      this.#send({ t: 'ended', sub, reason: error instanceof ServiceError ? error.message : 'the camera cannot be subscribed to' });
    }
  }

  #send(message: PortServerMessage): void {
    if (!this.#closed) this.#port.postMessage(message);
  }
}
