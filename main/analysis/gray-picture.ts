// The small grayscale picture the motion detector works on, and how it is made: ANALYSIS_HEIGHT
// (100) px high whatever the camera sends (Frigate's improved detector works at 100 px by
// default), so the detector's cost and its numbers do not depend on the camera's resolution.

/** One byte of luma per pixel, row-major, `width * height` bytes. */
export type GrayPicture = { width: number; height: number; data: Uint8Array };

/** The analysed picture's height (a source lower than this is analysed as it is). */
export const ANALYSIS_HEIGHT = 100;
/** Widest and highest picture the decoder accepts (a 16-bit JPEG dimension is larger; a camera is not). */
export const MAX_DECODED_SIDE = 8192;

/** Where each output pixel samples its source block, for one source size. */
export type ShrinkPlan = {
  sourceWidth: number; sourceHeight: number; width: number; height: number;
  /** Source columns and row offsets of the two samples across and down each output pixel's block. */
  colNear: Int32Array; colFar: Int32Array; rowNear: Int32Array; rowFar: Int32Array;
};

/** The analysed size for a source size, and where to sample: ANALYSIS_HEIGHT high, the source's aspect ratio. */
export function shrinkPlan(sourceWidth: number, sourceHeight: number): ShrinkPlan {
  const height = Math.min(sourceHeight, ANALYSIS_HEIGHT);
  const width = Math.max(1, Math.round((sourceWidth * height) / sourceHeight));
  const fx = sourceWidth / width;
  const fy = sourceHeight / height;
  // Samples at a quarter and three quarters of each block: an area average in effect (the
  // detector blurs next), for four reads per output pixel whatever the factor.
  const at = (i: number, f: number, limit: number, part: number) => Math.min(limit - 1, Math.floor((i + part) * f));
  return {
    sourceWidth, sourceHeight, width, height,
    colNear: Int32Array.from({ length: width }, (_, x) => at(x, fx, sourceWidth, 0.25)),
    colFar: Int32Array.from({ length: width }, (_, x) => at(x, fx, sourceWidth, 0.75)),
    rowNear: Int32Array.from({ length: height }, (_, y) => at(y, fy, sourceHeight, 0.25) * sourceWidth),
    rowFar: Int32Array.from({ length: height }, (_, y) => at(y, fy, sourceHeight, 0.75) * sourceWidth),
  };
}

/** Shrinks a full-size gray picture by `plan` into `out` (at least plan.width * plan.height bytes). */
export function shrinkGray(source: Uint8Array, plan: ShrinkPlan, out: Uint8Array): GrayPicture {
  const { width, height, colNear, colFar, rowNear, rowFar } = plan;
  const data = out.subarray(0, width * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    const near = rowNear[y]!;
    const far = rowFar[y]!;
    for (let x = 0; x < width; x++) {
      const a = colNear[x]!;
      const b = colFar[x]!;
      data[o++] = (source[near + a]! + source[near + b]! + source[far + a]! + source[far + b]! + 2) >> 2;
    }
  }
  return { width, height, data };
}
