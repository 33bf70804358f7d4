// The stream worker's `motion` frame sink (main/stream/frame-sink.ts): one MotionDetector per
// session, fed at the camera's `analysedFps` by capture time. A due frame is decoded right here,
// synchronously, while its bytes are valid (no copy, no thread hop); frames that are not due are
// skipped untouched. Reports go to the main thread through the sink's report callback.
// Loaded by the stream worker by URL on the first session that detects motion:
// StreamManager's `sinkModules: { motion: MOTION_SINK_MODULE }`.
import { motionConfigSchema, type MotionConfig } from '../../shared/motion.ts';
import type { FrameSink, SinkFactory } from '../stream/frame-sink.ts';
import { GrayDecoder, JpegDecodeError } from './jpeg-gray.ts';
import { MotionDetector } from './motion-detector.ts';
import { RateGate } from './rate-gate.ts';

/** Frames in a row that do not decode before the sink gives up (and the worker reports it failed). */
export const MAX_DECODE_FAILURES_IN_A_ROW = 50;

/**
 * This module as the stream workers load it (StreamManager's `sinkModules.motion`): itself when
 * running from source, the `motion-sink` bundle next to the app's bundle once built.
 */
export const MOTION_SINK_MODULE: URL = import.meta.url.endsWith('.ts') ? new URL(import.meta.url) : new URL('./motion-sink.js', import.meta.url);

/** What a stream worker calls after importing MOTION_SINK_MODULE (frame-sink.ts SinkModule). */
export function createSinkFactory(): SinkFactory<'motion'> {
  return createMotionSinkFactory();
}

/** The camera's motion settings as the worker got them, checked: a bad field is named. */
export function checkMotionSettings(cameraId: string, settings: unknown): MotionConfig {
  const parsed = motionConfigSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `motion.${issue.path.join('.')}` : 'motion';
  throw new Error(`camera ${cameraId}: ${field} ${issue.message}; fix the camera's motion settings`);
}

/** Observers of the sink's work (the benchmark counts analysed frames). */
export type MotionSinkHooks = { onAnalysed?(cameraId: string): void };

export function createMotionSinkFactory(hooks: MotionSinkHooks = {}): SinkFactory<'motion'> {
  return (cameraId, settings, report): FrameSink => {
    const config = checkMotionSettings(cameraId, settings);
    const decoder = new GrayDecoder();
    const detector = new MotionDetector(cameraId, config, { colourOf: (jpeg) => decoder.isColour(jpeg) });
    const gate = new RateGate(config.analysedFps);
    let failures = 0;
    let closed = false;
    return {
      pushFrame(frame) {
        if (closed || !gate.due(frame.receivedAtWallMs)) return;
        let picture;
        try {
          picture = decoder.decode(frame.jpeg);
          failures = 0;
        } catch (error) {
          // A corrupt part now and then is a camera's normal; only a stream of them is a failure.
          if (!(error instanceof JpegDecodeError) || ++failures < MAX_DECODE_FAILURES_IN_A_ROW) return;
          throw new Error(`camera ${cameraId}: ${MAX_DECODE_FAILURES_IN_A_ROW} frames in a row could not be decoded for motion detection (${error.message}); motion detection stopped, the stream goes on`);
        }
        hooks.onAnalysed?.(cameraId);
        for (const event of detector.analyse(picture, frame.receivedAtWallMs, frame.jpeg)) report(event);
      },
      async close() {
        if (closed) return;
        closed = true;
        for (const event of detector.finish()) report(event);
      },
    };
  };
}
