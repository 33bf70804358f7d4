// JPEG to the detector's small gray picture, synchronously, in the thread that holds the frame:
// libjpeg-turbo (the @julusian/jpeg-turbo Node-API binding, prebuilt libturbojpeg inside its npm
// tarball, so it loads in Node 22 and Electron alike) decodes the luma alone (TJPF_GRAY skips the
// chroma's IDCT, upsampling and colour conversion), then shrinkGray takes it to 100 px high. The
// binding has no DCT scaling; docs/measurements/motion.md has the comparison with sharp's
// shrink-on-load, which costs more per frame than this full luma decode and is asynchronous only.
import { createRequire } from 'node:module';
import { readJpegSize } from '../stream/jpeg.ts';
import { MAX_DECODED_SIDE, shrinkGray, shrinkPlan, type GrayPicture, type ShrinkPlan } from './gray-picture.ts';

type JpegTurbo = typeof import('@julusian/jpeg-turbo');
let turbo: JpegTurbo | null = null;
/** Loaded on first use (a CommonJS addon; its format constants are not visible to an ESM import). */
function jpegTurbo(): JpegTurbo {
  turbo ??= createRequire(import.meta.url)('@julusian/jpeg-turbo') as JpegTurbo;
  return turbo;
}

export class JpegDecodeError extends Error {}

/**
 * The full-size luma, shared by every decoder of this thread: decode and shrink run back to back
 * in one synchronous call, so the cameras of one stream worker need one such buffer, not one each
 * (300 KB a camera at 640x480). Grown to the largest frame seen (at most MAX_DECODED_SIDE squared).
 */
let sharedFull = Buffer.alloc(0);
/** The same for the rare colour check (3 bytes a pixel). */
let sharedRgb = Buffer.alloc(0);

/** Largest frame the colour check decodes in colour (1080p); a larger one is not checked. */
export const MAX_COLOUR_CHECK_PIXELS = 1920 * 1080;
/** Pixels sampled by the colour check: every 7th (prime, so they do not line up in columns). */
const COLOUR_SAMPLE_STEP = 7;
/**
 * Mean |R-G| + |G-B| + |B-R| above which a picture has colour. A gray picture in a three-component
 * JPEG (an infrared camera's at night) stays within a few levels from rounding; the dullest
 * daylight scene is well above.
 */
export const MIN_COLOUR_CHROMA = 6;

/** Decodes one camera's frames into its small picture, reused from frame to frame. */
export class GrayDecoder {
  #small = new Uint8Array(0);
  #plan: ShrinkPlan | null = null;

  /** The frame's analysed picture; valid until the next call. Throws JpegDecodeError on a frame that is not a whole JPEG. */
  decode(jpeg: Uint8Array): GrayPicture {
    const size = readJpegSize(jpeg);
    if (!size) throw new JpegDecodeError('the frame is not a JPEG (no frame header)');
    if (size.width > MAX_DECODED_SIDE || size.height > MAX_DECODED_SIDE) {
      throw new JpegDecodeError(`the frame is ${size.width}x${size.height}, larger than the ${MAX_DECODED_SIDE} px the detector decodes`);
    }
    const pixels = size.width * size.height;
    if (sharedFull.length < pixels) sharedFull = Buffer.alloc(pixels);
    const lib = jpegTurbo();
    const source = Buffer.isBuffer(jpeg) ? jpeg : Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.length);
    let decoded;
    try {
      decoded = lib.decompressSync(source, sharedFull, { format: lib.FORMAT_GRAY });
    } catch (error) {
      throw new JpegDecodeError(`libjpeg-turbo could not decode the frame: ${error instanceof Error ? error.message : String(error)}`);
    }
    let plan = this.#plan;
    if (!plan || plan.sourceWidth !== decoded.width || plan.sourceHeight !== decoded.height) {
      plan = this.#plan = shrinkPlan(decoded.width, decoded.height);
      if (this.#small.length < plan.width * plan.height) this.#small = new Uint8Array(plan.width * plan.height);
    }
    return shrinkGray(decoded.data, plan, this.#small);
  }

  /**
   * Whether the frame has colour: false for a grayscale JPEG (one component) or one whose colour is
   * neutral (an infrared camera's at night), null when it cannot tell (too large, undecodable).
   * Decodes in colour, about twice the luma decode: the detector asks only on a sudden large change.
   */
  isColour(jpeg: Uint8Array): boolean | null {
    const size = readJpegSize(jpeg);
    if (!size || size.width * size.height > MAX_COLOUR_CHECK_PIXELS) return null;
    if (jpegComponents(jpeg) === 1) return false;
    const bytes = size.width * size.height * 3;
    if (sharedRgb.length < bytes) sharedRgb = Buffer.alloc(bytes);
    const lib = jpegTurbo();
    const source = Buffer.isBuffer(jpeg) ? jpeg : Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.length);
    let rgb: Buffer;
    try {
      rgb = lib.decompressSync(source, sharedRgb, { format: lib.FORMAT_RGB }).data;
    } catch {
      return null;
    }
    let chroma = 0;
    let samples = 0;
    for (let i = 0; i + 2 < bytes; i += 3 * COLOUR_SAMPLE_STEP, samples++) {
      const r = rgb[i]!, g = rgb[i + 1]!, b = rgb[i + 2]!;
      chroma += Math.abs(r - g) + Math.abs(g - b) + Math.abs(b - r);
    }
    return chroma / Math.max(1, samples) > MIN_COLOUR_CHROMA;
  }
}

/** The number of components in the JPEG's frame header (SOF), or null when it has none. */
function jpegComponents(jpeg: Uint8Array): number | null {
  for (let p = 2; p + 9 < jpeg.length;) {
    if (jpeg[p] !== 0xff) return null;
    const marker = jpeg[p + 1]!;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { p += 2; continue; }
    if (marker === 0xda || marker === 0xd9) return null;
    // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC): length(2) precision(1) height(2) width(2) components(1)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return jpeg[p + 9]!;
    p += 2 + ((jpeg[p + 2]! << 8) | jpeg[p + 3]!);
  }
  return null;
}
