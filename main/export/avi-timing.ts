// AVI has one frame rate: every index entry is one slot of 1/rate s. A frame goes into the slot
// nearest its capture time; empty slots between frames become zero-size chunks (players hold the
// previous picture, which is how gaps and jitter show); a frame whose nearest slot is already taken
// moves to the next free one, so no frame is ever dropped and the order is kept.

/** Slowest and fastest nominal rates an export uses, in frames per second. */
export const MIN_AVI_FPS = 1;
export const MAX_AVI_FPS = 120;

/** Frames per second as `rate / scale` (the AVI stream header's dwRate and dwScale). */
export type AviRate = { rate: number; scale: number };

/**
 * The whole number of frames per second nearest the camera's nominal interval. Cameras are set to
 * whole rates (15, 25, 30 fps), and a median of millisecond arrival intervals cannot tell 30 from
 * 30000/1001 fps anyway; a whole rate keeps slot k at exactly k * 1000 / fps ms. Slower cameras
 * get 1 fps (a few empty slots per frame), faster ones are capped.
 */
export function nominalRate(nominalIntervalMs: number): AviRate {
  const fps = Number.isFinite(nominalIntervalMs) && nominalIntervalMs > 0 ? Math.round(1000 / nominalIntervalMs) : MIN_AVI_FPS;
  return { rate: Math.min(Math.max(fps, MIN_AVI_FPS), MAX_AVI_FPS), scale: 1 };
}

export function slotMs(rate: AviRate): number {
  return (1000 * rate.scale) / rate.rate;
}

/** Places frames on slots in order; see the file comment. */
export class SlotPlacer {
  readonly #rate: AviRate;
  #nextFree = 0;
  #moved = 0;

  constructor(rate: AviRate) {
    this.#rate = rate;
  }

  /** The slot for a frame captured at `timeMs` (after every frame placed so far). */
  place(timeMs: number): number {
    const nearest = Math.round((timeMs * this.#rate.rate) / (1000 * this.#rate.scale));
    const slot = Math.max(nearest, this.#nextFree);
    if (slot !== nearest) this.#moved++;
    this.#nextFree = slot + 1;
    return slot;
  }

  /** Slots used so far, the empty ones included: the stream's length. */
  get slots(): number {
    return this.#nextFree;
  }

  /** Frames placed later than their nearest slot because an earlier frame held it. */
  get moved(): number {
    return this.#moved;
  }
}
