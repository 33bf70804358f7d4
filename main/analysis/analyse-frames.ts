// Motion after the fact: the same detector over recorded frames (playback's FrameCursor, or any
// source of JPEGs with their capture times), for a search over recordings that have no stored
// activity. A subset of frames is analysed (ANALYSE_RECORDINGS_FPS a second by capture time) so an
// hour of 640x480@15 takes seconds; a gap in the recording starts the detector over (the scene may
// have changed while nothing was recorded). Results are streamed through callbacks; hits are also
// returned, bounded by MAX_SEARCH_HITS.
import { MAX_SEARCH_HITS, type MotionBox, type MotionConfig, type MotionReport, type MotionZone } from '../../shared/motion.ts';
import { GrayDecoder, JpegDecodeError } from './jpeg-gray.ts';
import { MotionDetector } from './motion-detector.ts';
import { RateGate } from './rate-gate.ts';

/** Frames analysed per second of recording (docs/measurements/motion.md: an hour of 640x480@15 in well under 15 s). */
export const ANALYSE_RECORDINGS_FPS = 3;
/** A jump in capture time longer than this is a gap in the recording: the detector starts over. */
export const MAX_FRAME_GAP_MS = 10_000;
/** Analysed frames between two yields to the event loop (decoding is synchronous). */
export const YIELD_EVERY_FRAMES = 25;
/** Recording time between two progress calls. */
export const PROGRESS_EVERY_MS = 10_000;

export type RecordedFrame = { jpeg: Uint8Array; capturedAtMs: number };
export type ActivitySecond = { secondMs: number; score: number; grid: Uint8Array };
export type AnalysisHit = { startMs: number; endMs: number; score: number };
export type AnalysisProgress = { firstMs: number | null; lastMs: number | null; framesRead: number; framesAnalysed: number };

export type AnalyseOptions = {
  /** Only motion inside this box of the picture counts (the camera's zones are not used then). */
  region?: MotionBox;
  onProgress?: (progress: AnalysisProgress) => void;
  /** Every second with counted motion, as the live detector reports it (grid bit layout of shared/motion.ts). */
  onActivity?: (second: ActivitySecond) => void;
  /** Every motion event found, as soon as it ends. */
  onHit?: (hit: AnalysisHit) => void;
  signal?: AbortSignal;
  /** Frames analysed per second of recording; default ANALYSE_RECORDINGS_FPS. */
  analysedFps?: number;
};

export type AnalysisResult = AnalysisProgress & {
  /** The first MAX_SEARCH_HITS hits, oldest first; `truncated` when there were more. */
  hits: AnalysisHit[];
  truncated: boolean;
  /** Frames that could not be decoded (skipped). */
  framesUndecodable: number;
};

/** The search region as an include zone. */
function regionZone(region: MotionBox): MotionZone {
  const { x, y, w, h } = region;
  const right = Math.min(1, x + w);
  const bottom = Math.min(1, y + h);
  return { name: 'region', kind: 'include', points: [[x, y], [right, y], [right, bottom], [x, bottom]] };
}

export async function analyseFrames(frames: AsyncIterable<RecordedFrame>, config: MotionConfig, options: AnalyseOptions = {}): Promise<AnalysisResult> {
  const detectorConfig: MotionConfig = options.region ? { ...config, zones: [regionZone(options.region)] } : config;
  const fps = options.analysedFps ?? ANALYSE_RECORDINGS_FPS;
  const gate = new RateGate(fps);
  const decoder = new GrayDecoder();
  const result: AnalysisResult = { firstMs: null, lastMs: null, framesRead: 0, framesAnalysed: 0, framesUndecodable: 0, hits: [], truncated: false };
  const detectorOptions = { colourOf: (jpeg: Uint8Array) => decoder.isColour(jpeg) };
  let detector = new MotionDetector('recording', detectorConfig, detectorOptions);
  let lastProgressMs = -Infinity;

  const take = (reports: MotionReport[]) => {
    for (const report of reports) {
      if (report.code === 'activity') options.onActivity?.({ secondMs: report.secondMs, score: report.score, grid: report.grid });
      if (report.code !== 'motion-end') continue;
      const hit = { startMs: report.startMs, endMs: report.endMs, score: report.peakScore };
      options.onHit?.(hit);
      if (result.hits.length < MAX_SEARCH_HITS) result.hits.push(hit);
      else result.truncated = true;
    }
  };
  const progress = () => options.onProgress?.({ firstMs: result.firstMs, lastMs: result.lastMs, framesRead: result.framesRead, framesAnalysed: result.framesAnalysed });

  for await (const frame of frames) {
    options.signal?.throwIfAborted();
    const at = frame.capturedAtMs;
    if (result.lastMs !== null && (at - result.lastMs > MAX_FRAME_GAP_MS || at < result.lastMs)) {
      take(detector.finish());
      detector = new MotionDetector('recording', detectorConfig, detectorOptions);
    }
    result.firstMs ??= at;
    result.lastMs = at;
    result.framesRead++;
    if (!gate.due(at)) continue;
    let picture;
    try {
      picture = decoder.decode(frame.jpeg);
    } catch (error) {
      if (!(error instanceof JpegDecodeError)) throw error;
      result.framesUndecodable++;
      continue;
    }
    take(detector.analyse(picture, at, frame.jpeg));
    result.framesAnalysed++;
    if (at - lastProgressMs >= PROGRESS_EVERY_MS) { lastProgressMs = at; progress(); }
    if (result.framesAnalysed % YIELD_EVERY_FRAMES === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  options.signal?.throwIfAborted();
  take(detector.finish());
  progress();
  return result;
}
