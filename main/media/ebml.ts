// EBML (the binary layout under Matroska): element IDs we write or read, and the encoders and
// decoders for variable-length integers. Only the small subset Camwall's own files use.

/** Element IDs, written with their length-marker bits as they appear in the file. */
export const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Void: 0xec,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  DateUTC: 0x4461,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  FlagLacing: 0x9c,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  ClusterTimestamp: 0xe7,
  SimpleBlock: 0xa3,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
} as const;

/** The 8-byte "unknown size" marker for a master element still being written. */
export const UNKNOWN_SIZE_8 = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
/** Largest value an 8-byte size field can hold (all ones is reserved for "unknown"). */
export const MAX_SIZE_8 = 2 ** 56 - 2;
/** Milliseconds from the Unix epoch to Matroska's DateUTC origin, 2001-01-01T00:00:00Z. */
export const MATROSKA_EPOCH_MS = Date.UTC(2001, 0, 1);

export function idBytes(id: number): Buffer {
  const length = id >= 0x1000000 ? 4 : id >= 0x10000 ? 3 : id >= 0x100 ? 2 : 1;
  const out = Buffer.alloc(length);
  out.writeUIntBE(id, 0, length);
  return out;
}

/** A size field of exactly `width` bytes (1..8), so it can be patched in place later. */
export function sizeBytes(size: number, width: number): Buffer {
  if (size > 2 ** (7 * width) - 2) throw new RangeError(`EBML size ${size} does not fit in ${width} bytes`);
  const out = Buffer.alloc(width);
  let rest = size;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0] = (out[0] ?? 0) | (0x80 >> (width - 1));
  return out;
}

/** The narrowest size field for `size`. */
export function minimalSizeBytes(size: number): Buffer {
  let width = 1;
  while (size > 2 ** (7 * width) - 2) width++;
  return sizeBytes(size, width);
}

export function element(id: number, payload: Buffer): Buffer {
  return Buffer.concat([idBytes(id), minimalSizeBytes(payload.length), payload]);
}

export function master(id: number, children: Buffer[]): Buffer {
  return element(id, Buffer.concat(children));
}

/** An unsigned integer element; `width` forces a fixed width so the value can be patched. */
export function uint(id: number, value: number, width?: number): Buffer {
  let bytes = width ?? 1;
  if (width === undefined) while (value >= 2 ** (8 * bytes)) bytes++;
  const payload = Buffer.alloc(bytes);
  let rest = value;
  for (let i = bytes - 1; i >= 0; i--) {
    payload[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return element(id, payload);
}

export function float64(id: number, value: number): Buffer {
  const payload = Buffer.alloc(8);
  payload.writeDoubleBE(value);
  return element(id, payload);
}

export function int64(id: number, value: bigint): Buffer {
  const payload = Buffer.alloc(8);
  payload.writeBigInt64BE(value);
  return element(id, payload);
}

export function ascii(id: number, value: string): Buffer {
  return element(id, Buffer.from(value, 'ascii'));
}

/** A Void element occupying exactly `total` bytes (at least 2), header included. */
export function voidElement(total: number): Buffer {
  if (total < 2) throw new RangeError(`a Void element needs at least 2 bytes, asked for ${total}`);
  // A 1-byte size covers payloads up to 126 bytes; beyond that use an 8-byte size field.
  const width = total - 2 <= 126 ? 1 : 8;
  const out = Buffer.alloc(total);
  out[0] = ID.Void;
  sizeBytes(total - 1 - width, width).copy(out, 1);
  return out;
}

export type Vint = { value: number; length: number; unknown: boolean };

/** Reads an element ID (marker bits kept) at `pos`, or undefined when the bytes cannot start one. */
export function readId(buf: Uint8Array, pos: number): { id: number; length: number } | undefined {
  const first = buf[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 4 || pos + length > buf.length) return undefined;
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + (buf[pos + i] ?? 0);
  return { id, length };
}

/** Reads a size field at `pos` (marker bit removed); all value bits set means "unknown". */
export function readSize(buf: Uint8Array, pos: number): Vint | undefined {
  const first = buf[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (pos + length > buf.length) return undefined;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buf[pos + i] ?? 0;
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  return { value, length, unknown: allOnes };
}

export function readUint(buf: Uint8Array, pos: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + (buf[pos + i] ?? 0);
  return value;
}
