// Writes a QuickTime MOV clip: ftyp, then mdat with each JPEG as received followed by its caption
// sample, then moov from the sample tables kept in memory. Every frame keeps its capture time to
// the millisecond (its duration runs to the next frame). See docs/export.md, "Containers".
import type { ClipFile, ClipInfo, ClipWriter, TimingReport } from './clip-writer.ts';
import { MAX_CAPTION_BYTES, MAX_MOV_DURATION_MS, buildMoov, buildMovHeader, mdatHeaderPatch } from './mov-layout.ts';
import { MAX_ATOM32_BYTES, be } from './qt-atoms.ts';

export type MovClipOptions = {
  /**
   * Writes 'co64' and a 64-bit mdat header even when every offset fits 32 bits, as a clip past
   * 4 GiB has them (tests use it to check readers take them without writing 4 GiB).
   */
  force64BitOffsets?: boolean;
};

/** A sample size is a 32-bit 'stsz' entry. */
export const MAX_MOV_FRAME_BYTES = MAX_ATOM32_BYTES;

export class MovClipWriter implements ClipWriter {
  readonly format = 'mov' as const;
  readonly #file: ClipFile;
  readonly #info: ClipInfo;
  readonly #force64: boolean;
  readonly #widePos: number;
  readonly #mdatPos: number;
  readonly #timesMs: number[] = [];
  readonly #videoOffsets: number[] = [];
  readonly #videoSizes: number[] = [];
  readonly #textSizes: number[] = [];
  #done = false;

  constructor(file: ClipFile, info: ClipInfo, options: MovClipOptions = {}) {
    this.#file = file;
    this.#info = info;
    this.#force64 = options.force64BitOffsets ?? false;
    const header = buildMovHeader();
    this.#file.append(header.bytes);
    this.#widePos = header.widePos;
    this.#mdatPos = header.mdatPos;
  }

  addFrame(jpeg: Uint8Array, timeMs: number, caption: string): void {
    if (this.#done) throw new Error('the MOV clip is already finished');
    const frame = this.#timesMs.length + 1;
    if (jpeg.byteLength > MAX_MOV_FRAME_BYTES) {
      throw new RangeError(`frame ${frame} (at ${timeMs} ms) is ${jpeg.byteLength} bytes; a MOV sample holds at most ${MAX_MOV_FRAME_BYTES}`);
    }
    // Strictly increasing whole ms: a zero duration would put two frames on one instant.
    const previous = this.#timesMs.at(-1);
    const t = Math.max(Math.round(timeMs), previous === undefined ? 0 : previous + 1);
    if (t + this.#lastDurationMs() > MAX_MOV_DURATION_MS) {
      throw new RangeError(`frame ${frame} is at ${timeMs} ms, past the ${MAX_MOV_DURATION_MS} ms a MOV's 32-bit durations hold: export a shorter range`);
    }
    const text = Buffer.from(caption, 'utf8');
    if (text.length > MAX_CAPTION_BYTES) {
      throw new RangeError(`the caption of frame ${frame} (at ${timeMs} ms) is ${text.length} bytes; a subtitle sample holds at most ${MAX_CAPTION_BYTES}`);
    }
    const sample = Buffer.concat([be().u16(text.length).build(), text]);
    const at = this.#file.append([jpeg, sample]);
    this.#timesMs.push(t);
    this.#videoOffsets.push(at);
    this.#videoSizes.push(jpeg.byteLength);
    this.#textSizes.push(sample.length);
  }

  finish(): TimingReport {
    if (this.#done) throw new Error('the MOV clip is already finished');
    this.#done = true;
    const times = this.#timesMs;
    const durations = times.map((t, i) => (times[i + 1] ?? t + this.#lastDurationMs()) - t);
    const mdat = mdatHeaderPatch(this.#widePos, this.#mdatPos, this.#file.size, this.#force64);
    this.#file.patch(mdat.at, mdat.bytes);
    this.#file.append(buildMoov(this.#info, {
      durations,
      videoSizes: this.#videoSizes,
      videoOffsets: this.#videoOffsets,
      textSizes: this.#textSizes,
      textOffsets: this.#videoOffsets.map((o, i) => o + this.#videoSizes[i]!),
      firstFrameMs: times[0] ?? 0,
      force64: this.#force64,
    }));
    this.#file.close();
    return { exact: true, note: null };
  }

  abort(): void {
    this.#done = true;
    try { this.#file.remove(); } catch { /* never throws: the exporter is already handling an error */ }
  }

  /** The last frame is shown for the camera's nominal interval (there is no next frame to end it). */
  #lastDurationMs(): number {
    const interval = Math.round(this.#info.nominalIntervalMs);
    return Number.isFinite(interval) && interval >= 1 ? interval : 1;
  }
}
