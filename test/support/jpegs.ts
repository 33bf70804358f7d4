// Real, decodable JPEGs for tests (jpeg-js), each frame a different picture so that a frame
// delivered twice or out of order shows up as a byte mismatch.
import jpeg from 'jpeg-js';

export function makeJpegs(count: number, width = 64, height = 48, quality = 80): Buffer[] {
  const frames: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const data = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        data[i] = (x * 4 + n * 37) & 0xff;
        data[i + 1] = (y * 4 + n * 11) & 0xff;
        data[i + 2] = ((x ^ y) + n * 53) & 0xff;
        data[i + 3] = 0xff;
      }
    }
    frames.push(jpeg.encode({ width, height, data }, quality).data);
  }
  return frames;
}
