// A stream worker: runs camera sessions off the main thread and posts their frames (as
// transferred ArrayBuffers), states and figures to it. Loaded by StreamManager as a
// worker_threads entry; `serveStreamWorker` holds the logic so it can also run on any port.
//
// Isolation: each session catches its own failures, so one camera's error never touches
// another's stream; an uncaught error kills the worker, and the manager restarts its cameras.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { CameraSession } from './camera-session.ts';
import type { OpenStream, SourceFrame } from './camera-session.ts';
import { systemClock } from '../base/clock.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { openStream } from './http-source.ts';
import { STATS_INTERVAL_MS } from './stats.ts';
import { SINK_KINDS } from './frame-sink.ts';
import type { FrameSink, SinkControls, SinkFactories, SinkFactory, SinkFrame, SinkKind, SinkModule, SinkReport, SinkSettings } from './frame-sink.ts';
import { CREDIT_PAGE_SLOTS, FRAME_FLUSH_INTERVAL_MS, MAX_FRAMES_IN_TRANSIT } from './worker-protocol.ts';
import type { FrameMessage, FromWorker, StreamWorkerData, ToWorker, WorkerCameraConfig } from './worker-protocol.ts';

export type WorkerDeps = {
  openStream: OpenStream;
  clock?: Clock;
  /** Sink factories given up front (tests); others are loaded by `loadSinkFactory`. */
  sinkFactories?: Partial<SinkFactories>;
  /** Loads a kind of sink on the first session that needs it, so workers that only stream never load the recorder. */
  loadSinkFactory?: <K extends SinkKind>(kind: K) => Promise<SinkFactories[K]>;
};

/** The port's side we use: parentPort in a worker, a MessageChannel end in tests. */
type Port = Pick<MessagePort, 'postMessage' | 'on' | 'close'>;

type Running = {
  config: WorkerCameraConfig;
  session: CameraSession;
  generation: number;
  /** This session's credit counter (see CreditCounters). */
  credit: number;
  /** Frames posted on `credit` since the counter was created, wrapping like the Int32 counter. */
  posted: number;
  /** The newest frame waiting for credit; a newer one replaces it. */
  waiting: FrameMessage | null;
  /**
   * Whether the main thread wants this session's frames (a tile or client watches it). A camera
   * that is only recorded is not copied or posted at all: its frames go to the recorder only.
   */
  forwarding: boolean;
  /** The frame sinks every frame goes to, before any is dropped for display. */
  sinks: ActiveSink[];
  stopped: Promise<void> | null;
};

type ActiveSink = { kind: SinkKind; settings: string; sink: FrameSink<SinkControls[SinkKind]> };

/** While a frame waits for credit, how often the worker looks at the shared counters again. */
const CREDIT_POLL_MS = 20;

