// The messages between the main thread (StreamManager) and a stream worker. One worker runs
// any number of camera sessions, one per live stream (a camera's main or tile stream); every
// message names its stream by `streamId` (the manager's opaque `streamKeyId`, never parsed
// here), and `generation` tells the main thread which session of that stream sent it, so
// nothing from a replaced session leaks into the new one's figures.
import type { CameraStatus } from '../../shared/camera-status.ts';
import type { RetryPolicy } from './backoff.ts';
import type { CameraTarget } from './camera-session.ts';
import type { SinkControls, SinkKind, SinkReport, SinkSettings } from './frame-sink.ts';
import type { SessionStats } from './stats.ts';

/**
 * Frames a worker may have posted for one camera that the main thread has not yet taken. The
 * main thread hands the credit back through shared memory (see `credit-page`); while none is
 * left the worker keeps only the newest frame. So the message queue between the threads stays
 * bounded even when the main thread is busy.
 */
export const MAX_FRAMES_IN_TRANSIT = 4;

/**
 * Credit counters per shared page. A worker numbers its camera sessions' counters
 * `page * CREDIT_PAGE_SLOTS + index` and announces each page before the first frame that uses it.
 */
export const CREDIT_PAGE_SLOTS = 256;

/**
 * The shortest time between two `frames` messages of one worker. Every message wakes the main
 * thread (a cross-thread wake-up costs tens of µs on a VM), so frames that arrive within this
 * window travel together; a frame after a quiet spell goes at the end of its event-loop turn.
 */
export const FRAME_FLUSH_INTERVAL_MS = 8;

/** What a worker needs to run one camera. Sent once per (re)start of the camera's session. */
export type WorkerCameraConfig = {
  /** The stream this session serves (opaque: the manager's `streamKeyId`). */
  streamId: string;
  /** The camera's registry id, for messages and for the recorder's folder. */
  cameraId: string;
  target: CameraTarget;
  stallMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  retry?: Partial<RetryPolicy>;
};

/** The `workerData` a stream worker starts with: where to load each kind of frame sink from (URL hrefs). */
export type StreamWorkerData = { sinkModules: Partial<Record<SinkKind, string>> };

export type ToWorker =
  /**
   * `forward`: post this session's frames to the main thread (someone watches it), or only hand
   * them to its sinks. `sinks`: the frame sinks the session starts with (frame-sink.ts).
   */
  | { type: 'start'; camera: WorkerCameraConfig; generation: number; firstSeq: number; forward: boolean; sinks: SinkSettings }
  | { type: 'stop'; streamId: string; generation: number; reason: string }
  /**
   * Switches a running session's frame sinks (recording on or off, other recorder settings)
   * without touching its connection: a sink whose settings changed is closed (the recorder
   * finishes its segment) and a new one made; unchanged ones go on.
   */
  | { type: 'sinks'; streamId: string; generation: number; sinks: SinkSettings }
  /**
   * Tells a running sink of the session what to do with frames (the recorder: motion began or
   * ended), without remaking it or touching the connection. Ignored when the session has no such
   * sink; the main thread sends it again after every `start` and `sinks`, so a remade sink hears it too.
   */
  | { [K in SinkKind]: { type: 'sink-control'; streamId: string; generation: number; sink: K; control: SinkControls[K] } }[SinkKind]
  /** Someone started or stopped watching a running session: post its frames, or stop posting them. */
  | { type: 'forward'; streamId: string; generation: number; forward: boolean }
  /** Fault injection for tests and for `camwall` diagnostics: throw an uncaught error. */
  | { type: 'crash'; message: string }
  | { type: 'shutdown' };

export type FrameMessage = {
  streamId: string;
  generation: number;
  seq: number;
  capturedAt: number;
  width: number;
  height: number;
  /** Exactly the JPEG's bytes, transferred (not copied) to the main thread. */
  jpeg: ArrayBuffer;
  /**
   * The session's credit counter: once the main thread has taken the frame it adds one to it
   * (`Atomics.add`), which hands the credit back without a message.
   */
  credit: number;
};

export type FromWorker =
  /**
   * The frames the worker produced since its last `frames` message (at least
   * FRAME_FLUSH_INTERVAL_MS ago, or one event-loop turn after a quiet spell), in one message:
   * the fixed cost of a message (serialising, waking the main thread) is paid once per batch.
   */
  | { type: 'frames'; frames: FrameMessage[] }
  /**
   * A page of credit counters (Int32, CREDIT_PAGE_SLOTS of them), sent before any frame that
   * names one of its counters. Only the main thread writes to it; the worker reads it.
   */
  | { type: 'credit-page'; page: number; counters: SharedArrayBuffer }
  | { type: 'status'; streamId: string; generation: number; status: CameraStatus }
  | { type: 'stats'; entries: Array<{ streamId: string; generation: number; stats: SessionStats }> }
  /**
   * A frame sink's structured report (the recorder's segments and failures, a sink that failed).
   * Sent also after the session stopped: closing the recorder finishes its segment.
   */
  | { type: 'sink'; streamId: string; generation: number; report: SinkReport }
  | { type: 'closed' };
