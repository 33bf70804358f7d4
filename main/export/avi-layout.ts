// The byte layout of an exported AVI (OpenDML 1.02): the header written up front with room for the
// super index, and the indexes written as each RIFF piece closes. See docs/export.md, "Containers".
import type { ClipInfo } from './clip-writer.ts';
import type { AviRate } from './avi-timing.ts';
import { CHUNK_HEADER_BYTES, LIST_HEADER_BYTES, chunk, chunkHeader, le, list } from './riff.ts';

/**
 * Entries reserved in the super index (`indx`), one per RIFF piece: at 1 GiB a piece, 1024 GiB of
 * JPEGs (over four days of a 1080p camera at 3 MB/s). 16 KiB of JUNK up front.
 */
export const AVI_SUPER_INDEX_ENTRIES = 1024;
/** OpenDML's piece size: legacy readers handle RIFFs under 1 GiB. */
export const AVI_RIFF_LIMIT_BYTES = 2 ** 30;
/** The video stream's chunk ID: stream 00, compressed video. */
export const VIDEO_CHUNK_ID = '00dc';
/** A standard index entry stores the size in 31 bits (bit 31 says "not a key frame"). */
export const MAX_AVI_FRAME_BYTES = 2 ** 31 - 1;

const AVIF_HASINDEX = 0x10;
const AVIF_ISINTERLEAVED = 0x100;
const AVIF_TRUSTCKTYPE = 0x800;
/** idx1 flag: the chunk is a key frame (every JPEG is one). */
export const AVIIF_KEYFRAME = 0x10;
/** Standard index entry flag: the chunk is not a key frame (the empty slots). */
export const NOT_KEYFRAME_BIT = 0x80000000;
const AVI_INDEX_OF_INDEXES = 0x00;
const AVI_INDEX_OF_CHUNKS = 0x01;
const SUPER_INDEX_HEADER_BYTES = 24;
const SUPER_INDEX_ENTRY_BYTES = 16;
const STANDARD_INDEX_HEADER_BYTES = 24;
const STANDARD_INDEX_ENTRY_BYTES = 8;
const IDX1_ENTRY_BYTES = 16;
/** The dmlh payload as OpenDML and ffmpeg size it: dwTotalFrames and reserved space. */
const DMLH_BYTES = 248;

/** File offsets of the header fields patched at finish. */
export type AviHeaderLayout = {
  avihMaxBytesPerSec: number;
  avihTotalFrames: number;
  avihSuggestedBuffer: number;
  strhLength: number;
  strhSuggestedBuffer: number;
  /** The JUNK chunk the super index replaces (same size). */
  superIndex: number;
  dmlhTotalFrames: number;
  /** The first RIFF's 'movi' list header. */
  firstMovi: number;
};

export function buildAviHeader(info: ClipInfo, rate: AviRate): { bytes: Buffer; layout: AviHeaderLayout } {
  const avih = chunk('avih', le()
    .u32(Math.round((1e6 * rate.scale) / rate.rate)).u32(0).u32(0)
    .u32(AVIF_HASINDEX | AVIF_ISINTERLEAVED | AVIF_TRUSTCKTYPE)
    .u32(0).u32(0).u32(1).u32(0) // total frames (first RIFF), initial frames, streams, suggested buffer
    .u32(info.width).u32(info.height).zeros(16)
    .build());
  const strh = chunk('strh', le()
    .fourcc('vids').fourcc('MJPG').u32(0).u16(0).u16(0).u32(0)
    .u32(rate.scale).u32(rate.rate).u32(0).u32(0).u32(0) // start, length (every slot), suggested buffer
    .i32(-1).u32(0) // quality: default; sample size 0: one frame per chunk
    .i16(0).i16(0).i16(info.width).i16(info.height)
    .build());
  const strf = chunk('strf', le()
    .u32(40).i32(info.width).i32(info.height).u16(1).u16(24).fourcc('MJPG')
    .u32(info.width * info.height * 3).zeros(16)
    .build());
  const junk = chunk('JUNK', Buffer.alloc(superIndexBytes() - CHUNK_HEADER_BYTES));
  const strl = list('strl', [strh, strf, junk]);
  const odml = list('odml', [chunk('dmlh', Buffer.alloc(DMLH_BYTES))]);
  const hdrl = list('hdrl', [avih, strl, odml]);
  const infoList = list('INFO', [infoString('INAM', info.title), infoString('ISFT', 'camwall')]);

  const avihPos = LIST_HEADER_BYTES * 2;
  const strhPos = avihPos + avih.length + LIST_HEADER_BYTES;
  const superIndex = strhPos + strh.length + strf.length;
  const firstMovi = LIST_HEADER_BYTES + hdrl.length + infoList.length;
  const riffHead = le().fourcc('RIFF').u32(0).fourcc('AVI ').build();
  const moviHead = le().fourcc('LIST').u32(0).fourcc('movi').build();
  const bytes = Buffer.concat([riffHead, hdrl, infoList, moviHead]);
  return {
    bytes,
    layout: {
      avihMaxBytesPerSec: avihPos + CHUNK_HEADER_BYTES + 4,
      avihTotalFrames: avihPos + CHUNK_HEADER_BYTES + 16,
      avihSuggestedBuffer: avihPos + CHUNK_HEADER_BYTES + 28,
      strhLength: strhPos + CHUNK_HEADER_BYTES + 32,
      strhSuggestedBuffer: strhPos + CHUNK_HEADER_BYTES + 36,
      superIndex,
      dmlhTotalFrames: superIndex + junk.length + LIST_HEADER_BYTES + CHUNK_HEADER_BYTES,
      firstMovi,
    },
  };
}

