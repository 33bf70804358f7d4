// The atoms of an exported MOV: the header written up front (ftyp, wide, mdat) and the moov written
// at finish from the sample tables. Two tracks share one timeline in ms: the JPEG video and a
// QuickTime subtitle track ('sbtl', 'tx3g' samples) with each frame's capture time. See
// docs/export.md, "Containers".
import type { ClipInfo } from './clip-writer.ts';
import {
  ATOM_HEADER_BYTES, LARGE_ATOM_HEADER_BYTES, MAX_ATOM32_BYTES, atom, be, fullAtom, matrix, pascalString, quickTimeSeconds,
} from './qt-atoms.ts';

/** Media and movie time scale: durations are whole milliseconds, as the frames' capture times are. */
export const MOV_TIMESCALE = 1000;
/** The largest chunk offset an 'stco' entry holds; past it the table is 'co64'. */
export const MAX_STCO_OFFSET = 2 ** 32 - 1;
/** Durations are 32-bit in version-0 headers: about 49 days of ms. */
export const MAX_MOV_DURATION_MS = 2 ** 32 - 1;
/** A subtitle sample's text length is a 16-bit field. */
export const MAX_CAPTION_BYTES = 2 ** 16 - 1;
/** The subtitle band: Apple's subtitle media asks for a font of 5% of the video's height. */
const SUBTITLE_FONT_SHARE = 0.05;
const SUBTITLE_BAND_SHARE = 0.15;
/** 'und' as a packed ISO 639-2 code (QuickTime takes values from 0x400 as ISO codes). */
const LANGUAGE_UNDETERMINED = 0x55c4;
const TRACK_ENABLED_IN_MOVIE = 0x3;
const VIDEO_TRACK_ID = 1;
const TEXT_TRACK_ID = 2;

/** ftyp, an 8-byte 'wide' the mdat header can grow into, and the mdat header (size patched at finish). */
export function buildMovHeader(): { bytes: Buffer; widePos: number; mdatPos: number } {
  const ftyp = atom('ftyp', be().fourcc('qt  ').u32(0x200).fourcc('qt  ').build());
  const wide = atom('wide');
  const mdat = be().u32(0).fourcc('mdat').build();
  return { bytes: Buffer.concat([ftyp, wide, mdat]), widePos: ftyp.length, mdatPos: ftyp.length + wide.length };
}

/**
 * The mdat header for media ending at `end`: its 32-bit size where it fits, else a 64-bit header
 * written over the 'wide' atom in front of it (the media bytes do not move).
 */
export function mdatHeaderPatch(widePos: number, mdatPos: number, end: number, force64: boolean): { at: number; bytes: Buffer } {
  const size = end - mdatPos;
  if (!force64 && size <= MAX_ATOM32_BYTES) return { at: mdatPos, bytes: be().u32(size).build() };
  return { at: widePos, bytes: be().u32(1).fourcc('mdat').u64(end - widePos).build() };
}

/** Bytes at the front of mdat either way: the 32-bit header, or the 64-bit one in the wide's room. */
export const MDAT_HEADER_BYTES = ATOM_HEADER_BYTES;
export const MDAT_LARGE_HEADER_BYTES = LARGE_ATOM_HEADER_BYTES;

export function needsCo64(offsets: readonly number[], force: boolean): boolean {
  return force || offsets.some((o) => o > MAX_STCO_OFFSET);
}

/** One chunk per sample: the offset table, 32-bit while every offset fits. */
export function chunkOffsets(offsets: readonly number[], force64: boolean): Buffer {
  const co64 = needsCo64(offsets, force64);
  const f = be().u32(offsets.length);
  for (const o of offsets) (co64 ? f.u64(o) : f.u32(o));
  return fullAtom(co64 ? 'co64' : 'stco', 0, f.build());
}

/** Time-to-sample: runs of equal durations. */
export function timeToSample(durations: readonly number[]): Buffer {
  const runs: [count: number, duration: number][] = [];
  for (const d of durations) {
    const last = runs.at(-1);
    if (last && last[1] === d) last[0]++;
    else runs.push([1, d]);
  }
  const f = be().u32(runs.length);
  for (const [count, duration] of runs) f.u32(count).u32(duration);
  return fullAtom('stts', 0, f.build());
}

export type SampleTables = {
  durations: readonly number[];
  videoSizes: readonly number[];
  videoOffsets: readonly number[];
  textSizes: readonly number[];
  textOffsets: readonly number[];
  /** Capture time of the first frame: an empty edit holds the timeline until then. */
  firstFrameMs: number;
  force64: boolean;
};

export function buildMoov(info: ClipInfo, t: SampleTables): Buffer {
  const created = quickTimeSeconds(info.startWallMs);
  const mediaMs = t.durations.reduce((s, d) => s + d, 0);
  const movieMs = t.firstFrameMs + mediaMs;
  const mvhd = fullAtom('mvhd', 0, be()
    .u32(created).u32(created).u32(MOV_TIMESCALE).u32(movieMs)
    .u32(0x10000).u16(0x100).zeros(10).bytes(matrix()).zeros(24).u32(TEXT_TRACK_ID + 1)
    .build());
  const band = Math.max(Math.round(info.height * SUBTITLE_BAND_SHARE), 1);
  const video = track({
    id: VIDEO_TRACK_ID, created, movieMs, mediaMs, firstFrameMs: t.firstFrameMs, layer: 0, width: info.width, height: info.height, ty: 0,
    handler: 'vide', handlerName: 'Camwall video', mediaHeader: fullAtom('vmhd', 1, be().u16(0x40).u16(0x8000).u16(0x8000).u16(0x8000).build()),
    sampleEntry: jpegSampleEntry(info), durations: t.durations, sizes: t.videoSizes, offsets: t.videoOffsets, force64: t.force64,
  });
  const text = track({
    id: TEXT_TRACK_ID, created, movieMs, mediaMs, firstFrameMs: t.firstFrameMs, layer: -1, width: info.width, height: band, ty: info.height - band,
    handler: 'sbtl', handlerName: 'Capture time', mediaHeader: baseMediaHeader(),
    sampleEntry: tx3gSampleEntry(info.width, band, Math.max(Math.round(info.height * SUBTITLE_FONT_SHARE), 1)),
    durations: t.durations, sizes: t.textSizes, offsets: t.textOffsets, force64: t.force64,
  });
  const udta = atom('udta', userText('©nam', info.title), userText('©swr', 'camwall'));
  return atom('moov', mvhd, video, text, udta);
}

