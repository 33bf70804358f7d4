// Keeps one camera's stream open and feeds its frames to a recorder: reconnects with jittered,
// capped exponential backoff as the app does, records the gaps, and gives up only when retrying
// cannot help (credentials rejected, certificate pin mismatch) or when told to stop.
import type { Clock } from '../base/clock.ts';
import { sleep } from '../base/clock.ts';
import { Backoff, STABLE_CONNECTION_MS } from '../stream/backoff.ts';
import { StreamError } from '../stream/errors.ts';
import { openStream, type CameraTarget, type StreamFrame } from '../stream/http-source.ts';
import type { CameraRecorder } from './camera-recorder.ts';

/** When no frame arrived for this long, the open Cluster is synced so the index stays current. */
export const IDLE_FLUSH_MS = 1000;

export type Gap = { fromWallMs: number; durationMs: number; reason: string };

export type RecordLoopResult = {
  frames: number;
  bytesReceived: number;
  gaps: Gap[];
  stoppedBy: 'signal' | 'auth' | 'tls';
};

/** What the loop feeds: a CameraRecorder, or anything that records like one (the benchmark's switch). */
export type RecordLoopRecorder = Pick<CameraRecorder, 'pushFrame' | 'flush'>;

export type RecordLoopOptions = {
  target: CameraTarget;
  /** Omitted: receive only. */
  recorder?: RecordLoopRecorder;
  signal: AbortSignal;
  clock: Clock;
  backoff?: Backoff;
  onFrame?: (frame: StreamFrame) => void;
  onGap?: (gap: Gap) => void;
  onError?: (message: string) => void;
};

export async function runRecordLoop(opts: RecordLoopOptions): Promise<RecordLoopResult> {
  const { clock, recorder, signal } = opts;
  const backoff = opts.backoff ?? new Backoff();
  const result: RecordLoopResult = { frames: 0, bytesReceived: 0, gaps: [], stoppedBy: 'signal' };
  let size = { width: 0, height: 0 };
  let lastFrameMono = clock.monotonic();
  let connectedMono = clock.monotonic();
  let outage: { fromWallMs: number; fromMono: number; reason: string } | undefined;
  const flushTimer = clock.setRepeating(() => {
    if (recorder && clock.monotonic() - lastFrameMono >= IDLE_FLUSH_MS) recorder.flush();
  }, IDLE_FLUSH_MS);

  const onFrame = (frame: StreamFrame) => {
    const mono = clock.monotonic();
    if (outage) {
      const gap = { fromWallMs: outage.fromWallMs, durationMs: Math.round(mono - outage.fromMono), reason: outage.reason };
      result.gaps.push(gap);
      opts.onGap?.(gap);
      outage = undefined;
    }
    // Only a connection that has lasted starts the backoff over: a camera that sends one frame and
    // resets waits longer each time instead of being hammered (as the app's camera sessions do).
    if (mono - connectedMono >= STABLE_CONNECTION_MS) backoff.reset();
    if (frame.width && frame.height) size = { width: frame.width, height: frame.height };
    result.frames++;
    result.bytesReceived += frame.jpeg.length;
    lastFrameMono = mono;
    recorder?.pushFrame(frame.jpeg, frame.receivedAt, mono, size.width, size.height);
    opts.onFrame?.(frame);
  };

  try {
    while (!signal.aborted) {
      let reason: string;
      connectedMono = clock.monotonic();
      try {
        await openStream(opts.target, { signal, onFrame });
        reason = 'the camera ended the stream';
      } catch (error) {
        if (signal.aborted) break;
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof StreamError && (error.kind === 'auth' || error.kind === 'tls')) {
          opts.onError?.(message);
          result.stoppedBy = error.kind;
          break;
        }
        reason = message;
      }
      if (signal.aborted) break;
      if (!outage) {
        outage = { fromWallMs: clock.now(), fromMono: lastFrameMono, reason };
        opts.onError?.(reason);
      }
      recorder?.flush();
      await sleep(clock, backoff.next(), signal);
    }
  } finally {
    flushTimer.cancel();
  }
  return result;
}
