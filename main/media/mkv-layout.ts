// The byte layout of a Camwall segment, shared by the writer and by recovery so both produce the
// same file. See docs/recording.md for the invariants recovery relies on.
import type { RecordingFs } from '../base/recording-fs.ts';
import {
  ID, MATROSKA_EPOCH_MS, UNKNOWN_SIZE_8, ascii, element, float64, idBytes, int64, master, sizeBytes, uint, voidElement,
} from './ebml.ts';

/** Bytes reserved right after the Segment header for the SeekHead written at finish. */
export const SEEKHEAD_RESERVED_BYTES = 96;
/** The one video track every segment has. */
export const TRACK_NUMBER = 1;
/** SimpleBlock header: ID (1) + 4-byte size + track vint (1) + relative timestamp (2) + flags (1). */
export const BLOCK_HEADER_BYTES = 9;
/** Largest payload a 4-byte size field holds (minus the 4 bytes of track, timestamp and flags). */
export const MAX_FRAME_BYTES = 2 ** 28 - 2 - 4;
/** Cluster header before its Timestamp: ID (4) + 8-byte size. */
export const CLUSTER_ID_AND_SIZE_BYTES = 12;
/** SimpleBlock flags: keyframe (every JPEG is one). */
const KEYFRAME_FLAG = 0x80;

export type HeaderLayout = {
  /** File offset of the Segment's 8-byte size field. */
  segmentSizePos: number;
  /** File offset of the first byte inside the Segment; Seek and Cue positions count from here. */
  segmentDataStart: number;
  /** File offset of the reserved Void the SeekHead goes into. */
  seekHeadPos: number;
  /** File offset of the Duration element's 8-byte float payload. */
  durationPayloadPos: number;
  infoPos: number;
  tracksPos: number;
  /** File offset right after Tracks, where the first Cluster starts. */
  end: number;
};

export type CuePoint = { timeMs: number; clusterPos: number };

/** Element ID of Info's Title. */
const TITLE_ID = 0x7ba9;

export type HeaderOptions = {
  width: number;
  height: number;
  startWallMs: number;
  /** Info's Title (exports name the camera); none in recordings. */
  title?: string;
  writingApp?: string;
  /** More TrackEntry elements after the video track (an export's caption track). */
  extraTracks?: Buffer[];
};

export function buildHeader(opts: HeaderOptions): { bytes: Buffer; layout: HeaderLayout } {
  const ebml = master(ID.EBML, [
    uint(ID.EBMLVersion, 1), uint(ID.EBMLReadVersion, 1), uint(ID.EBMLMaxIDLength, 4), uint(ID.EBMLMaxSizeLength, 8),
    ascii(ID.DocType, 'matroska'), uint(ID.DocTypeVersion, 4), uint(ID.DocTypeReadVersion, 2),
  ]);
  const segmentHead = Buffer.concat([idBytes(ID.Segment), UNKNOWN_SIZE_8]);
  const reserved = voidElement(SEEKHEAD_RESERVED_BYTES);
  const dateNs = BigInt(Math.round(opts.startWallMs - MATROSKA_EPOCH_MS)) * 1_000_000n;
  const beforeDuration = [uint(ID.TimestampScale, 1_000_000), int64(ID.DateUTC, dateNs)];
  const duration = float64(ID.Duration, 0);
  const title = opts.title === undefined ? [] : [element(TITLE_ID, Buffer.from(opts.title, 'utf8'))];
  const infoPayload = Buffer.concat([...beforeDuration, duration, ...title, ascii(ID.MuxingApp, 'camwall'), ascii(ID.WritingApp, opts.writingApp ?? 'camwall')]);
  const info = element(ID.Info, infoPayload);
  const tracks = master(ID.Tracks, [
    master(ID.TrackEntry, [
      uint(ID.TrackNumber, TRACK_NUMBER), uint(ID.TrackUID, 1), uint(ID.TrackType, 1), uint(ID.FlagLacing, 0),
      ascii(ID.CodecID, 'V_MJPEG'),
      master(ID.Video, [uint(ID.PixelWidth, opts.width), uint(ID.PixelHeight, opts.height)]),
    ]),
    ...(opts.extraTracks ?? []),
  ]);
  const segmentSizePos = ebml.length + 4;
  const segmentDataStart = ebml.length + segmentHead.length;
  const infoPos = segmentDataStart + reserved.length;
  const infoHeaderBytes = info.length - infoPayload.length;
  const durationPayloadPos = infoPos + infoHeaderBytes + beforeDuration.reduce((s, b) => s + b.length, 0) + 3;
  const tracksPos = infoPos + info.length;
  const bytes = Buffer.concat([ebml, segmentHead, reserved, info, tracks]);
  return {
    bytes,
    layout: { segmentSizePos, segmentDataStart, seekHeadPos: segmentDataStart, durationPayloadPos, infoPos, tracksPos, end: bytes.length },
  };
}

