// Reads a JPEG's dimensions from its frame header (SOFn), walking the marker segments the way a
// decoder does, so the SOF inside an EXIF thumbnail (APP1) is skipped with its segment; and tells
// whether a byte range is a whole JPEG by the same walk (`isStructurallyWholeJpeg`), which lets the
// parser deliver a Content-Length frame before the delimiter after it arrives.

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
const DQT = 0xdb;
const DRI = 0xdd;
const APP0 = 0xe0;
const APP15 = 0xef;
const COM = 0xfe;

/** Fill bytes (0xFF) tolerated before one marker: the standard allows any number; a bound keeps garbage cheap. */
const MAX_FILL_BYTES = 64;

/**
 * Marker segments walked before the scan when proving a JPEG whole. A camera frame has about ten
 * (APP0/APP1, COM, DQT, SOF, DHT x4, DRI); an image with more is not proved, only waited for.
 */
const MAX_HEADER_SEGMENTS = 64;

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

/**
 * Whether `bytes[start, end)` is provably one whole JPEG from its headers alone: SOI at the start,
 * EOI at the end, and between them a chain of marker segments (APPn, COM, DQT, DHT, DAC, DRI, SOFn)
 * whose lengths each stay inside the range, with a frame header (SOFn) before the start of scan
 * (SOS) and the SOS header itself inside the range, before the EOI. Reads only the headers (a few
 * dozen bytes at each segment start), never the entropy-coded data.
 *
 * What it rules out: a range cut inside the headers, or one that stops at the EOI of a thumbnail
 * inside an APP segment (the APP segment's length runs past the range). What it cannot see: bytes
 * changed or inserted inside the entropy-coded data while the range still ends with FF D9 (see
 * docs/parser.md). Entropy-coded data never holds FF D9 unstuffed, so a range cut inside it ends
 * with FF D9 only if the cut falls exactly on the image's real end.
 */
export function isStructurallyWholeJpeg(bytes: Uint8Array, start: number, end: number): boolean {
  const eoi = end - 2; // where the EOI marker starts; every segment must end at or before it
  if (eoi - start < 2 || bytes[start] !== MARKER || bytes[start + 1] !== SOI || bytes[eoi] !== MARKER || bytes[eoi + 1] !== EOI) return false;
  let p = start + 2;
  let frameHeader = false;
  for (let segments = 0; segments < MAX_HEADER_SEGMENTS; segments++) {
    if (p >= eoi || bytes[p] !== MARKER) return false;
    let fill = 0;
    while (p + 1 < eoi && bytes[p + 1] === MARKER) {
      p++;
      if (++fill > MAX_FILL_BYTES) return false;
    }
    if (p + 4 > eoi) return false; // marker and length must lie before the EOI
    const marker = bytes[p + 1]!;
    const length = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    const segmentEnd = p + 2 + length;
    if (length < 2 || segmentEnd > eoi) return false;
    if (marker === SOS) {
      // length(2) components(1) [selector, tables](2 each) Ss Se AhAl(3): a decoder rejects any other length
      const components = length >= 3 ? bytes[p + 4]! : 0;
      // ... and at least one byte of entropy-coded data before the EOI
      return frameHeader && components >= 1 && components <= 4 && length === 6 + 2 * components && segmentEnd < eoi;
    }
    if (marker >= SOF0 && marker <= SOF15 && marker !== DHT && marker !== JPG && marker !== DAC) {
      // length(2) precision(1) height(2) width(2) components(1) [id, sampling, table](3 each)
      if (length < 8) return false;
      const components = bytes[p + 9]!;
      if (components < 1 || length !== 8 + 3 * components) return false;
      frameHeader = true;
    } else if (!(marker === DHT || marker === DAC || marker === DQT || marker === DRI || marker === COM || (marker >= APP0 && marker <= APP15))) {
      return false; // SOI, EOI, RSTn, TEM, DNL, JPGn...: not a header a camera frame carries before its scan
    }
    p = segmentEnd;
  }
  return false;
}
