// Reads frames back out of one Camwall segment (docs/playback.md). Beside the writer
// (main/media/mkv-writer.ts) and the recovery scanner (main/media/mkv-scan.ts), it answers "which frames
// are in this file, at which times" without reading the whole file:
//   - a finished (or repaired) segment: its Cues name every Cluster's time and position;
//   - the segment being written (no Cues yet): Cluster headers are hopped over one by one, and
//     the last Cluster, still of unknown size, runs to the end of the file as it is now;
//   - a damaged segment: a Cluster is read whole (one read, at most MAX_CLUSTER_READ_BYTES) and
//     its blocks are accepted up to the first one that is not a whole JPEG on our track.
// Reads are asynchronous (libuv's thread pool): the thread that plays never waits for the disk.
import { open, type FileHandle } from 'node:fs/promises';
import { ID, readUint } from '../media/ebml.ts';
import { CLUSTER_ID_AND_SIZE_BYTES, TRACK_NUMBER } from '../media/mkv-layout.ts';
import { MAX_HEADER_BYTES, children, elementAt, readHeader, type SegmentHeader } from '../media/mkv-scan.ts';

/**
 * The largest Cluster read in one piece. The writer closes a Cluster at 2 MiB, so only a Cluster
 * holding one very large frame comes near; anything bigger is treated as damage, not read.
 */
export const MAX_CLUSTER_READ_BYTES = 32 * 1024 * 1024;
/** The largest Cues element read (a day-long segment at one Cluster a second is about 1.3 MB). */
export const MAX_CUES_BYTES = 8 * 1024 * 1024;
/** Bytes read to look at one element header: ID (4) + size (8) + a ClusterTimestamp (1 + 1 + 8). */
const PEEK_BYTES = 32;

export type ClusterRef = {
  /** Milliseconds since the segment's start (its DateUTC). */
  timeMs: number;
  /** File offset of the Cluster element. */
  pos: number;
  /** File offset just past it; Infinity while it is still being written (unknown size). */
  end: number;
};

export type RecordedFrame = {
  /** Milliseconds since the segment's start. */
  timeMs: number;
  /** File offset of the JPEG's first byte. */
  offset: number;
  /** The JPEG, a view into the Cluster's buffer: copy it before handing it on. */
  jpeg: Buffer;
};

export type ClusterFrames = {
  frames: RecordedFrame[];
  /** A block that was not a whole frame stopped the walk: later frames of this Cluster are lost. */
  damaged: boolean;
};

export class SegmentFormatError extends Error {
  override name = 'SegmentFormatError';
}

export class SegmentReader {
  readonly path: string;
  readonly header: SegmentHeader;
  /** Clusters in file order (and so in time order). Grows on refresh() while the segment is written. */
  clusters: ClusterRef[] = [];
  /** The segment has its Cues: nothing more will be written to it. */
  finished = false;
  readonly #file: FileHandle;
  #fileSize = 0;
  #closed = false;

  private constructor(path: string, file: FileHandle, header: SegmentHeader) {
    this.path = path;
    this.#file = file;
    this.header = header;
  }

