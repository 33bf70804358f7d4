// Writes an AVI clip: the JPEGs as received in '00dc' chunks of an MJPG stream at one nominal rate,
// in RIFF pieces under 1 GiB (OpenDML: 'AVI ' then 'AVIX'), each 'movi' list ending with its ix00
// index, idx1 after the first, and the indx super index in the header. See docs/export.md.
import type { ClipFile, ClipInfo, ClipWriter, TimingReport } from './clip-writer.ts';
import { SlotPlacer, nominalRate, type AviRate } from './avi-timing.ts';
import {
  AVI_RIFF_LIMIT_BYTES, AVI_SUPER_INDEX_ENTRIES, MAX_AVI_FRAME_BYTES, VIDEO_CHUNK_ID, buildAviHeader, buildLegacyIndex,
  buildStandardIndex, buildSuperIndex, legacyIndexBytes, standardIndexBytes,
  type AviHeaderLayout, type MoviEntries, type PieceIndex,
} from './avi-layout.ts';
import { CHUNK_HEADER_BYTES, LIST_HEADER_BYTES, PAD, chunkBytes, chunkHeader, openList, sizeField } from './riff.ts';

export type AviClipOptions = {
  /** Largest RIFF piece in bytes (tests lower it to reach the OpenDML path with a few MB). */
  riffLimitBytes?: number;
};

/** The zero-size chunk of an empty slot. */
const EMPTY_SLOT = chunkHeader(VIDEO_CHUNK_ID, 0);
/** An 'AVIX' piece's RIFF and 'movi' list headers. */
const AVIX_HEADER_BYTES = 2 * LIST_HEADER_BYTES;

export class AviClipWriter implements ClipWriter {
  readonly format = 'avi' as const;
  readonly #file: ClipFile;
  readonly #rate: AviRate;
  readonly #slots: SlotPlacer;
  readonly #layout: AviHeaderLayout;
  readonly #riffLimit: number;
  readonly #pieces: PieceIndex[] = [];
  /** The open piece: where its RIFF header and 'movi' code are, and its chunks so far. */
  #riffPos = 0;
  #moviPos: number;
  #entries: MoviEntries = { dataOffset: [], size: [] };
  /** Bytes appended in this call but not yet written: empty slots go out with the next frame. */
  #pending: Buffer[] = [];
  #end: number;
  #frames = 0;
  /** Chunks written so far, empty slots included: the next chunk's slot. */
  #slotsWritten = 0;
  #firstPieceSlots = 0;
  #largestFrame = 0;
  #frameBytes = 0;
  #done = false;
  /** The frame being added, for errors raised while its chunks go out. */
  #current = '';

