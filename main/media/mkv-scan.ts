// Reads a Camwall segment back: its header layout and every whole, valid frame. Recovery trusts
// Clusters that end before the synced offset (they were data-synced with their size patched) and
// checks every block after it: wholly inside the file, our track, payload from FF D8 to FF D9.
// The walk stops at the first element that fails, so a zero-filled or half-written tail is cut.
import type { RecordingFs } from '../base/recording-fs.ts';
import { ID, MATROSKA_EPOCH_MS, readId, readSize, readUint } from './ebml.ts';
import { SEEKHEAD_RESERVED_BYTES, TRACK_NUMBER, type CuePoint, type HeaderLayout } from './mkv-layout.ts';

/** The header (EBML, Segment head, SeekHead room, Info, Tracks) must fit in this many bytes. */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Bytes read at a time while walking blocks. */
const READ_WINDOW_BYTES = 256 * 1024;

export type SegmentHeader = HeaderLayout & {
  width: number;
  height: number;
  startWallMs: number;
  /** The Segment size field, undefined while it still says "unknown". */
  segmentSize: number | undefined;
};

export type ScanResult = {
  header: SegmentHeader;
  fileSize: number;
  clusters: (CuePoint & { frames: number })[];
  frames: number;
  /** End of the last whole, valid block; the file is cut here on repair. */
  goodEnd: number;
  lastFrameMs: number;
  previousFrameMs: number;
  /** True when the file was finished (Cues present, Segment size matching the file). */
  finished: boolean;
};

/** Reads `fd` through a moving window so a block walk costs one read per window, not per block. */
class FileWindow {
  readonly size: number;
  readonly #fs: RecordingFs;
  readonly #fd: number;
  #start = 0;
  #buf = Buffer.alloc(0);

  constructor(fs: RecordingFs, fd: number) {
    this.#fs = fs;
    this.#fd = fd;
    this.size = fs.fsize(fd);
  }

