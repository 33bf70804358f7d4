// What waits for the broker: a bounded queue where the newest message per topic wins. A state
// topic (status, motion, discovery) needs only its latest value; the events topic keeps its
// messages in order, up to MAX_QUEUED_EVENTS. Above MAX_QUEUED_BYTES the oldest go first. So a
// broker that is slow or down costs a bounded amount of memory and never holds a camera up.

export const MAX_QUEUED_TOPICS = 5_000;
export const MAX_QUEUED_EVENTS = 200;
/** Snapshots are the big ones: a few cameras' JPEGs. */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export type OutMessage = { topic: string; payload: string | Buffer; retain: boolean; qos: 0 | 1 };

export class Outbox {
  /** Keyed by topic, or by a sequence number for ordered (event) messages; Map keeps insertion order. */
  readonly #queue = new Map<string, OutMessage>();
  #events = 0;
  #bytes = 0;
  #seq = 0;
  /** Messages replaced by a newer one on their topic, or dropped for room. */
  dropped = 0;

  get size(): number {
    return this.#queue.size;
  }

  /** State: replaces what waits on the same topic (and moves it to the back). */
  put(message: OutMessage): void {
    const old = this.#queue.get(message.topic);
    if (old) {
      this.#queue.delete(message.topic);
      this.#bytes -= sizeOf(old);
      this.dropped++;
    }
    this.#queue.set(message.topic, message);
    this.#bytes += sizeOf(message);
    this.#trim();
  }

  /** An event: kept in order beside the others on its topic, up to MAX_QUEUED_EVENTS. */
  append(message: OutMessage): void {
    this.#queue.set(`\u0000${this.#seq++}`, message);
    this.#events++;
    this.#bytes += sizeOf(message);
    this.#trim();
  }

  /** The oldest message, removed. */
  shift(): OutMessage | null {
    const first = this.#queue.entries().next();
    if (first.done) return null;
    const [key, message] = first.value;
    this.#remove(key, message);
    return message;
  }

  clear(): void {
    this.#queue.clear();
    this.#events = 0;
    this.#bytes = 0;
  }

  #trim(): void {
    while (this.#queue.size > 1 && (this.#queue.size > MAX_QUEUED_TOPICS + MAX_QUEUED_EVENTS || this.#events > MAX_QUEUED_EVENTS || this.#bytes > MAX_QUEUED_BYTES)) {
      // Events go first when there are too many of them; otherwise the oldest of anything.
      const victim = this.#events > MAX_QUEUED_EVENTS ? this.#oldestEvent() : this.#queue.entries().next().value!;
      this.#remove(victim[0], victim[1]);
      this.dropped++;
    }
  }

  #oldestEvent(): [string, OutMessage] {
    for (const entry of this.#queue) if (entry[0].startsWith('\u0000')) return entry;
    throw new Error('no event in the outbox'); // unreachable: only called while #events > 0
  }

  #remove(key: string, message: OutMessage): void {
    this.#queue.delete(key);
    if (key.startsWith('\u0000')) this.#events--;
    this.#bytes -= sizeOf(message);
  }
}

function sizeOf(message: OutMessage): number {
  return message.topic.length + (typeof message.payload === 'string' ? Buffer.byteLength(message.payload) : message.payload.length);
}
