// The messages between the main thread (StreamManager) and a stream worker. One worker runs
// any number of camera sessions; every message names its camera, and `generation` tells the
// main thread which session of that camera sent it, so nothing from a replaced session leaks
// into the new one's figures.
import type { CameraStatus } from '../../shared/camera-status.ts';
import type { RetryPolicy } from './backoff.ts';
import type { CameraTarget } from './camera-session.ts';
import type { SessionStats } from './stats.ts';

/**
 * Frames a worker may have posted for one camera that the main thread has not yet taken. The
 * main thread hands the credit back in batches (`frames-taken`); while none is left the worker
 * keeps only the newest frame. So the message queue between the threads stays bounded even when
 * the main thread is busy.
 */
export const MAX_FRAMES_IN_TRANSIT = 4;

/** What a worker needs to run one camera. Sent once per (re)start of the camera's session. */
export type WorkerCameraConfig = {
  id: string;
  target: CameraTarget;
  stallMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  retry?: Partial<RetryPolicy>;
  /**
   * When present, the worker records every frame of this camera (before any frame is dropped
   * for display). Passed as is to the recorder factory the worker was given.
   */
  record?: RecordSettings;
};

/** The recorder's own settings; the stream worker only carries them. */
export type RecordSettings = { directory: string; [setting: string]: unknown };

export type ToWorker =
  | { type: 'start'; camera: WorkerCameraConfig; generation: number; firstSeq: number }
  | { type: 'stop'; cameraId: string; generation: number; reason: string }
  /** Credit back: the main thread took this many frames of each camera's session. */
  | { type: 'frames-taken'; counts: Array<[cameraId: string, generation: number, count: number]> }
  /** Fault injection for tests and for `camwall` diagnostics: throw an uncaught error. */
  | { type: 'crash'; message: string }
  | { type: 'shutdown' };

export type FrameMessage = {
  cameraId: string;
  generation: number;
  seq: number;
  capturedAt: number;
  width: number;
  height: number;
  /** Exactly the JPEG's bytes, transferred (not copied) to the main thread. */
  jpeg: ArrayBuffer;
};

export type FromWorker =
  /**
   * Every frame the worker produced in one turn of its event loop, in one message: the fixed
   * cost of a message (serialising, waking the main thread) is paid once per batch.
   */
  | { type: 'frames'; frames: FrameMessage[] }
  | { type: 'status'; cameraId: string; generation: number; status: CameraStatus }
  | { type: 'stats'; entries: Array<{ cameraId: string; generation: number; stats: SessionStats }> }
  | { type: 'recorder-error'; cameraId: string; message: string }
  | { type: 'closed' };
