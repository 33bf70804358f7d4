// Shared by the export container tests: an in-memory ClipFile, capture times like a real camera's,
// and readers that run ffprobe and mediainfo on a written clip.
import type { ClipFile, ClipInfo, ClipWriter, TimingReport } from '../../../main/export/clip-writer.ts';
import { run } from '../recording/helpers.ts';

/** A ClipFile in memory, for tests that read the bytes back themselves. */
export class MemoryClipFile implements ClipFile {
  #bytes = Buffer.alloc(64 * 1024);
  #size = 0;
  closed = false;
  removed = false;

  get size(): number { return this.#size; }
  get bytes(): Buffer { return this.#bytes.subarray(0, this.#size); }

  append(bytes: Uint8Array | readonly Uint8Array[]): number {
    if (this.closed) throw new Error('append after close');
    const at = this.#size;
    for (const part of bytes instanceof Uint8Array ? [bytes] : bytes) {
      this.#reserve(this.#size + part.byteLength);
      this.#bytes.set(part, this.#size);
      this.#size += part.byteLength;
    }
    return at;
  }

  patch(offset: number, bytes: Uint8Array): void {
    if (this.closed) throw new Error('patch after close');
    if (offset + bytes.byteLength > this.#size) throw new RangeError(`patch at ${offset} runs past the end (${this.#size})`);
    this.#bytes.set(bytes, offset);
  }

  close(): void { this.closed = true; }
  remove(): void { this.closed = true; this.removed = true; }

  #reserve(size: number): void {
    if (size <= this.#bytes.length) return;
    const grown = Buffer.alloc(Math.max(size, this.#bytes.length * 2));
    this.#bytes.copy(grown, 0, 0, this.#size);
    this.#bytes = grown;
  }
}

export const START_WALL_MS = Date.UTC(2026, 10, 21, 12, 0, 0);

export function clipInfo(overrides: Partial<ClipInfo> = {}): ClipInfo {
  return { width: 320, height: 240, startWallMs: START_WALL_MS, title: 'Front door', nominalIntervalMs: 1000 / 15, ...overrides };
}

/**
 * Capture times of a 15 fps camera: up to ±20 ms of jitter around each slot, a 2 s outage after
 * frame 12 and a burst (a frame 3 ms after the one before) at frame 25.
 */
export function captureTimes(count: number): number[] {
  const times: number[] = [];
  let slot = 0;
  for (let i = 0; i < count; i++) {
    if (i === 13) slot += 30; // 2 s without frames
    const jitter = ((i * 37) % 41) - 20;
    const t = i === 25 ? times[24]! + 3 : Math.max(Math.round((slot * 1000) / 15 + jitter), (times[i - 1] ?? -1) + 1);
    times.push(t);
    slot++;
  }
  return times;
}

/** Feeds every frame at its time with its caption, then finishes the clip. */
export function writeClip(writer: ClipWriter, jpegs: readonly Buffer[], times: readonly number[]): TimingReport {
  jpegs.forEach((jpeg, i) => writer.addFrame(jpeg, times[i]!, caption(times[i]!)));
  return writer.finish();
}

/** ISO-like caption of a frame's wall-clock time, as the exporter passes it. */
export function caption(timeMs: number): string {
  return new Date(START_WALL_MS + timeMs).toISOString().replace('T', ' ').replace('Z', '');
}

export function ffprobeJson(file: string, args: string[]): any {
  return JSON.parse(run('ffprobe', ['-v', 'error', '-of', 'json', ...args, file]));
}

export function mediainfoJson(file: string): { track: Record<string, string>[] } {
  return JSON.parse(run('mediainfo', ['--Output=JSON', file])).media;
}
