// The client side of frame flow control, shared by both shells' clients (the Electron preload over
// its MessagePort, the browser's WebSocket client): subscription ids, re-subscribing on a new
// connection, and the credit rule of verbs.ts — a frame is acknowledged when the page's handler
// returns, or when the promise it returns settles, so the next frame waits for the drawing.
// Pure: the transport sends the messages, and the caller says where failures are reported.
import type { Frame } from './domain.ts';
import type { FrameHandler, FrameSource, FrameSubscriptions } from './verbs.ts';
import { MAX_SUBSCRIPTION_ID, type FrameClientMessage } from './wire.ts';

export type FrameSubscriber = FrameSubscriptions & {
  /** A frame for subscription `sub`; ignored when the page has unsubscribed it. */
  deliver(sub: number, frame: Frame): void;
  /** The server ended subscription `sub`; its handler gets no more frames. */
  end(sub: number, reason: string): void;
  /** Sends every live subscription again (a new connection or port knows none of them). */
  resubscribeAll(): void;
};

type Subscription = { sub: number; cameraId: string; source: FrameSource; onFrame: FrameHandler; active: boolean };

function subscribeMessage(sub: number, cameraId: string, source: FrameSource): FrameClientMessage {
  return source.playback === undefined
    ? { t: 'subscribe', sub, cameraId, stream: source.stream }
    : { t: 'subscribe', sub, cameraId, stream: source.stream, playback: source.playback };
}

/**
 * `send` may drop messages while there is no connection: subscriptions are sent again by
 * `resubscribeAll`, and a frame acked on a dead connection gets fresh credit on the new one.
 */
export function createFrameSubscriber(send: (message: FrameClientMessage) => void, report: (message: string, error?: unknown) => void): FrameSubscriber {
  const subscriptions = new Map<number, Subscription>();
  let nextSub = 1;

  const allocateSub = (): number => {
    for (let i = 0; i < MAX_SUBSCRIPTION_ID; i++) {
      const sub = nextSub;
      nextSub = nextSub >= MAX_SUBSCRIPTION_ID ? 1 : nextSub + 1;
      if (!subscriptions.has(sub)) return sub;
    }
    throw new Error('camwall: every frame subscription id is in use; unsubscribe tiles that are gone');
  };

  return {
    subscribe(cameraId, options, onFrame) {
      const source: FrameSource = options.playback === undefined ? { stream: options.stream } : { stream: options.stream, playback: options.playback };
      const subscription: Subscription = { sub: allocateSub(), cameraId, source, onFrame, active: true };
      subscriptions.set(subscription.sub, subscription);
      send(subscribeMessage(subscription.sub, cameraId, source));
      return () => {
        if (!subscription.active) return;
        subscription.active = false;
        subscriptions.delete(subscription.sub);
        send({ t: 'unsubscribe', sub: subscription.sub });
      };
    },

    deliver(sub, frame) {
      const subscription = subscriptions.get(sub);
      if (!subscription?.active) return;
      const ack = (): void => {
        if (subscription.active) send({ t: 'ack', sub });
      };
      const failed = (error: unknown): void => report(`a frame handler of camera ${subscription.cameraId} failed`, error);
      let outcome: unknown;
      try {
        outcome = subscription.onFrame(frame);
      } catch (error) {
        failed(error);
        return ack();
      }
      // A promise from the page's world reaches the preload through contextBridge as a thenable
      // that is not `instanceof Promise` there.
      if (outcome !== null && typeof outcome === 'object' && typeof (outcome as PromiseLike<unknown>).then === 'function') {
        (outcome as PromiseLike<unknown>).then(ack, (error: unknown) => {
          failed(error);
          ack();
        });
      } else {
        ack();
      }
    },

    end(sub, reason) {
      const subscription = subscriptions.get(sub);
      if (!subscription) return;
      subscription.active = false;
      subscriptions.delete(sub);
      report(`frames of camera ${subscription.cameraId} stopped: ${reason}`);
    },

    resubscribeAll() {
      for (const { sub, cameraId, source } of subscriptions.values()) send(subscribeMessage(sub, cameraId, source));
    },
  };
}
