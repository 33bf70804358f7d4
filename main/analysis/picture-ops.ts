// The detector's per-frame steps on the small gray picture (Frigate's improved detector does the
// same with OpenCV), written as few passes over typed arrays allocated once per picture size:
// they run for every analysed frame of every camera, so steps that can share a pass do. The
// background is kept in fixed point (gray level x BACKGROUND_SCALE, at most 65,280, in a
// Uint16Array): integer passes are faster than Float32 ones in V8, the array is half the size,
// and 1/256 of a level is precision enough.

/** The background's fixed point: a gray level is BACKGROUND_SCALE units. */
export const BACKGROUND_SHIFT = 8;
export const BACKGROUND_SCALE = 1 << BACKGROUND_SHIFT;
/** The running average's weight is applied in 1/ALPHA_SCALE steps (0.02 is 82/4096). */
const ALPHA_SHIFT = 12;

/** Frigate stretches between the 4th and 96th percentile, averaged over its last 50 frames. */
export const CONTRAST_LOW_PERCENTILE = 0.04;
export const CONTRAST_HIGH_PERCENTILE = 0.96;
export const CONTRAST_HISTORY_FRAMES = 50;
/** The contrast range is measured on every 7th pixel (prime, so the samples do not line up in columns). */
export const CONTRAST_SAMPLE_STEP = 7;

/**
 * Contrast stretch whose range is the mean of the last CONTRAST_HISTORY_FRAMES frames' percentile
 * range, so a night picture gets the contrast of a day one while a sudden change (lights) is not
 * stretched away in one frame. `update` returns the lookup table for this frame.
 */
export class ContrastStretch {
  readonly #histogram = new Uint32Array(256);
  readonly #lows = new Float64Array(CONTRAST_HISTORY_FRAMES);
  readonly #highs = new Float64Array(CONTRAST_HISTORY_FRAMES);
  readonly #lut = new Uint8Array(256);
  #count = 0;
  #next = 0;

  /** Forgets the history: the next frame's range is the only one (after a light switch). */
  reset(): void { this.#count = 0; this.#next = 0; }

  update(source: Uint8Array): Uint8Array {
    const histogram = this.#histogram;
    histogram.fill(0);
    let sampled = 0;
    for (let i = 0; i < source.length; i += CONTRAST_SAMPLE_STEP, sampled++) histogram[source[i]!]!++;
    const low = percentile(histogram, sampled, CONTRAST_LOW_PERCENTILE);
    const high = percentile(histogram, sampled, CONTRAST_HIGH_PERCENTILE);
    // A picture of one colour says nothing about contrast: keep the history as it is.
    if (low < high) {
      this.#lows[this.#next] = low;
      this.#highs[this.#next] = high;
      this.#next = (this.#next + 1) % CONTRAST_HISTORY_FRAMES;
      this.#count = Math.min(this.#count + 1, CONTRAST_HISTORY_FRAMES);
    }
    const lut = this.#lut;
    if (this.#count === 0) { for (let v = 0; v < 256; v++) lut[v] = v; return lut; }
    let lowSum = 0;
    let highSum = 0;
    for (let i = 0; i < this.#count; i++) { lowSum += this.#lows[i]!; highSum += this.#highs[i]!; }
    const min = lowSum / this.#count;
    const max = highSum / this.#count;
    const scale = 255 / Math.max(1, max - min);
    for (let v = 0; v < 256; v++) lut[v] = v <= min ? 0 : v >= max ? 255 : Math.round((v - min) * scale);
    return lut;
  }
}

function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  const target = fraction * total;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen > target) return v;
  }
  return 255;
}

/**
 * First pass: the contrast lookup and the row half of a 3x3 [1 2 1] blur (sigma ~0.85, as
 * Frigate's Gaussian of radius 1), edges clamped. `rows` gets 4x the stretched row-blurred value.
 */
export function stretchAndBlurRows(source: Uint8Array, lut: Uint8Array, width: number, height: number, rows: Uint16Array): void {
  for (let row = 0; row < width * height; row += width) {
    const last = row + width - 1;
    let left = lut[source[row]!]!;
    let middle = left;
    for (let i = row; i < last; i++) {
      const right = lut[source[i + 1]!]!;
      rows[i] = left + 2 * middle + right;
      left = middle;
      middle = right;
    }
    rows[last] = left + 3 * middle;
  }
}

/** The fixed-point weight of a running-average step of `alpha` (1 replaces the background). */
export function backgroundWeight(alpha: number): number {
  return alpha >= 1 ? 1 << ALPHA_SHIFT : Math.max(1, Math.round(alpha * (1 << ALPHA_SHIFT)));
}

