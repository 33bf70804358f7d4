// Real recordings made fast: the recorder (CameraRecorder, the one the app runs) fed with the
// simulator's frames (real JPEGs, each stamped in a COM segment with its capture time, sequence
// number and camera) on a hand-driven clock, so an hour of a camera is written in a second or
// two. Spans with gaps between them are recorded as recording turned off and on again.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { CameraRecorder } from '../../main/recording/camera-recorder.ts';
import { nodeRecordingFs, type RecordingFs } from '../../main/base/recording-fs.ts';
import { SegmentIndex } from '../../main/recording/segment-index.ts';
import { openDatabase } from '../../main/registry/database.ts';
import { CameraFrameSource } from '../../main/simulator/frame-source.ts';
import type { Resolution } from '../../main/simulator/picture.ts';
import type { Clock } from '../../main/base/clock.ts';

export type ArchiveSpan = { fromMs: number; toMs: number };

export type ArchiveCamera = {
  id: string;
  /** Simulator channel number stamped into each frame (1-based). */
  channel: number;
  spans: ArchiveSpan[];
  fps?: number;
  resolution?: Resolution;
};

export type RecordedFrameInfo = { atMs: number; seq: number };

export type ArchiveOptions = {
  /** The recordings root. */
  root: string;
  /** The index database; DIR/index.sqlite under `root` when absent. */
  db?: Database;
  cameras: ArchiveCamera[];
  segmentMs?: number;
  /** Skip the data syncs (benchmarks writing days of video); the bytes are the same. */
  noSync?: boolean;
};

export type RecordedArchive = {
  db: Database;
  /** Every frame written, per camera, in order: its wall time (as the index will say) and its seq. */
  frames: Map<string, RecordedFrameInfo[]>;
};

/** Writes the archive and returns what went into it. Frame n of a span is at fromMs + n * 1000/fps (±3 ms jitter). */
export async function recordArchive(options: ArchiveOptions): Promise<RecordedArchive> {
  const db = options.db ?? openDatabase(join(options.root, 'index.sqlite'));
  const index = new SegmentIndex(db);
  const fs: RecordingFs = options.noSync ? { ...nodeRecordingFs, fdatasync: () => {} } : nodeRecordingFs;
  const frames = new Map<string, RecordedFrameInfo[]>();
  for (const camera of options.cameras) {
    const source = new CameraFrameSource(camera.resolution ?? '320x240', camera.channel);
    const fps = camera.fps ?? 10;
    const list: RecordedFrameInfo[] = [];
    let seq = 0;
    for (const span of camera.spans) {
      const clock = handClock(span.fromMs);
      const recorder = new CameraRecorder({
        cameraId: camera.id, root: options.root, index, clock, fs,
        ...(options.segmentMs === undefined ? {} : { rotation: { maxSegmentMs: options.segmentMs } }),
      });
      for (let n = 0; ; n++) {
        const atMs = span.fromMs + Math.round((n * 1000) / fps) + (n % 3);
        if (atMs >= span.toMs) break;
        clock.set(atMs);
        seq += 1;
        const { jpeg } = source.compose(seq, atMs);
        recorder.pushFrame(jpeg, atMs, clock.monotonic(), source.width, source.height);
        list.push({ atMs, seq });
      }
      await recorder.close();
    }
    frames.set(camera.id, list);
  }
  return { db, frames };
}

/** Wall and monotonic time move together, set by hand. */
function handClock(startMs: number): Clock & { set(ms: number): void } {
  let wall = startMs;
  return {
    now: () => wall,
    monotonic: () => wall - startMs + 1000,
    setTimer: () => ({ cancel() {} }),
    setRepeating: () => ({ cancel() {} }),
    set(ms: number) { wall = ms; },
  };
}