export function serveStreamWorker(port: Port, deps: WorkerDeps): void {
  const clock = deps.clock ?? systemClock;
  /** Running sessions by stream id. */
  const cameras = new Map<string, Running>();
  const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  const credits = new CreditCounters((page, counters) => post({ type: 'credit-page', page, counters }));

  // Frames go out in batches, at most one message per FRAME_FLUSH_INTERVAL_MS: every message
  // wakes the main thread, and on a busy worker the wake-ups, not the bytes, cost the most.
  let batch: FrameMessage[] = [];
  let transfer: ArrayBuffer[] = [];
  let flushQueued = false;
  let lastFlushAt = -Infinity;
  const flushBatch = () => {
    flushQueued = false;
    lastFlushAt = clock.monotonic();
    const frames = batch;
    const buffers = transfer;
    batch = [];
    transfer = [];
    post({ type: 'frames', frames }, buffers);
  };
  const queueFlush = () => {
    if (flushQueued) return;
    flushQueued = true;
    const waitMs = lastFlushAt + FRAME_FLUSH_INTERVAL_MS - clock.monotonic();
    // setImmediate is the end of this event-loop turn, not a time: it stays off the clock.
    if (waitMs <= 0) setImmediate(flushBatch);
    else clock.setTimer(flushBatch, waitMs);
  };

  const inTransit = (running: Running) => (running.posted - credits.taken(running.credit)) | 0;
  let creditPoll: TimerHandle | null = null;
  const forward = (running: Running, message: FrameMessage) => {
    if (inTransit(running) < MAX_FRAMES_IN_TRANSIT) {
      if (running.waiting) {
        // Credit came back and a newer frame came before the poll: the newer one goes.
        running.session.countNotForwarded();
        running.waiting = null;
      }
      running.posted = (running.posted + 1) | 0;
      batch.push(message);
      transfer.push(message.jpeg);
      queueFlush();
    } else {
      if (running.waiting) running.session.countNotForwarded();
      running.waiting = message;
      creditPoll ??= clock.setTimer(pollCredit, CREDIT_POLL_MS);
    }
  };
  const pollCredit = () => {
    creditPoll = null;
    let stillWaiting = false;
    for (const running of cameras.values()) {
      const waiting = running.waiting;
      if (!waiting) continue;
      if (inTransit(running) < MAX_FRAMES_IN_TRANSIT) {
        running.waiting = null;
        forward(running, waiting);
      } else {
        stillWaiting = true;
      }
    }
    if (stillWaiting) creditPoll = clock.setTimer(pollCredit, CREDIT_POLL_MS);
  };

  const factories: Partial<SinkFactories> = { ...deps.sinkFactories };
  /** The factory of a kind of sink, loaded on first use; undefined (and reported) when it cannot be loaded. */
  const factoryFor = async <K extends SinkKind>(running: Running, kind: K): Promise<SinkFactory<K> | undefined> => {
    if (!factories[kind] && deps.loadSinkFactory) {
      try {
        factories[kind] = (await deps.loadSinkFactory(kind)) as never;
      } catch (error) {
        sinkFailed(running, kind, `could not be loaded: ${messageOf(error)}`);
      }
    }
    return factories[kind] as SinkFactory<K> | undefined;
  };

  const report = (running: Running, sinkReport: SinkReport) =>
    post({ type: 'sink', streamId: running.config.streamId, generation: running.generation, report: sinkReport });
  const sinkFailed = (running: Running, kind: SinkKind, what: string) =>
    report(running, { sink: kind, event: { cameraId: running.config.cameraId, code: 'sink-failed', message: `the ${kind} sink of camera ${running.config.cameraId} ${what}` } });

  /**
   * Makes the session's sinks match `wanted`: a sink whose settings changed is closed and a new
   * one made, an unchanged one goes on. Factories are loaded first, so the swap itself happens
   * between two frames; the session's connection is never touched.
   */
  const applySinks = async (running: Running, wanted: SinkSettings) => {
    const settingsKey = (kind: SinkKind) => (wanted[kind] ? JSON.stringify(wanted[kind]) : null);
    const changed = SINK_KINDS.filter((kind) => (running.sinks.find((s) => s.kind === kind)?.settings ?? null) !== settingsKey(kind));
    const made = new Map<SinkKind, SinkFactory<SinkKind>>();
    for (const kind of changed) {
      const factory = wanted[kind] ? await factoryFor(running, kind) : undefined;
      if (factory) made.set(kind, factory);
    }
    const closing: Promise<void>[] = [];
    for (const kind of changed) {
      const current = running.sinks.find((s) => s.kind === kind);
      if (current) {
        running.sinks = running.sinks.filter((s) => s !== current);
        closing.push(closeSink(running, current));
      }
      const settings = wanted[kind];
      const factory = made.get(kind);
      if (!settings || !factory) continue;
      try {
        const sink = factory(running.config.cameraId, settings, (event) => report(running, { sink: kind, event } as SinkReport));
        running.sinks.push({ kind, settings: settingsKey(kind)!, sink });
      } catch (error) {
        sinkFailed(running, kind, `could not start: ${messageOf(error)}`);
      }
    }
    await Promise.all(closing);
  };

  const closeSink = (running: Running, active: ActiveSink) =>
    active.sink.close().catch((error: unknown) => sinkFailed(running, active.kind, `failed to close: ${messageOf(error)}`));

  /** A sink that throws is taken out and closed; the session and the other sinks go on. */
  const callSink = (running: Running, active: ActiveSink, call: (sink: ActiveSink['sink']) => void) => {
    try {
      call(active.sink);
    } catch (error) {
      running.sinks = running.sinks.filter((s) => s !== active);
      sinkFailed(running, active.kind, `failed and was stopped (the stream goes on): ${messageOf(error)}`);
      void closeSink(running, active);
    }
  };
  const pushToSinks = (running: Running, frame: SinkFrame) => {
    for (const active of running.sinks) callSink(running, active, (sink) => sink.pushFrame(frame));
  };

  const startCamera = async (config: WorkerCameraConfig, generation: number, firstSeq: number, forwarding: boolean, sinks: SinkSettings) => {
    await stopCamera(config.streamId, 'restarting with new settings');
    let running: Running | undefined;
    const session = new CameraSession(
      { cameraId: config.cameraId, target: config.target, ...optional(config) },
      {
        openStream: deps.openStream,
        clock,
        onStatus: (status) => post({ type: 'status', streamId: config.streamId, generation, status }),
        onFrame: (frame: SourceFrame, seq: number) => {
          if (!running) return;
          const width = frame.width ?? 0;
          const height = frame.height ?? 0;
          // Sinks first: the recorder must see every frame, display may drop some.
          if (running.sinks.length > 0) {
            pushToSinks(running, { jpeg: frame.jpeg, receivedAtWallMs: frame.receivedAt, monoMs: clock.monotonic(), width, height });
          }
          if (!running.forwarding) return;
          // A fresh ArrayBuffer of exactly the frame's size: `frame.jpeg` may be a view into a
          // larger chunk, and transferring that would hand over (or detach) the whole chunk.
          // allocUnsafeSlow: never from Buffer's shared pool, and not zero-filled first (the
          // copy overwrites every byte), which `new ArrayBuffer(n)` would be.
          const copy = Buffer.allocUnsafeSlow(frame.jpeg.length);
          frame.jpeg.copy(copy);
          const jpeg = copy.buffer as ArrayBuffer;
          forward(running, { streamId: config.streamId, generation, seq, capturedAt: frame.receivedAt, width, height, jpeg, credit: running.credit });
        },
      },
      firstSeq,
    );
    const credit = credits.allocate();
    running = { config, session, generation, credit, posted: credits.taken(credit), waiting: null, forwarding, sinks: [], stopped: null };
    cameras.set(config.streamId, running);
    await applySinks(running, sinks);
    if (cameras.get(config.streamId) === running) session.start();
  };

  const stopCamera = async (streamId: string, reason: string, generation?: number) => {
    const running = cameras.get(streamId);
    if (!running || (generation !== undefined && running.generation !== generation)) return;
    running.stopped ??= (async () => {
      await running.session.stop(reason);
      const sinks = running.sinks;
      running.sinks = [];
      await Promise.all(sinks.map((active) => closeSink(running, active)));
    })();
    await running.stopped;
    if (cameras.get(streamId) === running) {
      cameras.delete(streamId);
      running.waiting = null;
      credits.release(running.credit, running.posted);
    }
  };

  const statsTimer = clock.setRepeating(() => {
    if (cameras.size === 0) return;
    const entries = [...cameras.entries()].map(([streamId, r]) => ({ streamId, generation: r.generation, stats: r.session.takeStats() }));
    post({ type: 'stats', entries });
  }, STATS_INTERVAL_MS);

  // Commands run one after another, so a start after a stop of the same camera sees it stopped.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: ToWorker) => {
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
            return startCamera(message.camera, message.generation, message.firstSeq, message.forward, message.sinks);
          case 'sinks': {
            const running = cameras.get(message.streamId);
            if (!running || running.generation !== message.generation || running.stopped) return;
            return applySinks(running, message.sinks);
          }
          case 'sink-control': {
            const running = cameras.get(message.streamId);
            if (!running || running.generation !== message.generation || running.stopped) return;
            const active = running.sinks.find((s) => s.kind === message.sink);
            if (active) callSink(running, active, (sink) => sink.control?.(message.control as never));
            return;
          }
          case 'forward': {
            const running = cameras.get(message.streamId);
            if (!running || running.generation !== message.generation) return;
            running.forwarding = message.forward;
            // A frame held for credit is of use to nobody now: dropped quietly, not counted.
            if (!message.forward) running.waiting = null;
            return;
          }
          case 'stop':
            return stopCamera(message.streamId, message.reason, message.generation);
          case 'shutdown':
            statsTimer.cancel();
            creditPoll?.cancel();
            await Promise.all([...cameras.keys()].map((id) => stopCamera(id, 'shutting down')));
            post({ type: 'closed' });
            port.close();
        }
      })
      .catch((error: unknown) => {
        // A command that cannot run (bad settings) fails that camera, not the worker.
        if (message.type !== 'start') throw error;
        const text = messageOf(error);
        post({
          type: 'status',
          streamId: message.camera.streamId,
          generation: message.generation,
          status: { state: 'error', reason: text, since: clock.now(), error: { kind: 'crash', message: text } },
        });
      });
  });
}

