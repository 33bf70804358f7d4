// The small grayscale picture the motion detector works on, and how big it is made: about
// 100–135 px high (Frigate's improved detector works at 100 px by default), whatever the camera
// sends, so the detector's cost and its numbers do not depend on the camera's resolution.

/** One byte of luma per pixel, row-major, `width * height` bytes. */
export type GrayPicture = { width: number; height: number; data: Uint8Array };

/** The analysed picture is at least this high (a source lower than this is analysed as it is). */
export const MIN_ANALYSIS_HEIGHT = 100;
/** Widest and highest picture the decoder accepts (a 16-bit JPEG dimension is larger; a camera is not). */
export const MAX_DECODED_SIDE = 8192;

/** The whole-number factor a picture of this size is shrunk by: the largest that keeps MIN_ANALYSIS_HEIGHT. */
export function analysisFactor(height: number): number {
  return Math.max(1, Math.floor(height / MIN_ANALYSIS_HEIGHT));
}

/**
 * Shrinks a full-size gray picture by `factor`, each output pixel the mean of four samples from
 * the middle of its factor x factor block: an area average in effect (the detector blurs next),
 * for a quarter of a box filter's reads on a 4x4 block.
 */
export function shrinkGray(source: Uint8Array, width: number, height: number, factor: number, out?: Uint8Array): GrayPicture {
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const data = out && out.length >= w * h ? out.subarray(0, w * h) : new Uint8Array(w * h);
  const near = factor >> 2;
  const far = factor - 1 - near;
  for (let y = 0; y < h; y++) {
    const rowNear = (y * factor + near) * width;
    const rowFar = (y * factor + far) * width;
    let o = y * w;
    for (let x = 0, sx = 0; x < w; x++, sx += factor) {
      const a = sx + near;
      const b = sx + far;
      data[o++] = (source[rowNear + a]! + source[rowNear + b]! + source[rowFar + a]! + source[rowFar + b]! + 2) >> 2;
    }
  }
  return { width: w, height: h, data };
}
