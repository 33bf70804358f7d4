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
}