  /** `length` bytes at `pos`, fewer when the file ends first. */
  bytes(pos: number, length: number): Buffer {
    const end = Math.min(pos + length, this.size);
    if (pos >= this.#start && end <= this.#start + this.#buf.length) return this.#buf.subarray(pos - this.#start, end - this.#start);
    const want = Math.max(end - pos, READ_WINDOW_BYTES);
    const buf = Buffer.alloc(Math.min(want, Math.max(this.size - pos, 0)));
    const got = buf.length > 0 ? this.#fs.read(this.#fd, buf, pos) : 0;
    this.#start = pos;
    this.#buf = buf.subarray(0, got);
    return this.#buf.subarray(0, Math.min(end - pos, got));
  }
}

export type Element = { id: number; pos: number; dataPos: number; size: number; unknown: boolean };

/** The element header at `pos` of `buf`; positions in the result are offset by `base` (the buffer's file offset). */
export function elementAt(buf: Uint8Array, pos: number, base = 0): Element | undefined {
  const id = readId(buf, pos);
  if (!id) return undefined;
  const size = readSize(buf, pos + id.length);
  if (!size) return undefined;
  return { id: id.id, pos: base + pos, dataPos: base + pos + id.length + size.length, size: size.value, unknown: size.unknown };
}

/** The whole, known-size elements between `start` and `end` of `buf`, stopping at the first that is not. */
export function* children(buf: Uint8Array, start: number, end: number): Generator<Element> {
  let pos = start;
  while (pos < end) {
    const e = elementAt(buf, pos);
    if (!e || e.unknown || e.dataPos + e.size > end) return;
    yield e;
    pos = e.dataPos + e.size;
  }
}

/** Parses the header, or returns undefined when the file does not start like a Camwall segment. */
export function readHeader(buf: Uint8Array): SegmentHeader | undefined {
  const ebml = elementAt(buf, 0);
  if (!ebml || ebml.id !== ID.EBML || ebml.unknown) return undefined;
  const segment = elementAt(buf, ebml.dataPos + ebml.size);
  if (!segment || segment.id !== ID.Segment || segment.dataPos - segment.pos !== 12) return undefined;
  const layout: Partial<SegmentHeader> = {
    segmentSizePos: segment.pos + 4,
    segmentDataStart: segment.dataPos,
    seekHeadPos: segment.dataPos,
    segmentSize: segment.unknown ? undefined : segment.size,
  };
  let pos = segment.dataPos;
  // The SeekHead room is a Void (while writing) or a SeekHead plus a Void (finished).
  while (pos < segment.dataPos + SEEKHEAD_RESERVED_BYTES) {
    const e = elementAt(buf, pos);
    if (!e || (e.id !== ID.Void && e.id !== ID.SeekHead)) return undefined;
    pos = e.dataPos + e.size;
  }
  if (pos !== segment.dataPos + SEEKHEAD_RESERVED_BYTES) return undefined;
  const info = elementAt(buf, pos);
  if (!info || info.id !== ID.Info || info.dataPos + info.size > buf.length) return undefined;
  layout.infoPos = info.pos;
  for (const e of children(buf, info.dataPos, info.dataPos + info.size)) {
    if (e.id === ID.Duration && e.size === 8) layout.durationPayloadPos = e.dataPos;
    if (e.id === ID.DateUTC && e.size === 8) {
      const ns = Buffer.from(buf.buffer, buf.byteOffset + e.dataPos, 8).readBigInt64BE();
      layout.startWallMs = MATROSKA_EPOCH_MS + Number(ns / 1_000_000n);
    }
  }
  const tracks = elementAt(buf, info.dataPos + info.size);
  if (!tracks || tracks.id !== ID.Tracks || tracks.dataPos + tracks.size > buf.length) return undefined;
  layout.tracksPos = tracks.pos;
  layout.end = tracks.dataPos + tracks.size;
  for (const entry of children(buf, tracks.dataPos, layout.end)) {
    if (entry.id !== ID.TrackEntry) continue;
    for (const video of children(buf, entry.dataPos, entry.dataPos + entry.size)) {
      if (video.id !== ID.Video) continue;
      for (const e of children(buf, video.dataPos, video.dataPos + video.size)) {
        if (e.id === ID.PixelWidth) layout.width = readUint(buf, e.dataPos, e.size);
        if (e.id === ID.PixelHeight) layout.height = readUint(buf, e.dataPos, e.size);
      }
    }
  }
  const { durationPayloadPos, startWallMs, width, height } = layout;
  if (durationPayloadPos === undefined || startWallMs === undefined || width === undefined || height === undefined) return undefined;
  return layout as SegmentHeader;
}

/**
 * Walks the file's Clusters. Clusters wholly before `syncedOffset` are trusted (block headers
 * read, payloads not checked); every block from there on is checked.
 */
export function scanSegment(fs: RecordingFs, fd: number, syncedOffset = 0): ScanResult | undefined {
  const file = new FileWindow(fs, fd);
  const header = readHeader(file.bytes(0, MAX_HEADER_BYTES));
  if (!header) return undefined;
  const result: ScanResult = {
    header, fileSize: file.size, clusters: [], frames: 0, goodEnd: header.end, lastFrameMs: -1, previousFrameMs: -1, finished: false,
  };
  let pos = header.end;
  while (pos < file.size) {
    const cluster = elementAt(file.bytes(pos, 16), 0, pos);
    if (!cluster || cluster.id !== ID.Cluster) {
      result.finished = cluster?.id === ID.Cues && !cluster.unknown && cluster.dataPos + cluster.size === file.size &&
        header.segmentSize === file.size - header.segmentDataStart;
      break;
    }
    const declaredEnd = cluster.unknown ? Infinity : cluster.dataPos + cluster.size;
    const end = Math.min(declaredEnd, file.size);
    const trusted = declaredEnd <= Math.min(syncedOffset, file.size);
    const stamp = elementAt(file.bytes(cluster.dataPos, 16), 0, cluster.dataPos);
    if (!stamp || stamp.id !== ID.ClusterTimestamp || stamp.size > 8 || stamp.dataPos + stamp.size > end) break;
    const timeMs = readUint(file.bytes(stamp.dataPos, stamp.size), 0, stamp.size);
    const entry = { timeMs, clusterPos: cluster.pos, frames: 0 };
    let p = stamp.dataPos + stamp.size;
    let damaged = false;
    while (p < end) {
      const block = elementAt(file.bytes(p, 16), 0, p);
      if (block && cluster.unknown && (block.id === ID.Cluster || block.id === ID.Cues)) break;
      if (!block || !isWholeFrame(file, block, end, trusted)) {
        damaged = true;
        break;
      }
      const timecode = file.bytes(block.dataPos + 1, 2).readInt16BE(0);
      result.previousFrameMs = result.lastFrameMs;
      result.lastFrameMs = timeMs + timecode;
      entry.frames++;
      result.frames++;
      result.goodEnd = block.dataPos + block.size;
      p = result.goodEnd;
    }
    if (entry.frames > 0) result.clusters.push(entry);
    if (damaged || (p < end && !cluster.unknown) || declaredEnd !== Infinity && declaredEnd > file.size) break;
    pos = cluster.unknown ? p : declaredEnd;
  }
  return result;
}

/** A SimpleBlock wholly inside its Cluster, on our track, and (unless trusted) a whole JPEG. */
function isWholeFrame(file: FileWindow, block: Element, clusterEnd: number, trusted: boolean): boolean {
  if (block.id !== ID.SimpleBlock || block.unknown || block.size < 8 || block.dataPos + block.size > clusterEnd) return false;
  const head = file.bytes(block.dataPos, 6);
  if (head[0] !== (0x80 | TRACK_NUMBER)) return false;
  if (trusted) return true;
  const tail = file.bytes(block.dataPos + block.size - 2, 2);
  return head[4] === 0xff && head[5] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
}
