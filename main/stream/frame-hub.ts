// The main thread's fan-out: one stream (a camera's live main or tile stream, or a camera in a
// playback session; see shared/stream-key.ts), any number of subscribers (a window's tile, a
// re-stream client), each with credit-based flow control. A subscriber holds at most
// `maxInFlight` frames it has not acked; while it is busy, the newest frame waits in a single
// pending slot and replaces any older one, which counts as dropped. Nothing queues without
// bound, and a slow subscriber never slows another.
//
// Invariant, per subscriber: received = delivered + dropped + (1 if a frame is pending).
// Unsubscribing counts a pending frame as dropped, so afterwards received = delivered + dropped.
// The hub never looks inside a frame: it is filed under the stream it was published on.
import type { Frame } from '../../shared/frame.ts';
import { describeStream, streamKeyId, type StreamKey } from '../../shared/stream-key.ts';

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

export type SubscribeOptions = {
  maxInFlight?: 1 | 2;
  /**
   * Deliver the stream's latest frame at once. For a paused playback stream, whose frame was
   * published before the tile subscribed and will not come again until the playhead moves.
   */
  replayLatest?: boolean;
};

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

/** Per stream, summed over all its subscribers past and present. */
export type StreamDeliveryCounters = { delivered: number; dropped: number; subscribers: number };

export type FrameHubOptions = {
  /** Called when a stream gains its first subscriber or loses its last one. */
  onDemandChange?(stream: StreamKey, subscribers: number): void;
  /** A subscriber's deliver() threw; the frame counts as delivered and its credit comes back. */
  onSubscriberError?(stream: StreamKey, error: unknown): void;
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

type StreamEntry = {
  key: StreamKey;
  subscribers: SubscriberState[];
  latest: Frame | null;
  delivered: number;
  dropped: number;
};

export class FrameHub {
  #streams = new Map<string, StreamEntry>();
  #options: FrameHubOptions;

  constructor(options: FrameHubOptions = {}) {
    this.#options = options;
  }

  subscribe(key: StreamKey, subscriber: FrameSubscriber, options: SubscribeOptions = {}): Subscription {
    const maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
      throw new RangeError(`${describeStream(key)}: maxInFlight must be 1 or ${MAX_IN_FLIGHT_LIMIT}, got ${maxInFlight}`);
    }
    const entry = this.#entry(key);
    const state: SubscriberState = {
      subscriber, maxInFlight, inFlight: 0, pending: null, received: 0, delivered: 0, dropped: 0, active: true,
    };
    // Copy on write: publish() may be iterating the old array while a subscriber joins.
    entry.subscribers = [...entry.subscribers, state];
    if (entry.subscribers.length === 1) this.#options.onDemandChange?.(entry.key, 1);
    if (options.replayLatest && entry.latest !== null) {
      state.received += 1;
      this.#deliver(entry, state, entry.latest);
    }
    return {
      ack: () => this.#ack(entry, state),
      unsubscribe: () => this.#unsubscribe(entry, state),
      stats: () => ({
        received: state.received,
        delivered: state.delivered,
        dropped: state.dropped,
        inFlight: state.inFlight,
        pending: state.pending !== null,
      }),
    };
  }

  /** A new frame of a stream: kept as the stream's latest and offered to every subscriber. */
  publish(key: StreamKey, frame: Frame): void {
    const entry = this.#entry(key);
    entry.latest = frame;
    for (const state of entry.subscribers) {
      if (!state.active) continue;
      state.received += 1;
      if (state.inFlight < state.maxInFlight) {
        this.#deliver(entry, state, frame);
      } else {
        if (state.pending !== null) {
          state.dropped += 1;
          entry.dropped += 1;
        }
        state.pending = frame;
      }
    }
  }

  /** The newest frame seen on the stream, or null. */
  latest(key: StreamKey): Frame | null {
    return this.#streams.get(streamKeyId(key))?.latest ?? null;
  }

  /**
   * Whether a frame published now would go straight out to some subscriber (one has credit).
   * A source that must read each frame from disk asks first, so it reads only what is taken.
   */
  wantsFrame(key: StreamKey): boolean {
    const entry = this.#streams.get(streamKeyId(key));
    return entry !== undefined && entry.subscribers.some((s) => s.active && s.inFlight < s.maxInFlight);
  }

  subscriberCount(key: StreamKey): number {
    return this.#streams.get(streamKeyId(key))?.subscribers.length ?? 0;
  }

  counters(key: StreamKey): StreamDeliveryCounters {
    const entry = this.#streams.get(streamKeyId(key));
    if (!entry) return { delivered: 0, dropped: 0, subscribers: 0 };
    return { delivered: entry.delivered, dropped: entry.dropped, subscribers: entry.subscribers.length };
  }

  /** Forgets the stream's latest frame (it no longer comes here while nobody watches). */
  clearLatest(key: StreamKey): void {
    const entry = this.#streams.get(streamKeyId(key));
    if (entry) entry.latest = null;
  }

  /** Forgets a removed stream's latest frame and counters; its subscribers stay subscribed. */
  forget(key: StreamKey): void {
    const id = streamKeyId(key);
    const entry = this.#streams.get(id);
    if (!entry) return;
    if (entry.subscribers.length === 0) this.#streams.delete(id);
    else entry.latest = null;
  }

  #entry(key: StreamKey): StreamEntry {
    const id = streamKeyId(key);
    let entry = this.#streams.get(id);
    if (!entry) {
      entry = { key, subscribers: [], latest: null, delivered: 0, dropped: 0 };
      this.#streams.set(id, entry);
    }
    return entry;
  }

  #deliver(entry: StreamEntry, state: SubscriberState, frame: Frame): void {
    state.inFlight += 1;
    state.delivered += 1;
    entry.delivered += 1;
    try {
      state.subscriber.deliver(frame);
    } catch (error) {
      // A broken subscriber must not stop the others, nor starve itself of credit forever.
      state.inFlight = Math.max(state.inFlight - 1, 0);
      this.#options.onSubscriberError?.(entry.key, error);
    }
  }

  #ack(entry: StreamEntry, state: SubscriberState): void {
    if (!state.active || state.inFlight === 0) return;
    state.inFlight -= 1;
    const next = state.pending;
    if (next !== null) {
      state.pending = null;
      this.#deliver(entry, state, next);
    }
  }

  #unsubscribe(entry: StreamEntry, state: SubscriberState): void {
    if (!state.active) return;
    state.active = false;
    if (state.pending !== null) {
      state.pending = null;
      state.dropped += 1;
      entry.dropped += 1;
    }
    entry.subscribers = entry.subscribers.filter((s) => s !== state);
    if (entry.subscribers.length === 0) this.#options.onDemandChange?.(entry.key, 0);
  }
}