/** A NUL-terminated string in the INFO list (ffmpeg reads INAM as the title). */
function infoString(id: string, text: string): Buffer {
  return chunk(id, Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]));
}

/** One closed RIFF piece, as the super index lists it. */
export type PieceIndex = { standardIndexPos: number; standardIndexBytes: number; entries: number };

export function superIndexBytes(): number {
  return CHUNK_HEADER_BYTES + SUPER_INDEX_HEADER_BYTES + SUPER_INDEX_ENTRY_BYTES * AVI_SUPER_INDEX_ENTRIES;
}

/** The `indx` chunk, exactly as large as the JUNK it replaces; unused entries stay zero. */
export function buildSuperIndex(pieces: readonly PieceIndex[]): Buffer {
  const f = le().fourcc('indx').u32(superIndexBytes() - CHUNK_HEADER_BYTES)
    .u16(4).u8(0).u8(AVI_INDEX_OF_INDEXES).u32(pieces.length).fourcc(VIDEO_CHUNK_ID).zeros(12);
  for (const p of pieces) f.u64(p.standardIndexPos).u32(p.standardIndexBytes).u32(p.entries);
  return f.zeros(SUPER_INDEX_ENTRY_BYTES * (AVI_SUPER_INDEX_ENTRIES - pieces.length)).build();
}

/**
 * Chunks of one 'movi' list: `dataOffset` from the list's 'movi' code to each chunk's payload,
 * `size` the payload bytes (0 for an empty slot).
 */
export type MoviEntries = { dataOffset: number[]; size: number[] };

export function standardIndexBytes(entries: number): number {
  return CHUNK_HEADER_BYTES + STANDARD_INDEX_HEADER_BYTES + STANDARD_INDEX_ENTRY_BYTES * entries;
}

/** The `ix00` standard index of one 'movi' list, based at that list's 'movi' code. */
export function buildStandardIndex(moviCodePos: number, entries: MoviEntries): Buffer {
  const n = entries.size.length;
  const f = chunkHeaderFields('ix00', standardIndexBytes(n) - CHUNK_HEADER_BYTES)
    .u16(2).u8(0).u8(AVI_INDEX_OF_CHUNKS).u32(n).fourcc(VIDEO_CHUNK_ID).u64(moviCodePos).u32(0);
  for (let i = 0; i < n; i++) {
    const size = entries.size[i]!;
    f.u32(entries.dataOffset[i]!).u32(size === 0 ? NOT_KEYFRAME_BIT : size);
  }
  return f.build();
}

export function legacyIndexBytes(entries: number): number {
  return CHUNK_HEADER_BYTES + IDX1_ENTRY_BYTES * entries;
}

/** The legacy `idx1` of the first RIFF: offsets of chunk headers from its 'movi' code. */
export function buildLegacyIndex(entries: MoviEntries): Buffer {
  const n = entries.size.length;
  const f = chunkHeaderFields('idx1', legacyIndexBytes(n) - CHUNK_HEADER_BYTES);
  for (let i = 0; i < n; i++) {
    const size = entries.size[i]!;
    f.fourcc(VIDEO_CHUNK_ID).u32(size === 0 ? 0 : AVIIF_KEYFRAME).u32(entries.dataOffset[i]! - CHUNK_HEADER_BYTES).u32(size);
  }
  return f.build();
}

function chunkHeaderFields(id: string, size: number) {
  return le().bytes(chunkHeader(id, size));
}