/**
 * Second pass, one loop: the column half of the blur; first the background update
 * the last frame asked for (`pendingWeight`, backgroundWeight's units, 0 for none: the last
 * frame's blurred picture is still in `previous`, so the update costs no pass of its own); then
 * the indices where the blurred picture differs from the background by more than `threshold`, into
 * `changed`. A changed pixel that has kept its value (within threshold / 2 of `previous`) for
 * `stillFrames` frames in a row is not motion but the background's mistake (the ghost of something
 * that moved away while the background was learnt, or something that stopped): it is learnt at
 * once and no longer counts. `previous` becomes this frame; `still` counts per pixel. Returns how
 * many changed. The blurred picture itself is left in `previous`.
 */
export function blurColumnsAndDiff(
  rows: Uint16Array, width: number, height: number, background: Uint16Array, pendingWeight: number, threshold: number,
  previous: Uint8Array, still: Uint8Array, stillFrames: number, changed: Int32Array,
): number {
  const end = width * height;
  const stillTolerance = threshold >> 1;
  const scaledThreshold = threshold << BACKGROUND_SHIFT;
  let count = 0;
  for (let i = 0; i < end; i++) {
    // Rows clamp at the top and bottom edge.
    const up = i >= width ? rows[i - width]! : rows[i]!;
    const down = i < end - width ? rows[i + width]! : rows[i]!;
    const value = (up + 2 * rows[i]! + down + 8) >> 4;
    let b = background[i]!;
    if (pendingWeight !== 0) { b += ((((previous[i]! << BACKGROUND_SHIFT) - b) * pendingWeight) >> ALPHA_SHIFT); background[i] = b; }
    if (Math.abs((value << BACKGROUND_SHIFT) - b) > scaledThreshold) {
      if (Math.abs(value - previous[i]!) > stillTolerance) { still[i] = 0; changed[count++] = i; }
      else if (++still[i]! >= stillFrames) { still[i] = 0; background[i] = value << BACKGROUND_SHIFT; }
      else changed[count++] = i;
    } else still[i] = 0;
    previous[i] = value;
  }
  return count;
}

/** Marks in `out` the pixels of a 3x3 dilation that count (zones). */
export const DILATED_COUNTED = 1;
/** Marks in `out` the pixels of a 3x3 dilation outside the zones that count. */
export const DILATED_EXCLUDED = 2;

/**
 * 3x3 dilation (fills the holes a thresholded object has) of the `count` changed pixels listed in
 * `changed`, into `out`: DILATED_COUNTED where `counted` is 1 (the zones), DILATED_EXCLUDED
 * elsewhere, 0 around. Changed pixels are few, so the dilation walks them rather than the picture.
 * Returns the dilated pixels, zones or not (the light switch rule looks at the whole picture).
 */
export function dilateChanged(changed: Int32Array, count: number, width: number, height: number, counted: Uint8Array, out: Uint8Array): number {
  out.fill(0);
  let set = 0;
  for (let k = 0; k < count; k++) {
    const p = changed[k]!;
    const y = (p / width) | 0;
    const x = p - y * width;
    const left = x > 0 ? x - 1 : x;
    const right = x < width - 1 ? x + 1 : x;
    const bottom = y < height - 1 ? y + 1 : y;
    for (let ny = y > 0 ? y - 1 : y; ny <= bottom; ny++) {
      for (let n = ny * width + left, last = ny * width + right; n <= last; n++) {
        if (out[n] === 0) { out[n] = counted[n] === 1 ? DILATED_COUNTED : DILATED_EXCLUDED; set++; }
      }
    }
  }
  return set;
}

/** A connected region of set pixels: its pixels are `order[start, start + area)`. */
export type Region = { start: number; area: number; minX: number; minY: number; maxX: number; maxY: number };

/**
 * The 8-connected regions of the pixels set to 1 in `mask` (other values are not part of any), by
 * flood fill, consuming the mask (a pixel is cleared when taken, so no visited array). `order` receives every set pixel grouped by region. Regions
 * below `minArea` are left out of the result (their pixels still sit in `order`).
 */
export function takeRegions(mask: Uint8Array, width: number, height: number, minArea: number, order: Int32Array): Region[] {
  const regions: Region[] = [];
  const end = width * height;
  let filled = 0;
  for (let seed = mask.indexOf(1); seed !== -1 && seed < end; seed = mask.indexOf(1, seed + 1)) {
    const start = filled;
    mask[seed] = 0;
    order[filled++] = seed;
    let minX = width, minY = height, maxX = -1, maxY = -1;
    // `order` doubles as the queue: the region's pixels are appended as they are found.
    for (let q = start; q < filled; q++) {
      const p = order[q]!;
      const y = (p / width) | 0;
      const x = p - y * width;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      const left = x > 0 ? x - 1 : x;
      const right = x < width - 1 ? x + 1 : x;
      const bottom = y < height - 1 ? y + 1 : y;
      for (let ny = y > 0 ? y - 1 : y; ny <= bottom; ny++) {
        const base = ny * width;
        for (let nx = left; nx <= right; nx++) {
          const n = base + nx;
          if (mask[n] === 1) { mask[n] = 0; order[filled++] = n; }
        }
      }
    }
    const area = filled - start;
    if (area >= minArea) regions.push({ start, area, minX, minY, maxX, maxY });
  }
  return regions;
}
