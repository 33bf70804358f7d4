// An exported Matroska clip: the recorded JPEGs with their exact capture times (1 ms), cut from
// the segments into one file, plus a subtitle track (S_TEXT/UTF8) that shows each frame's
// wall-clock capture time in any player, without touching the pictures. Written straight
// through (a clip is never appended to later), indexed by Cues at the end.
import { ID, ascii, element, master, sizeBytes, uint } from '../media/ebml.ts';
import {
  BLOCK_HEADER_BYTES, CLUSTER_ID_AND_SIZE_BYTES, MAX_FRAME_BYTES, buildCues, buildHeader, buildSeekHead, clusterHeader, writeBlockHeader,
  type CuePoint, type HeaderLayout,
} from '../media/mkv-layout.ts';
import { CLUSTER_MAX_BYTES, CLUSTER_MAX_MS, CLUSTER_MAX_RELATIVE_MS } from '../media/mkv-writer.ts';
import type { ClipFile, ClipInfo, ClipWriter, TimingReport } from './clip-writer.ts';

/** The subtitle track's number. */
export const CAPTION_TRACK = 2;
/** A caption stays up until the next frame, but at most this long (a gap shows no caption). */
export const MAX_CAPTION_MS = 3_000;

const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;
const BLOCK_DURATION = 0x9b;
const TRACK_TYPE_SUBTITLE = 0x11;

export class MkvClipWriter implements ClipWriter {
  readonly format = 'mkv' as const;
  readonly #file: ClipFile;
  readonly #info: ClipInfo;
  readonly #layout: HeaderLayout;
  readonly #cues: CuePoint[] = [];
  readonly #blockHeader = Buffer.alloc(BLOCK_HEADER_BYTES);
  #clusterPos = -1;
  #clusterStartMs = 0;
  #lastMs = -1;
  #previousMs = -1;
  #pending: { timeMs: number; caption: string } | null = null;
  #done = false;

  constructor(file: ClipFile, info: ClipInfo) {
    this.#file = file;
    this.#info = info;
    const { bytes, layout } = buildClipHeader(info);
    file.append(bytes);
    this.#layout = layout;
  }

  addFrame(jpeg: Uint8Array, timeMs: number, caption: string): void {
    if (this.#done) throw new Error('this clip is finished');
    if (jpeg.byteLength > MAX_FRAME_BYTES) throw new RangeError(`a frame of ${jpeg.byteLength} bytes is larger than a Matroska block holds (${MAX_FRAME_BYTES})`);
    const t = Math.max(Math.round(timeMs), this.#lastMs + 1);
    this.#flushCaption(t);
    if (this.#clusterPos >= 0 && this.#clusterDue(t, jpeg.byteLength)) this.#closeCluster();
    if (this.#clusterPos < 0) {
      this.#clusterPos = this.#file.append(clusterHeader(t));
      this.#clusterStartMs = t;
      this.#cues.push({ timeMs: t, clusterPos: this.#clusterPos });
    }
    writeBlockHeader(this.#blockHeader, jpeg.byteLength, t - this.#clusterStartMs);
    this.#file.append([this.#blockHeader, jpeg]);
    this.#previousMs = this.#lastMs;
    this.#lastMs = t;
    this.#pending = { timeMs: t, caption };
  }

  finish(): TimingReport {
    if (this.#done) throw new Error('this clip is finished');
    this.#done = true;
    const interval = this.#previousMs >= 0 ? this.#lastMs - this.#previousMs : this.#info.nominalIntervalMs;
    this.#flushCaption(this.#lastMs + Math.max(interval, 1));
    if (this.#clusterPos >= 0) this.#closeCluster();
    const cuesPos = this.#file.size;
    this.#file.append(buildCues(this.#layout, this.#cues));
    this.#file.patch(this.#layout.seekHeadPos, buildSeekHead(this.#layout, cuesPos));
    const duration = Buffer.alloc(8);
    duration.writeDoubleBE(Math.max(this.#lastMs, 0) + Math.max(interval, 1));
    this.#file.patch(this.#layout.durationPayloadPos, duration);
    this.#file.patch(this.#layout.segmentSizePos, sizeBytes(this.#file.size - this.#layout.segmentDataStart, 8));
    this.#file.close();
    return { exact: true, note: null };
  }

  abort(): void {
    this.#done = true;
    this.#file.remove();
  }

  /** The previous frame's caption, up until `untilMs` (the next frame), as a BlockGroup. */
  #flushCaption(untilMs: number): void {
    const pending = this.#pending;
    if (!pending || this.#clusterPos < 0) return;
    this.#pending = null;
    const text = Buffer.from(pending.caption, 'utf8');
    const head = Buffer.alloc(4);
    head[0] = 0x80 | CAPTION_TRACK;
    head.writeInt16BE(pending.timeMs - this.#clusterStartMs, 1);
    head[3] = 0;
    const block = element(BLOCK, Buffer.concat([head, text]));
    const duration = uint(BLOCK_DURATION, Math.min(Math.max(untilMs - pending.timeMs, 1), MAX_CAPTION_MS));
    this.#file.append(master(BLOCK_GROUP, [block, duration]));
  }

  #clusterDue(t: number, frameBytes: number): boolean {
    const span = t - this.#clusterStartMs;
    return span >= CLUSTER_MAX_MS || span > CLUSTER_MAX_RELATIVE_MS || this.#file.size - this.#clusterPos + BLOCK_HEADER_BYTES + frameBytes > CLUSTER_MAX_BYTES;
  }

  #closeCluster(): void {
    this.#file.patch(this.#clusterPos + 4, sizeBytes(this.#file.size - this.#clusterPos - CLUSTER_ID_AND_SIZE_BYTES, 8));
    this.#clusterPos = -1;
  }
}

/** The recorder's header, with the camera's name as Title and the caption track after the video. */
function buildClipHeader(info: ClipInfo): { bytes: Buffer; layout: HeaderLayout } {
  const captions = master(ID.TrackEntry, [
    uint(ID.TrackNumber, CAPTION_TRACK), uint(ID.TrackUID, 2), uint(ID.TrackType, TRACK_TYPE_SUBTITLE), uint(ID.FlagLacing, 0), ascii(ID.CodecID, 'S_TEXT/UTF8'),
  ]);
  return buildHeader({ width: info.width, height: info.height, startWallMs: info.startWallMs, title: info.title, writingApp: 'camwall export', extraTracks: [captions] });
}