  constructor(file: ClipFile, info: ClipInfo, options: AviClipOptions = {}) {
    this.#file = file;
    this.#rate = nominalRate(info.nominalIntervalMs);
    this.#slots = new SlotPlacer(this.#rate);
    this.#riffLimit = options.riffLimitBytes ?? AVI_RIFF_LIMIT_BYTES;
    const { bytes, layout } = buildAviHeader(info, this.#rate);
    this.#layout = layout;
    this.#file.append(bytes);
    this.#end = bytes.length;
    this.#moviPos = layout.firstMovi;
  }

  /** The caption is not kept: AVI has no standard text stream (MKV and MOV carry the captions). */
  addFrame(jpeg: Uint8Array, timeMs: number, _caption: string): void {
    if (this.#done) throw new Error('the AVI clip is already finished');
    const frame = this.#frames + 1;
    this.#current = `frame ${frame} (at ${timeMs} ms)`;
    if (jpeg.byteLength > MAX_AVI_FRAME_BYTES) {
      throw new RangeError(`frame ${frame} (at ${timeMs} ms) is ${jpeg.byteLength} bytes; an AVI index entry holds at most ${MAX_AVI_FRAME_BYTES}`);
    }
    // Checked before anything is written, so a refused frame leaves the clip as it was.
    if (AVIX_HEADER_BYTES + chunkBytes(jpeg.byteLength) + standardIndexBytes(1) > this.#riffLimit) {
      throw new RangeError(`frame ${frame} (at ${timeMs} ms) is ${jpeg.byteLength} bytes: it does not fit in an AVI piece of ${this.#riffLimit} bytes with its index`);
    }
    const slot = this.#slots.place(timeMs);
    while (this.#slotsWritten < slot) this.#addChunk(null);
    this.#addChunk(jpeg);
    this.#flush();
    this.#frames++;
    this.#frameBytes += jpeg.byteLength;
    this.#largestFrame = Math.max(this.#largestFrame, jpeg.byteLength);
  }

  finish(): TimingReport {
    if (this.#done) throw new Error('the AVI clip is already finished');
    this.#done = true;
    this.#closePiece();
    const slots = this.#slots.slots;
    const seconds = (slots * this.#rate.scale) / this.#rate.rate;
    const u32 = (at: number, value: number) => this.#file.patch(at, sizeField(value));
    u32(this.#layout.avihMaxBytesPerSec, seconds > 0 ? Math.ceil(this.#frameBytes / seconds) : 0);
    u32(this.#layout.avihTotalFrames, this.#firstPieceSlots);
    u32(this.#layout.avihSuggestedBuffer, this.#largestFrame + CHUNK_HEADER_BYTES);
    u32(this.#layout.strhLength, slots);
    u32(this.#layout.strhSuggestedBuffer, this.#largestFrame + CHUNK_HEADER_BYTES);
    u32(this.#layout.dmlhTotalFrames, slots);
    this.#file.patch(this.#layout.superIndex, buildSuperIndex(this.#pieces));
    this.#file.close();
    const fps = this.#rate.rate / this.#rate.scale;
    const moved = this.#slots.moved;
    return {
      exact: false,
      note: `timing rounded to 1/${fps} s; gaps and jitter show as the previous picture held` +
        (moved > 0 ? `; ${moved} frame${moved === 1 ? '' : 's'} shown one slot or more late, after a frame that arrived too soon` : ''),
    };
  }

  abort(): void {
    this.#done = true;
    try { this.#file.remove(); } catch { /* never throws: the exporter is already handling an error */ }
  }

  /** Queues one chunk (a frame, or an empty slot when `jpeg` is null), opening a new piece first if this one would pass the limit. */
  #addChunk(jpeg: Uint8Array | null): void {
    const size = jpeg?.byteLength ?? 0;
    // A new piece always has room: addFrame refused frames too large for an empty one.
    if (!this.#fits(size, this.#entries.size.length + 1)) {
      this.#closePiece();
      this.#openPiece();
    }
    const at = this.#end;
    this.#entries.dataOffset.push(at + CHUNK_HEADER_BYTES - (this.#moviPos + CHUNK_HEADER_BYTES));
    this.#entries.size.push(size);
    if (jpeg) {
      this.#pending.push(chunkHeader(VIDEO_CHUNK_ID, size), Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength));
      if (size & 1) this.#pending.push(PAD);
    } else {
      this.#pending.push(EMPTY_SLOT);
    }
    this.#end += chunkBytes(size);
    this.#slotsWritten++;
  }

  /** Whether the open piece, with one more chunk of `size` bytes and its index entries, stays under the limit. */
  #fits(size: number, entries: number): boolean {
    const indexes = standardIndexBytes(entries) + (this.#pieces.length === 0 ? legacyIndexBytes(entries) : 0);
    return this.#end + chunkBytes(size) + indexes - this.#riffPos <= this.#riffLimit;
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#file.append(this.#pending);
    this.#pending = [];
  }

  /** Ends the open piece: its ix00 inside 'movi', idx1 after the first, then the list sizes. */
  #closePiece(): void {
    this.#flush();
    const first = this.#pieces.length === 0;
    const moviCode = this.#moviPos + CHUNK_HEADER_BYTES;
    const standard = buildStandardIndex(moviCode, this.#entries);
    const standardIndexPos = this.#file.append(standard);
    this.#file.patch(this.#moviPos + 4, sizeField(this.#file.size - moviCode));
    if (first) {
      this.#file.append(buildLegacyIndex(this.#entries));
      this.#firstPieceSlots = this.#entries.size.length;
    }
    this.#file.patch(this.#riffPos + 4, sizeField(this.#file.size - this.#riffPos - CHUNK_HEADER_BYTES));
    this.#pieces.push({ standardIndexPos, standardIndexBytes: standard.length, entries: this.#entries.size.length });
    this.#entries = { dataOffset: [], size: [] };
    this.#end = this.#file.size;
  }

  #openPiece(): void {
    if (this.#pieces.length >= AVI_SUPER_INDEX_ENTRIES) {
      throw new RangeError(`${this.#current} needs AVI piece ${AVI_SUPER_INDEX_ENTRIES + 1}, more than the super index holds (${AVI_SUPER_INDEX_ENTRIES} pieces of ${this.#riffLimit} bytes): export a shorter range, or as MKV`);
    }
    this.#riffPos = this.#file.append([openList('RIFF', 'AVIX'), openList('LIST', 'movi')]);
    this.#moviPos = this.#riffPos + LIST_HEADER_BYTES;
    this.#end = this.#file.size;
  }
}
