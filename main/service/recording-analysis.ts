// Search's analysis of recordings the detector never saw live: the camera's recorded frames over
// a span, read through the playback FrameCursor, run through the same MotionDetector (at the
// camera's analysed rate, with its zones and sensitivity) that runs in the stream workers; its
// per-second activity grids then answer the region exactly as the stored grid does
// (motion-search.ts gridHits). Decoding is synchronous (libjpeg-turbo), so the loop yields to the
// event loop every ANALYSIS_YIELD_FRAMES frames: other calls and pushes go on during a search.
import type { SegmentCatalog } from '../playback/frame-cursor.ts';
import { FrameCursor } from '../playback/frame-cursor.ts';
import { GrayDecoder, JpegDecodeError } from '../analysis/jpeg-gray.ts';
import { MotionDetector } from '../analysis/motion-detector.ts';
import { RateGate } from '../analysis/rate-gate.ts';
import type { MotionReport } from '../../shared/motion.ts';
import type { ActivitySecond } from '../registry/motion-store.ts';
import { gridHits, regionMask, type RecordingAnalysis } from './motion-search.ts';

/** Frames analysed between two yields to the event loop. */
export const ANALYSIS_YIELD_FRAMES = 20;

export function recordingAnalysis(catalog: SegmentCatalog): RecordingAnalysis {
  return async ({ cameraId, fromMs, toMs, region, config, signal, onProgress }) => {
    const cursor = new FrameCursor(catalog, cameraId);
    const detector = new MotionDetector(cameraId, config);
    const gate = new RateGate(config.analysedFps);
    const decoder = new GrayDecoder();
    const seconds: ActivitySecond[] = [];
    const take = (reports: MotionReport[]) => {
      for (const report of reports) if (report.code === 'activity') seconds.push({ secondMs: report.secondMs, score: report.score, grid: report.grid });
    };
    try {
      let analysed = 0;
      for (let frame = await cursor.seekAfter(fromMs - 1); frame && frame.atMs < toMs; frame = await cursor.next()) {
        if (signal.aborted) return [];
        if (frame.atMs < fromMs || !gate.due(frame.atMs)) continue;
        try {
          take(detector.analyse(decoder.decode(frame.jpeg), frame.atMs));
        } catch (error) {
          if (!(error instanceof JpegDecodeError)) throw error; // a damaged frame is skipped, as live
        }
        if (++analysed % ANALYSIS_YIELD_FRAMES === 0) {
          onProgress(frame.atMs);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      take(detector.finish());
      onProgress(toMs);
      return gridHits(seconds, regionMask(region), { fromMs, toMs }).map(({ startMs, endMs, score }) => ({ startMs, endMs, score }));
    } finally {
      await cursor.close();
    }
  };
}