type TrackSpec = {
  id: number; created: number; movieMs: number; mediaMs: number; firstFrameMs: number; layer: number;
  width: number; height: number; ty: number; handler: string; handlerName: string; mediaHeader: Buffer; sampleEntry: Buffer;
  durations: readonly number[]; sizes: readonly number[]; offsets: readonly number[]; force64: boolean;
};

function track(s: TrackSpec): Buffer {
  const tkhd = fullAtom('tkhd', TRACK_ENABLED_IN_MOVIE, be()
    .u32(s.created).u32(s.created).u32(s.id).u32(0).u32(s.movieMs).zeros(8)
    .i16(s.layer).i16(0).u16(0).u16(0).bytes(matrix(s.ty)).u32(s.width * 0x10000).u32(s.height * 0x10000)
    .build());
  const mdhd = fullAtom('mdhd', 0, be().u32(s.created).u32(s.created).u32(MOV_TIMESCALE).u32(s.mediaMs).u16(LANGUAGE_UNDETERMINED).u16(0).build());
  const stbl = atom('stbl',
    fullAtom('stsd', 0, Buffer.concat([be().u32(1).build(), s.sampleEntry])),
    timeToSample(s.durations),
    fullAtom('stsc', 0, be().u32(1).u32(1).u32(1).u32(1).build()), // every chunk: one sample, description 1
    fullAtom('stsz', 0, sampleSizes(s.sizes)),
    chunkOffsets(s.offsets, s.force64));
  const minf = atom('minf', s.mediaHeader, handler('dhlr', 'alis', ''),
    atom('dinf', fullAtom('dref', 0, Buffer.concat([be().u32(1).build(), fullAtom('alis', 1, Buffer.alloc(0))]))), stbl);
  const parts = [tkhd];
  if (s.firstFrameMs > 0) parts.push(editList(s.firstFrameMs, s.mediaMs));
  parts.push(atom('mdia', mdhd, handler('mhlr', s.handler, s.handlerName), minf));
  return atom('trak', ...parts);
}

/** An empty edit until the first frame, then the whole media at normal rate. */
function editList(firstFrameMs: number, mediaMs: number): Buffer {
  return atom('edts', fullAtom('elst', 0, be().u32(2).u32(firstFrameMs).i32(-1).u32(0x10000).u32(mediaMs).i32(0).u32(0x10000).build()));
}

function handler(componentType: string, subtype: string, name: string): Buffer {
  return fullAtom('hdlr', 0, be().fourcc(componentType).fourcc(subtype).zeros(12).bytes(pascalString(name)).build());
}

function sampleSizes(sizes: readonly number[]): Buffer {
  const f = be().u32(0).u32(sizes.length); // sample size 0: each has its own
  for (const size of sizes) f.u32(size);
  return f.build();
}

/** Photo - JPEG, as QuickTime names it: 72 dpi, 24-bit colour, no colour table. */
function jpegSampleEntry(info: ClipInfo): Buffer {
  return atom('jpeg', be()
    .zeros(6).u16(1) // reserved, data reference 1
    .u16(0).u16(0).u32(0).u32(0).u32(0x200) // version, revision, vendor, temporal and spatial quality (normal)
    .u16(info.width).u16(info.height).u32(72 * 0x10000).u32(72 * 0x10000).u32(0).u16(1)
    .bytes(pascalString('Photo - JPEG', 32)).u16(24).i16(-1)
    .build());
}

/**
 * The subtitle sample description ('tx3g', Apple's subtitle media): text centred at the bottom of
 * a band as wide as the video, white on transparent, one sans-serif font.
 */
function tx3gSampleEntry(width: number, band: number, fontSize: number): Buffer {
  const fontTable = atom('ftab', be().u16(1).u16(1).bytes(pascalString('Sans-Serif')).build());
  return atom('tx3g', be()
    .zeros(6).u16(1)
    .u32(0).u8(1).u8(0xff).u32(0) // display flags, centred, bottom, background transparent
    .i16(0).i16(0).i16(band).i16(width) // default text box: the whole band
    .u16(0).u16(0).u16(1).u8(0).u8(Math.min(fontSize, 255)).u32(0xffffffff) // default style: font 1, plain, white
    .bytes(fontTable)
    .build());
}

/** QuickTime's base media header for media other than sound and video: gmin and the text matrix. */
function baseMediaHeader(): Buffer {
  const gmin = fullAtom('gmin', 0, be().u16(0x40).u16(0x8000).u16(0x8000).u16(0x8000).u16(0).u16(0).build());
  return atom('gmhd', gmin, atom('text', matrix()));
}

/** A QuickTime user-data text item: length, language, then the text. */
function userText(type: string, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return atom(type, be().u16(bytes.length).u16(LANGUAGE_UNDETERMINED).bytes(bytes).build());
}
