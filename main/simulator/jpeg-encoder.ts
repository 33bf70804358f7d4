// A small baseline JPEG encoder (ITU T.81) that encodes one 16x16 MCU at a time, YCbCr 4:2:0,
// with the standard Huffman tables of Annex K. Frames are written with a restart interval of one
// MCU (DRI=1): the DC predictors reset at every MCU and each MCU's entropy-coded bytes end
// byte-aligned, so an MCU encoded once can be pasted anywhere in any later frame. That is what
// lets the simulator build frames by concatenation instead of running a DCT per frame.

export const MCU_SIZE = 16;
/** Bytes of RGB input one MCU takes: 16x16 pixels, 3 bytes each. */
export const MCU_RGB_BYTES = MCU_SIZE * MCU_SIZE * 3;
/** JPEG frame dimensions are 16-bit fields. */
export const MAX_DIMENSION = 65_535;

const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
]);

// Annex K.1 quantisation tables in natural (row-major) order.
const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99,
];

// Annex K.3 Huffman tables: code counts per length 1..16, then the symbol values.
interface HuffmanSpec { counts: number[]; symbols: number[] }
const DC_LUMA: HuffmanSpec = { counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const DC_CHROMA: HuffmanSpec = { counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const AC_LUMA: HuffmanSpec = {
  counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  symbols: [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14,
    0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09,
    0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
    0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65,
    0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
    0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
    0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
  ],
};
const AC_CHROMA: HuffmanSpec = {
  counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  symbols: [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32,
    0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16,
    0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39,
    0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86,
    0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8,
    0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
    0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
  ],
};

/** Code and length per symbol, from the canonical construction of Annex C. */
interface HuffmanCodes { code: Uint16Array; length: Uint8Array }

function buildCodes(spec: HuffmanSpec): HuffmanCodes {
  const code = new Uint16Array(256);
  const length = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let bits = 1; bits <= 16; bits++) {
    for (let i = 0; i < spec.counts[bits - 1]!; i++) {
      const symbol = spec.symbols[k++]!;
      code[symbol] = next++;
      length[symbol] = bits;
    }
    next <<= 1;
  }
  return { code, length };
}

const CODES = {
  dcLuma: buildCodes(DC_LUMA), acLuma: buildCodes(AC_LUMA),
  dcChroma: buildCodes(DC_CHROMA), acChroma: buildCodes(AC_CHROMA),
};

/** IJG's quality scaling (1..100, 75 is the usual "good" setting), baseline-clamped to 1..255. */
function scaleQuant(table: number[], quality: number): Uint8Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Uint8Array.from(table, (v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

// cos((2x+1)uπ/16) with the DCT's normalisation folded in, for a separable float FDCT.
const DCT_COS = (() => {
  const t = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    const cu = u === 0 ? Math.SQRT1_2 : 1;
    for (let x = 0; x < 8; x++) t[u * 8 + x] = 0.5 * cu * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return t;
})();

/** Accumulates bits MSB first, stuffing a 0x00 after every 0xFF byte as T.81 F.1.2.3 requires. */
class BitWriter {
  bytes: number[] = [];
  private acc = 0;
  private count = 0;

  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1-bits so the next restart marker starts on a byte boundary. */
  finish(): Uint8Array {
    if (this.count > 0) this.write(0xff, 8 - this.count);
    return Uint8Array.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0);
    this.acc = 0;
    this.count = 0;
  }
}

function magnitudeCategory(value: number): number {
  let v = Math.abs(value);
  let bits = 0;
  while (v > 0) { bits++; v >>= 1; }
  return bits;
}

export class McuEncoder {
  readonly quality: number;
  private readonly lumaQuant: Uint8Array;
  private readonly chromaQuant: Uint8Array;
  private readonly block = new Float64Array(64);
  private readonly temp = new Float64Array(64);
  private readonly coefficients = new Int32Array(64);

  constructor(quality = 75) {
    this.quality = quality;
    this.lumaQuant = scaleQuant(LUMA_QUANT, quality);
    this.chromaQuant = scaleQuant(CHROMA_QUANT, quality);
  }

  /**
   * Encodes one 16x16 MCU given as RGB bytes (row-major, 48 bytes a row) into byte-aligned
   * entropy-coded data, DC predictors starting from zero (as after a restart marker).
   */
  encode(rgb: Uint8Array): Uint8Array {
    if (rgb.length !== MCU_RGB_BYTES) throw new Error(`an MCU needs ${MCU_RGB_BYTES} RGB bytes, got ${rgb.length}`);
    const out = new BitWriter();
    // DC is coded as the difference from the previous block of the same component; the
    // predictors start at zero because every MCU follows a restart marker.
    let lumaDc = 0;
    for (let by = 0; by < 2; by++) {
      for (let bx = 0; bx < 2; bx++) {
        this.loadLuma(rgb, bx * 8, by * 8);
        lumaDc = this.encodeBlock(out, this.lumaQuant, CODES.dcLuma, CODES.acLuma, lumaDc);
      }
    }
    for (const channel of [1, 2]) {
      this.loadChroma(rgb, channel);
      this.encodeBlock(out, this.chromaQuant, CODES.dcChroma, CODES.acChroma, 0);
    }
    return out.finish();
  }

  /** DQT, SOF0, DHT and DRI for a frame of the given size, then SOS: everything between SOI/COM and the scan. */
  headerAfterComments(width: number, height: number): Uint8Array {
    if (!(width >= 1 && width <= MAX_DIMENSION && height >= 1 && height <= MAX_DIMENSION)) {
      throw new Error(`JPEG size ${width}x${height} is outside 1..${MAX_DIMENSION}`);
    }
    const bytes: number[] = [];
    const segment = (marker: number, body: number[]) => bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
    const zigzagged = (table: Uint8Array) => Array.from(ZIGZAG, (natural) => table[natural]!);
    segment(0xdb, [0x00, ...zigzagged(this.lumaQuant), 0x01, ...zigzagged(this.chromaQuant)]);
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    const huffman = (tableClassAndId: number, spec: HuffmanSpec) => [tableClassAndId, ...spec.counts, ...spec.symbols];
    segment(0xc4, [...huffman(0x00, DC_LUMA), ...huffman(0x10, AC_LUMA), ...huffman(0x01, DC_CHROMA), ...huffman(0x11, AC_CHROMA)]);
    segment(0xdd, [0, 1]);
    segment(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    return Uint8Array.from(bytes);
  }

  private loadLuma(rgb: Uint8Array, x0: number, y0: number): void {
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const i = ((y0 + y) * MCU_SIZE + x0 + x) * 3;
        this.block[y * 8 + x] = 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]! - 128;
      }
    }
  }

  /** Averages 2x2 pixels: the 4:2:0 subsampling. channel 1 is Cb, 2 is Cr. */
  private loadChroma(rgb: Uint8Array, channel: number): void {
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const i = ((2 * y + dy) * MCU_SIZE + 2 * x + dx) * 3;
            const r = rgb[i]!, g = rgb[i + 1]!, b = rgb[i + 2]!;
            sum += channel === 1 ? -0.168736 * r - 0.331264 * g + 0.5 * b : 0.5 * r - 0.418688 * g - 0.081312 * b;
          }
        }
        this.block[y * 8 + x] = sum / 4;
      }
    }
  }

  /** Encodes one 8x8 block; returns its quantised DC, the predictor for the next block. */
  private encodeBlock(out: BitWriter, quant: Uint8Array, dc: HuffmanCodes, ac: HuffmanCodes, previousDc: number): number {
    const { block, temp, coefficients } = this;
    // Separable 2-D DCT: rows, then columns.
    for (let y = 0; y < 8; y++) {
      for (let u = 0; u < 8; u++) {
        let s = 0;
        for (let x = 0; x < 8; x++) s += DCT_COS[u * 8 + x]! * block[y * 8 + x]!;
        temp[y * 8 + u] = s;
      }
    }
    for (let u = 0; u < 8; u++) {
      for (let v = 0; v < 8; v++) {
        let s = 0;
        for (let y = 0; y < 8; y++) s += DCT_COS[v * 8 + y]! * temp[y * 8 + u]!;
        coefficients[v * 8 + u] = Math.round(s / quant[v * 8 + u]!);
      }
    }
    const dcValue = coefficients[0]! - previousDc;
    const dcCategory = magnitudeCategory(dcValue);
    out.write(dc.code[dcCategory]!, dc.length[dcCategory]!);
    if (dcCategory > 0) out.write(dcValue < 0 ? dcValue + (1 << dcCategory) - 1 : dcValue, dcCategory);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const value = coefficients[ZIGZAG[k]!]!;
      if (value === 0) { run++; continue; }
      while (run > 15) { out.write(ac.code[0xf0]!, ac.length[0xf0]!); run -= 16; }
      const category = magnitudeCategory(value);
      const symbol = (run << 4) | category;
      out.write(ac.code[symbol]!, ac.length[symbol]!);
      out.write(value < 0 ? value + (1 << category) - 1 : value, category);
      run = 0;
    }
    if (run > 0) out.write(ac.code[0x00]!, ac.length[0x00]!);
    return coefficients[0]!;
  }
}