  /** Opens a segment and indexes its Clusters; throws SegmentFormatError when it is not one of ours. */
  static async open(path: string): Promise<SegmentReader> {
    const file = await open(path, 'r');
    try {
      const head = await readAt(file, 0, MAX_HEADER_BYTES);
      const header = readHeader(head);
      if (!header) throw new SegmentFormatError(`${path} does not start like a Camwall recording (no Matroska header with a video track)`);
      const reader = new SegmentReader(path, file, header);
      await reader.#index();
      return reader;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The file's size when it was last looked at. */
  get fileSize(): number {
    return this.#fileSize;
  }

  /**
   * Looks again at a segment that is still being written: its last Cluster may have closed and
   * new ones begun. Cheap on a finished segment (one stat).
   */
  async refresh(): Promise<void> {
    if (this.finished) return;
    await this.#index();
  }

  /** Every whole frame of Cluster `index`, in order. */
  async readCluster(index: number): Promise<ClusterFrames> {
    const cluster = this.clusters[index];
    if (!cluster) throw new RangeError(`${this.path} has no cluster ${index} (it has ${this.clusters.length})`);
    if (!Number.isFinite(cluster.end)) this.#fileSize = (await this.#file.stat()).size;
    const end = Math.min(cluster.end, this.#fileSize);
    if (end - cluster.pos > MAX_CLUSTER_READ_BYTES) return { frames: [], damaged: true };
    const bytes = await readAt(this.#file, cluster.pos, end - cluster.pos);
    return parseCluster(bytes, cluster.pos, cluster.timeMs, !Number.isFinite(cluster.end));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#file.close();
  }

  async #index(): Promise<void> {
    this.#fileSize = (await this.#file.stat()).size;
    if (this.clusters.length === 0 && this.header.segmentSize !== undefined) {
      const cues = await this.#readCues();
      if (cues) {
        this.clusters = cues;
        this.finished = true;
        return;
      }
    }
    // Hop from the last Cluster known (whose size may have been patched since) to the file's end.
    const last = this.clusters.pop();
    let pos = last?.pos ?? this.header.end;
    while (pos + CLUSTER_ID_AND_SIZE_BYTES <= this.#fileSize) {
      const peek = await readAt(this.#file, pos, PEEK_BYTES);
      const element = elementAt(peek, 0, pos);
      if (!element || element.id !== ID.Cluster) {
        if (element?.id === ID.Cues) this.finished = true;
        break;
      }
      const stamp = elementAt(peek, element.dataPos - pos, pos);
      if (!stamp || stamp.id !== ID.ClusterTimestamp || stamp.size > 8 || stamp.dataPos - pos + stamp.size > peek.length) break;
      const timeMs = readUint(peek, stamp.dataPos - pos, stamp.size);
      const end = element.unknown ? Infinity : element.dataPos + element.size;
      this.clusters.push({ timeMs, pos, end });
      if (!Number.isFinite(end) || end > this.#fileSize) break;
      pos = end;
    }
  }

  /** The Cluster index from the Cues the SeekHead points at, or undefined when there are none. */
  async #readCues(): Promise<ClusterRef[] | undefined> {
    const head = await readAt(this.#file, this.header.seekHeadPos, 128);
    const seekHead = elementAt(head, 0);
    if (!seekHead || seekHead.id !== ID.SeekHead || seekHead.dataPos + seekHead.size > head.length) return undefined;
    let cuesPos: number | undefined;
    for (const seek of children(head, seekHead.dataPos, seekHead.dataPos + seekHead.size)) {
      if (seek.id !== ID.Seek) continue;
      let id: number | undefined;
      let position: number | undefined;
      for (const e of children(head, seek.dataPos, seek.dataPos + seek.size)) {
        if (e.id === ID.SeekID) id = readUint(head, e.dataPos, e.size);
        if (e.id === ID.SeekPosition) position = readUint(head, e.dataPos, e.size);
      }
      if (id === ID.Cues && position !== undefined) cuesPos = this.header.segmentDataStart + position;
    }
    if (cuesPos === undefined || cuesPos >= this.#fileSize) return undefined;
    const cuesHead = elementAt(await readAt(this.#file, cuesPos, 16), 0, cuesPos);
    if (!cuesHead || cuesHead.id !== ID.Cues || cuesHead.unknown || cuesHead.size > MAX_CUES_BYTES) return undefined;
    if (cuesHead.dataPos + cuesHead.size > this.#fileSize) return undefined;
    const cues = await readAt(this.#file, cuesHead.dataPos, cuesHead.size);
    const points: { timeMs: number; pos: number }[] = [];
    for (const point of children(cues, 0, cues.length)) {
      if (point.id !== ID.CuePoint) continue;
      let timeMs: number | undefined;
      let position: number | undefined;
      for (const e of children(cues, point.dataPos, point.dataPos + point.size)) {
        if (e.id === ID.CueTime) timeMs = readUint(cues, e.dataPos, e.size);
        if (e.id !== ID.CueTrackPositions) continue;
        for (const t of children(cues, e.dataPos, e.dataPos + e.size)) {
          if (t.id === ID.CueClusterPosition) position = readUint(cues, t.dataPos, t.size);
        }
      }
      if (timeMs === undefined || position === undefined) return undefined;
      const pos = this.header.segmentDataStart + position;
      if (pos < this.header.end || pos >= cuesPos || (points.length > 0 && pos <= points[points.length - 1]!.pos)) return undefined;
      points.push({ timeMs, pos });
    }
    // Each Cluster ends where the next begins; the last one where the Cues begin.
    return points.map((p, i) => ({ timeMs: p.timeMs, pos: p.pos, end: points[i + 1]?.pos ?? cuesPos }));
  }
}

/**
 * The whole frames of one Cluster read into `bytes` (which starts at file offset `base`). A
 * Cluster still being written (`open`) ends at the next Cluster or Cues, or where the bytes do.
 */
export function parseCluster(bytes: Buffer, base: number, clusterTimeMs: number, open: boolean): ClusterFrames {
  const cluster = elementAt(bytes, 0, base);
  if (!cluster || cluster.id !== ID.Cluster) return { frames: [], damaged: true };
  const end = cluster.unknown ? bytes.length : Math.min(cluster.dataPos - base + cluster.size, bytes.length);
  const frames: RecordedFrame[] = [];
  let pos = cluster.dataPos - base;
  let damaged = false;
  while (pos < end) {
    const e = elementAt(bytes, pos, base);
    if (!e) {
      damaged = !open;
      break;
    }
    if (cluster.unknown && (e.id === ID.Cluster || e.id === ID.Cues)) break;
    const dataStart = e.dataPos - base;
    if (e.unknown || dataStart + e.size > end) {
      // The block the writer is appending now (or a cut-off tail): not a frame yet.
      damaged = !open;
      break;
    }
    if (e.id === ID.ClusterTimestamp || e.id === ID.Void) {
      pos = dataStart + e.size;
      continue;
    }
    if (e.id !== ID.SimpleBlock || e.size < 8 || bytes[dataStart] !== (0x80 | TRACK_NUMBER) || !isJpeg(bytes, dataStart + 4, dataStart + e.size)) {
      damaged = true;
      break;
    }
    const relative = bytes.readInt16BE(dataStart + 1);
    frames.push({ timeMs: clusterTimeMs + relative, offset: base + dataStart + 4, jpeg: bytes.subarray(dataStart + 4, dataStart + e.size) });
    pos = dataStart + e.size;
  }
  if (!open && pos < end) damaged = true;
  return { frames, damaged };
}

function isJpeg(bytes: Buffer, start: number, end: number): boolean {
  return end - start >= 4 && bytes[start] === 0xff && bytes[start + 1] === 0xd8 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}
