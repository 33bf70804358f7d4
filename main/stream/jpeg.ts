// Reads a JPEG's dimensions from its frame header (SOFn), walking the marker segments the way a
// decoder does, so the SOF inside an EXIF thumbnail (APP1) is skipped with its segment.

const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const RST0 = 0xd0;
const RST7 = 0xd7;
const SOF0 = 0xc0;
const SOF15 = 0xcf;
// In the C0..CF range but not frame headers: Huffman tables, JPEG extensions, arithmetic coding.
const DHT = 0xc4;
const JPG = 0xc8;
const DAC = 0xcc;

/** Fill bytes (0xFF) tolerated before one marker: the standard allows any number; a bound keeps garbage cheap. */
const MAX_FILL_BYTES = 64;

export interface JpegSize {
  width: number;
  height: number;
}

export function readJpegSize(jpeg: Uint8Array): JpegSize | null {
  if (jpeg.length < 4 || jpeg[0] !== MARKER || jpeg[1] !== SOI) return null;
  let p = 2;
  while (p < jpeg.length) {
    if (jpeg[p] !== MARKER) return null; // segments follow one another: anything else is garbage
    let fill = 0;
    while (p + 1 < jpeg.length && jpeg[p + 1] === MARKER) {
      p++;
      if (++fill > MAX_FILL_BYTES) return null;
    }
    const marker = jpeg[p + 1];
    if (marker === undefined) return null;
    p += 2;
    if (marker === TEM || (marker >= RST0 && marker <= RST7)) continue; // standalone markers
    if (marker === SOI || marker === EOI || marker === SOS) return null; // no frame header before the scan
    if (p + 2 > jpeg.length) return null;
    const segmentLength = (jpeg[p]! << 8) | jpeg[p + 1]!;
    if (segmentLength < 2) return null;
    if (marker >= SOF0 && marker <= SOF15 && marker !== DHT && marker !== JPG && marker !== DAC) {
      // length(2) precision(1) height(2) width(2)
      if (segmentLength < 7 || p + 7 > jpeg.length) return null;
      const height = (jpeg[p + 3]! << 8) | jpeg[p + 4]!;
      const width = (jpeg[p + 5]! << 8) | jpeg[p + 6]!;
      // Height 0 means "defined later by a DNL marker", which cameras do not use.
      return width > 0 && height > 0 ? { width, height } : null;
    }
    p += segmentLength;
  }
  return null;
}

/** True when `bytes[start, end)` begins with SOI (FF D8) and ends with EOI (FF D9). */
export function hasJpegBounds(bytes: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    bytes[start] === MARKER &&
    bytes[start + 1] === SOI &&
    bytes[end - 2] === MARKER &&
    bytes[end - 1] === EOI
  );
}