/**
 * Credit counters shared with the main thread, one per camera session: the main thread adds one
 * for every frame it takes (`Atomics.add`), the worker compares that with the frames it posted.
 * Credit thus comes back without a message, and without waking the worker. A stopped session's
 * counter is reused only once all its posted frames were taken, so a late frame of the old
 * session can never hand credit to the new one.
 */
class CreditCounters {
  #pages: Int32Array[] = [];
  #free: number[] = [];
  #draining: Array<{ counter: number; posted: number }> = [];
  #announce: (page: number, counters: SharedArrayBuffer) => void;

  constructor(announce: (page: number, counters: SharedArrayBuffer) => void) {
    this.#announce = announce;
  }

  /** Frames taken on `counter` since it was created (wraps like an Int32). */
  taken(counter: number): number {
    return Atomics.load(this.#pages[Math.floor(counter / CREDIT_PAGE_SLOTS)]!, counter % CREDIT_PAGE_SLOTS);
  }

  allocate(): number {
    this.#draining = this.#draining.filter((entry) => {
      if (((entry.posted - this.taken(entry.counter)) | 0) > 0) return true;
      this.#free.push(entry.counter);
      return false;
    });
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const page = this.#pages.length;
    const counters = new SharedArrayBuffer(CREDIT_PAGE_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    this.#pages.push(new Int32Array(counters));
    this.#announce(page, counters);
    for (let index = CREDIT_PAGE_SLOTS - 1; index > 0; index--) this.#free.push(page * CREDIT_PAGE_SLOTS + index);
    return page * CREDIT_PAGE_SLOTS;
  }

  release(counter: number, posted: number): void {
    this.#draining.push({ counter, posted });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
    // Frames are copied (and recorded) inside onFrame, so the socket reads can go at once.
    openStream: (target, options) => openStream(target, { ...options, releaseReads: true, clock: systemClock }),
    loadSinkFactory: async <K extends SinkKind>(kind: K) => {
      const href = (workerData as StreamWorkerData | null)?.sinkModules?.[kind];
      if (!href) throw new Error(`no module makes ${kind} sinks in this worker (StreamManager was given no sinkModules.${kind})`);
      return ((await import(href)) as SinkModule<K>).createSinkFactory() as SinkFactories[K];
    },
  });
}
