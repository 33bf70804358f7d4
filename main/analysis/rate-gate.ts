// Which frames are analysed: at most `fps` a second by capture time, the rest skipped without
// being touched (no copy, no decode). The gate aims at an even timeline, as the simulator's
// sender does, so 15 fps analysed at 5 takes every third frame even with jittery arrival.

/** A frame this much of an interval early still counts as due (arrival jitter). */
export const EARLY_TOLERANCE = 0.1;

export class RateGate {
  readonly #intervalMs: number;
  #nextMs = -Infinity;

  constructor(fps: number) {
    if (!(fps > 0)) throw new Error(`the analysed rate must be above 0 frames a second, got ${fps}`);
    this.#intervalMs = 1000 / fps;
  }

  /** Whether the frame captured at `atMs` is analysed. */
  due(atMs: number): boolean {
    const interval = this.#intervalMs;
    // A clock set back (or a recording's next file) restarts the timeline instead of waiting for it.
    if (atMs < this.#nextMs - 2 * interval) this.#nextMs = atMs;
    if (atMs < this.#nextMs - EARLY_TOLERANCE * interval) return false;
    // Behind by more than an interval (a gap in the stream): restart from this frame rather than burst.
    this.#nextMs = this.#nextMs + interval > atMs ? this.#nextMs + interval : atMs + interval;
    return true;
  }
}
