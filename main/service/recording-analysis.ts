// Search's analysis of recordings the detector never saw live: the camera's recorded frames over
// a span, read through the playback FrameCursor, handed to the detector's analyseFrames
// (main/analysis/analyse-frames.ts: the same MotionDetector, the region as its only zone, a
// subset of frames per second, yielding to the event loop as it goes).
import type { SegmentCatalog } from '../playback/frame-cursor.ts';
import { FrameCursor } from '../playback/frame-cursor.ts';
import { analyseFrames, type RecordedFrame } from '../analysis/analyse-frames.ts';
import type { RecordingAnalysis } from './motion-search.ts';

export function recordingAnalysis(catalog: SegmentCatalog): RecordingAnalysis {
  return async ({ cameraId, fromMs, toMs, region, config, signal, onProgress }) => {
    const cursor = new FrameCursor(catalog, cameraId);
    async function* frames(): AsyncGenerator<RecordedFrame> {
      for (let frame = await cursor.seekAfter(fromMs - 1); frame && frame.atMs < toMs; frame = await cursor.next()) {
        // The cursor's JPEG is a view into its read buffer, valid until it moves: analyseFrames
        // decodes it before asking for the next one.
        if (frame.atMs >= fromMs) yield { jpeg: frame.jpeg, capturedAtMs: frame.atMs };
      }
    }
    try {
      const result = await analyseFrames(frames(), config, { region, signal, onProgress: (progress) => progress.lastMs !== null && onProgress(progress.lastMs) });
      onProgress(toMs);
      return result.hits;
    } finally {
      await cursor.close();
    }
  };
}
