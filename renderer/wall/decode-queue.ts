// Shares the machine's JPEG decoders among the wall's tiles. Pure scheduling, no DOM: the tiles
// (tile-renderer.ts) do the decoding when the queue lets them.
//
// Why a queue at all: createImageBitmap hands every call to Chromium's decoder threads at once,
// and a frame handed over can no longer be replaced by a newer one. With one decode in flight
// per tile, a 4x4 wall on two cores had 16 decodes queued inside Chromium; each took ~100 ms to
// come back when the wall was saturated, so every painted frame was two of those old. Here a tile
// that has a frame asks for a slot; until it gets one its frame stays replaceable (the newest
// wins, the stale one is dropped before it cost a decode), and a few decodes in flight keep the
// decoder threads just as busy (docs/renderer.md, "Frame path", measured).

/** Decodes in flight per CPU core on top of DECODES_IN_FLIGHT_EXTRA: enough to hide the gap between one decode's end and the next one's start. */
export const DECODES_IN_FLIGHT_PER_CORE = 1;
export const DECODES_IN_FLIGHT_EXTRA = 2;

/** How many decodes the wall keeps in flight on a machine with `cores` logical CPUs. */
export function decodeSlots(cores: number): number {
  const known = Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 2;
  return known * DECODES_IN_FLIGHT_PER_CORE + DECODES_IN_FLIGHT_EXTRA;
}

/** A tile with a frame to decode. `run` is called once a slot is free; the slot is free again when its promise settles. */
export type DecodeJob = { run(): Promise<void> };

export class DecodeQueue {
  readonly slots: number;
  /** Tiles waiting for a slot, oldest first; each at most once, so they take turns. */
  readonly #waiting = new Set<DecodeJob>();
  #inFlight = 0;

  constructor(slots: number) {
    if (!Number.isSafeInteger(slots) || slots < 1) throw new RangeError(`decode slots must be a whole number of at least 1, not ${slots}`);
    this.slots = slots;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#waiting.size;
  }

  /** Asks for a slot for `job`; runs it now if one is free. Asking again while queued changes nothing. */
  request(job: DecodeJob): void {
    this.#waiting.add(job);
    this.#pump();
  }

  /** Takes a job out of the line (a tile that was disposed or cleared). A running job is not stopped. */
  cancel(job: DecodeJob): void {
    this.#waiting.delete(job);
  }

  #pump(): void {
    while (this.#inFlight < this.slots) {
      const next = this.#waiting.values().next();
      if (next.done) return;
      const job = next.value;
      this.#waiting.delete(job);
      this.#inFlight += 1;
      let settled: Promise<void>;
      try {
        settled = job.run();
      } catch {
        settled = Promise.resolve();
      }
      void settled
        .catch(() => {})
        .then(() => {
          this.#inFlight -= 1;
          this.#pump();
        });
    }
  }
}

let shared: DecodeQueue | null = null;

/** The queue every tile of this page shares, sized for this machine. */
export function sharedDecodeQueue(): DecodeQueue {
  shared ??= new DecodeQueue(decodeSlots((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2));
  return shared;
}
