// What every export container writes: frames (the JPEGs exactly as recorded) with their capture
// times, and, where the container has one, a text track with the wall-clock time of each frame.
// The exporter (export-job.ts) drives a ClipWriter through one camera's range; each format is one
// implementation (mkv-clip.ts, avi-clip.ts, mov-clip.ts). See docs/export.md.

export type ClipFormat = 'avi' | 'mov' | 'mkv';

export type ClipInfo = {
  width: number;
  height: number;
  /** Wall-clock ms (UTC) of the clip's first frame: the time origin of every `timeMs`. */
  startWallMs: number;
  /** The camera's name, for the container's title. */
  title: string;
  /**
   * The camera's nominal frame interval in ms (median of what was recorded), for containers with
   * one frame rate (AVI).
   */
  nominalIntervalMs: number;
};

/** How a container represented the frames' timing, for the manifest and the user. */
export type TimingReport = {
  /** Every frame at its exact capture time (to the millisecond). */
  exact: boolean;
  /** When not exact: how timing was approximated, in a sentence for the user. */
  note: string | null;
};

export interface ClipWriter {
  readonly format: ClipFormat;
  /**
   * Appends one frame captured `timeMs` after the clip's start (strictly increasing). `caption`
   * is the capture time as text, for the container's text track where it has one.
   */
  addFrame(jpeg: Uint8Array, timeMs: number, caption: string): void;
  /** Writes the index and trailer and closes the file; returns how timing was kept. */
  finish(): TimingReport;
  /** Closes and deletes a partial file (cancel, disk full); never throws. */
  abort(): void;
}

/** The file operations a clip writer needs: sequential appends plus patches of earlier bytes. */
export interface ClipFile {
  /** Appends at the end; returns the offset the bytes start at. */
  append(bytes: Uint8Array | readonly Uint8Array[]): number;
  /** Overwrites bytes already written at `offset`. */
  patch(offset: number, bytes: Uint8Array): void;
  readonly size: number;
  close(): void;
  /** Closes (if open) and deletes the file. */
  remove(): void;
}
