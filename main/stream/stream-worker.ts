// A stream worker: runs camera sessions off the main thread and posts their frames (as
// transferred ArrayBuffers), states and figures to it. Loaded by StreamManager as a
// worker_threads entry; `serveStreamWorker` holds the logic so it can also run on any port.
//
// Isolation: each session catches its own failures, so one camera's error never touches
// another's stream; an uncaught error kills the worker, and the manager restarts its cameras.
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { CameraSession } from './camera-session.ts';
import type { OpenStream, SourceFrame } from './camera-session.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { openStream } from './http-source.ts';
import { STATS_INTERVAL_MS } from './stats.ts';
import { MAX_FRAMES_IN_TRANSIT } from './worker-protocol.ts';
import type { FrameMessage, FromWorker, RecordSettings, ToWorker, WorkerCameraConfig } from './worker-protocol.ts';

/** What a worker hands each frame of a recorded camera to (main/recording's CameraRecorder). */
export type FrameRecorder = {
  pushFrame(jpeg: Buffer, receivedAtWallMs: number, monoMs: number, width: number, height: number): void;
  close(): Promise<void>;
};

export type RecorderFactory = (cameraId: string, settings: RecordSettings, onError: (error: unknown) => void) => FrameRecorder;

export type WorkerDeps = {
  openStream: OpenStream;
  clock?: Clock;
  createRecorder?: RecorderFactory;
  /** Loads the recorder factory on the first recorded camera, so workers that only stream never load it. */
  loadRecorder?: () => Promise<RecorderFactory>;
};

/** The port's side we use: parentPort in a worker, a MessageChannel end in tests. */
type Port = Pick<MessagePort, 'postMessage' | 'on' | 'close'>;

type Running = {
  session: CameraSession;
  generation: number;
  inTransit: number;
  /** The newest frame waiting for credit; a newer one replaces it. */
  waiting: FrameMessage | null;
  recorder: FrameRecorder | null;
  stopped: Promise<void> | null;
};

export function serveStreamWorker(port: Port, deps: WorkerDeps): void {
  const clock = deps.clock ?? systemClock;
  const cameras = new Map<string, Running>();
  const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  let batch: FrameMessage[] = [];
  const flushBatch = () => {
    const frames = batch;
    batch = [];
    post({ type: 'frames', frames }, frames.map((f) => f.jpeg));
  };
  const forward = (running: Running, message: FrameMessage) => {
    if (running.inTransit < MAX_FRAMES_IN_TRANSIT) {
      running.inTransit += 1;
      if (batch.length === 0) setImmediate(flushBatch);
      batch.push(message);
    } else {
      if (running.waiting) running.session.countNotForwarded();
      running.waiting = message;
    }
  };

  let recorderFactory: RecorderFactory | undefined = deps.createRecorder;
  const startCamera = async (config: WorkerCameraConfig, generation: number, firstSeq: number) => {
    await stopCamera(config.id, 'restarting with new settings');
    if (config.record && !recorderFactory && deps.loadRecorder) {
      try {
        recorderFactory = await deps.loadRecorder();
      } catch (error) {
        reportRecorderError(config.id, error);
      }
    }
    let running: Running | undefined;
    const session = new CameraSession(
      { cameraId: config.id, target: config.target, ...optional(config) },
      {
        openStream: deps.openStream,
        clock,
        onStatus: (status) => post({ type: 'status', cameraId: config.id, generation, status }),
        onFrame: (frame: SourceFrame, seq: number) => {
          if (!running) return;
          const width = frame.width ?? 0;
          const height = frame.height ?? 0;
          // Record first: the recorder must see every frame, display may drop some.
          running.recorder?.pushFrame(frame.jpeg, frame.receivedAt, clock.monotonic(), width, height);
          // A fresh ArrayBuffer of exactly the frame's size: `frame.jpeg` may be a view into a
          // larger chunk, and transferring that would hand over (or detach) the whole chunk.
          const jpeg = new ArrayBuffer(frame.jpeg.length);
          new Uint8Array(jpeg).set(frame.jpeg);
          forward(running, { cameraId: config.id, generation, seq, capturedAt: frame.receivedAt, width, height, jpeg });
        },
      },
      firstSeq,
    );
    running = { session, generation, inTransit: 0, waiting: null, recorder: null, stopped: null };
    if (config.record && recorderFactory) {
      try {
        running.recorder = recorderFactory(config.id, config.record, (error) => reportRecorderError(config.id, error));
      } catch (error) {
        reportRecorderError(config.id, error);
      }
    }
    cameras.set(config.id, running);
    session.start();
  };

  const reportRecorderError = (cameraId: string, error: unknown) =>
    post({ type: 'recorder-error', cameraId, message: error instanceof Error ? error.message : String(error) });

  const stopCamera = async (cameraId: string, reason: string, generation?: number) => {
    const running = cameras.get(cameraId);
    if (!running || (generation !== undefined && running.generation !== generation)) return;
    running.stopped ??= (async () => {
      await running.session.stop(reason);
      await running.recorder?.close().catch((error: unknown) => reportRecorderError(cameraId, error));
    })();
    await running.stopped;
    if (cameras.get(cameraId) === running) cameras.delete(cameraId);
  };

  const takeCredit = (counts: Array<[string, number, number]>) => {
    for (const [cameraId, generation, count] of counts) {
      const running = cameras.get(cameraId);
      if (!running || running.generation !== generation) continue;
      running.inTransit = Math.max(running.inTransit - count, 0);
      if (running.waiting && running.inTransit < MAX_FRAMES_IN_TRANSIT) {
        const waiting = running.waiting;
        running.waiting = null;
        forward(running, waiting);
      }
    }
  };

  const statsTimer = setInterval(() => {
    if (cameras.size === 0) return;
    const entries = [...cameras.entries()].map(([cameraId, r]) => ({ cameraId, generation: r.generation, stats: r.session.takeStats() }));
    post({ type: 'stats', entries });
  }, STATS_INTERVAL_MS);

  // Commands run one after another, so a start after a stop of the same camera sees it stopped.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'frames-taken') return takeCredit(message.counts);
    if (message.type === 'crash') {
      setImmediate(() => {
        throw new Error(message.message);
      });
      return;
    }
    queue = queue
      .then(async () => {
        switch (message.type) {
          case 'start':
            return startCamera(message.camera, message.generation, message.firstSeq);
          case 'stop':
            return stopCamera(message.cameraId, message.reason, message.generation);
          case 'shutdown':
            clearInterval(statsTimer);
            await Promise.all([...cameras.keys()].map((id) => stopCamera(id, 'shutting down')));
            post({ type: 'closed' });
            port.close();
        }
      })
      .catch((error: unknown) => {
        // A command that cannot run (bad settings) fails that camera, not the worker.
        if (message.type !== 'start') throw error;
        const text = error instanceof Error ? error.message : String(error);
        post({
          type: 'status',
          cameraId: message.camera.id,
          generation: message.generation,
          status: { state: 'error', reason: text, since: clock.now(), error: { kind: 'crash', message: text } },
        });
      });
  });
}

function optional(config: WorkerCameraConfig) {
  return {
    ...(config.stallMs === undefined ? {} : { stallMs: config.stallMs }),
    ...(config.backoff === undefined ? {} : { backoff: config.backoff }),
    ...(config.retry === undefined ? {} : { retry: config.retry }),
  };
}

if (parentPort) {
  serveStreamWorker(parentPort, {
    openStream,
    loadRecorder: async () => (await import('../recording/worker-recorder.ts')).createWorkerRecorderFactory(),
  });
}