/** Cluster ID, unknown 8-byte size (patched when the cluster closes), and its Timestamp. */
export function clusterHeader(timeMs: number): Buffer {
  return Buffer.concat([idBytes(ID.Cluster), UNKNOWN_SIZE_8, uint(ID.ClusterTimestamp, timeMs)]);
}

export function blockHeader(frameBytes: number, relativeMs: number): Buffer {
  const out = Buffer.alloc(BLOCK_HEADER_BYTES);
  writeBlockHeader(out, frameBytes, relativeMs);
  return out;
}

/** Fills `out` (BLOCK_HEADER_BYTES long) in place: the writer reuses one header for every frame. */
export function writeBlockHeader(out: Buffer, frameBytes: number, relativeMs: number): void {
  const size = frameBytes + 4; // track, timestamp and flags; below MAX_FRAME_BYTES, so it fits 4 bytes
  out[0] = ID.SimpleBlock;
  out[1] = 0x10 | (size >>> 24);
  out[2] = (size >>> 16) & 0xff;
  out[3] = (size >>> 8) & 0xff;
  out[4] = size & 0xff;
  out[5] = 0x80 | TRACK_NUMBER;
  out.writeInt16BE(relativeMs, 6);
  out[8] = KEYFRAME_FLAG;
}

/** SeekHead (Info, Tracks, Cues) padded with a Void to exactly the reserved bytes. */
export function buildSeekHead(layout: HeaderLayout, cuesPos: number): Buffer {
  const seek = (id: number, pos: number) =>
    master(ID.Seek, [element(ID.SeekID, idBytes(id)), uint(ID.SeekPosition, pos - layout.segmentDataStart, 8)]);
  const head = master(ID.SeekHead, [seek(ID.Info, layout.infoPos), seek(ID.Tracks, layout.tracksPos), seek(ID.Cues, cuesPos)]);
  return Buffer.concat([head, voidElement(SEEKHEAD_RESERVED_BYTES - head.length)]);
}

export function buildCues(layout: HeaderLayout, points: readonly CuePoint[]): Buffer {
  return master(ID.Cues, points.map((p) =>
    master(ID.CuePoint, [
      uint(ID.CueTime, p.timeMs),
      master(ID.CueTrackPositions, [uint(ID.CueTrack, TRACK_NUMBER), uint(ID.CueClusterPosition, p.clusterPos - layout.segmentDataStart)]),
    ])));
}

/**
 * Turns a file whose Clusters all end at `end` into a finished segment: Cues appended at `end`,
 * SeekHead, Duration and Segment size patched in, then a data sync. The last Cluster's size must
 * already be patched. Used on close and by recovery.
 */
export function finalize(fs: RecordingFs, fd: number, layout: HeaderLayout, points: readonly CuePoint[], end: number, durationMs: number): number {
  const cues = buildCues(layout, points);
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(durationMs);
  const fileEnd = end + cues.length;
  writeAll(fs, fd, [cues], end);
  writeAll(fs, fd, [buildSeekHead(layout, end)], layout.seekHeadPos);
  writeAll(fs, fd, [duration], layout.durationPayloadPos);
  writeAll(fs, fd, [sizeBytes(fileEnd - layout.segmentDataStart, 8)], layout.segmentSizePos);
  fs.fdatasync(fd);
  return fileEnd;
}

export function patchClusterSize(fs: RecordingFs, fd: number, clusterPos: number, end: number): void {
  writeAll(fs, fd, [sizeBytes(end - clusterPos - CLUSTER_ID_AND_SIZE_BYTES, 8)], clusterPos + 4);
}

export function writeAll(fs: RecordingFs, fd: number, buffers: readonly Uint8Array[], position: number): void {
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const written = fs.writev(fd, buffers, position);
  if (written !== total) {
    throw Object.assign(new Error(`short write: ${written} of ${total} bytes at offset ${position}`), { code: 'EIO' });
  }
}
