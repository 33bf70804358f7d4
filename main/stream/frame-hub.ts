// The main thread's fan-out: one camera connection, any number of subscribers (a window's tile,
// a re-stream client), each with credit-based flow control. A subscriber holds at most
// `maxInFlight` frames it has not acked; while it is busy, the newest frame waits in a single
// pending slot and replaces any older one, which counts as dropped. Nothing queues without
// bound, and a slow subscriber never slows another.
//
// Invariant, per subscriber: received = delivered + dropped + (1 if a frame is pending).
// Unsubscribing counts a pending frame as dropped, so afterwards received = delivered + dropped.
import type { Frame } from '../../shared/frame.ts';

/** The largest credit a subscriber may ask for: the design allows one or two frames in flight. */
export const MAX_IN_FLIGHT_LIMIT = 2;

export type FrameSubscriber = {
  /**
   * Called with each frame this subscriber may take. The frame (and its ArrayBuffer) is shared
   * with every other subscriber and the snapshot: read it, copy it, never transfer or mutate it.
   * Call the subscription's `ack()` when done with it, to receive the next one.
   */
  deliver(frame: Frame): void;
};

export type SubscribeOptions = { maxInFlight?: 1 | 2 };

export type SubscriberStats = {
  received: number;
  delivered: number;
  dropped: number;
  inFlight: number;
  pending: boolean;
};

export type Subscription = {
  /** The subscriber is done with one delivered frame; extra acks are ignored. */
  ack(): void;
  /** Stops deliveries; idempotent. */
  unsubscribe(): void;
  stats(): SubscriberStats;
};

/** Per camera, summed over all its subscribers past and present. */
export type CameraDeliveryCounters = { delivered: number; dropped: number; subscribers: number };

export type FrameHubOptions = {
  /** Called when a camera gains its first subscriber or loses its last one. */
  onDemandChange?(cameraId: string, subscribers: number): void;
  /** A subscriber's deliver() threw; the frame counts as delivered and its credit comes back. */
  onSubscriberError?(cameraId: string, error: unknown): void;
};

type SubscriberState = {
  subscriber: FrameSubscriber;
  maxInFlight: number;
  inFlight: number;
  pending: Frame | null;
  received: number;
  delivered: number;
  dropped: number;
  active: boolean;
};

type CameraEntry = {
  subscribers: SubscriberState[];
  latest: Frame | null;
  delivered: number;
  dropped: number;
};

export class FrameHub {
  #cameras = new Map<string, CameraEntry>();
  #options: FrameHubOptions;

  constructor(options: FrameHubOptions = {}) {
    this.#options = options;
  }

  subscribe(cameraId: string, subscriber: FrameSubscriber, options: SubscribeOptions = {}): Subscription {
    const maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
      throw new RangeError(`camera ${cameraId}: maxInFlight must be 1 or ${MAX_IN_FLIGHT_LIMIT}, got ${maxInFlight}`);
    }
    const camera = this.#entry(cameraId);
    const state: SubscriberState = {
      subscriber, maxInFlight, inFlight: 0, pending: null, received: 0, delivered: 0, dropped: 0, active: true,
    };
    // Copy on write: publish() may be iterating the old array while a subscriber joins.
    camera.subscribers = [...camera.subscribers, state];
    if (camera.subscribers.length === 1) this.#options.onDemandChange?.(cameraId, 1);
    return {
      ack: () => this.#ack(cameraId, camera, state),
      unsubscribe: () => this.#unsubscribe(cameraId, camera, state),
      stats: () => ({
        received: state.received,
        delivered: state.delivered,
        dropped: state.dropped,
        inFlight: state.inFlight,
        pending: state.pending !== null,
      }),
    };
  }

  /** A new frame from a camera: kept as the camera's latest and offered to every subscriber. */
  publish(frame: Frame): void {
    const camera = this.#entry(frame.cameraId);
    camera.latest = frame;
    for (const state of camera.subscribers) {
      if (!state.active) continue;
      state.received += 1;
      if (state.inFlight < state.maxInFlight) {
        this.#deliver(frame.cameraId, camera, state, frame);
      } else {
        if (state.pending !== null) {
          state.dropped += 1;
          camera.dropped += 1;
        }
        state.pending = frame;
      }
    }
  }

  /** The newest frame seen from the camera, or null. */
  latest(cameraId: string): Frame | null {
    return this.#cameras.get(cameraId)?.latest ?? null;
  }

  subscriberCount(cameraId: string): number {
    return this.#cameras.get(cameraId)?.subscribers.length ?? 0;
  }

  counters(cameraId: string): CameraDeliveryCounters {
    const camera = this.#cameras.get(cameraId);
    if (!camera) return { delivered: 0, dropped: 0, subscribers: 0 };
    return { delivered: camera.delivered, dropped: camera.dropped, subscribers: camera.subscribers.length };
  }

  /** Forgets the camera's latest frame (it no longer comes here while nobody watches). */
  clearLatest(cameraId: string): void {
    const camera = this.#cameras.get(cameraId);
    if (camera) camera.latest = null;
  }

  /** Forgets a removed camera's latest frame and counters; its subscribers stay subscribed. */
  forget(cameraId: string): void {
    const camera = this.#cameras.get(cameraId);
    if (!camera) return;
    if (camera.subscribers.length === 0) this.#cameras.delete(cameraId);
    else camera.latest = null;
  }

  #entry(cameraId: string): CameraEntry {
    let camera = this.#cameras.get(cameraId);
    if (!camera) {
      camera = { subscribers: [], latest: null, delivered: 0, dropped: 0 };
      this.#cameras.set(cameraId, camera);
    }
    return camera;
  }

  #deliver(cameraId: string, camera: CameraEntry, state: SubscriberState, frame: Frame): void {
    state.inFlight += 1;
    state.delivered += 1;
    camera.delivered += 1;
    try {
      state.subscriber.deliver(frame);
    } catch (error) {
      // A broken subscriber must not stop the others, nor starve itself of credit forever.
      state.inFlight = Math.max(state.inFlight - 1, 0);
      this.#options.onSubscriberError?.(cameraId, error);
    }
  }

  #ack(cameraId: string, camera: CameraEntry, state: SubscriberState): void {
    if (!state.active || state.inFlight === 0) return;
    state.inFlight -= 1;
    const next = state.pending;
    if (next !== null) {
      state.pending = null;
      this.#deliver(cameraId, camera, state, next);
    }
  }

  #unsubscribe(cameraId: string, camera: CameraEntry, state: SubscriberState): void {
    if (!state.active) return;
    state.active = false;
    if (state.pending !== null) {
      state.pending = null;
      state.dropped += 1;
      camera.dropped += 1;
    }
    camera.subscribers = camera.subscribers.filter((s) => s !== state);
    if (camera.subscribers.length === 0) this.#options.onDemandChange?.(cameraId, 0);
  }
}
