// The main thread's view of every camera stream: it owns the stream workers, decides which
// cameras need a connection (someone watches, or it records), feeds their frames into the hub
// and publishes each camera's state and figures. See docs/streams.md.
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FAILING_STATES, type CameraStats, type CameraStatus } from '../../shared/camera-status.ts';
import type { Frame } from '../../shared/frame.ts';
import { describeStream, liveStream, streamKeyId, type LiveStreamKey, type LiveStreamKind } from '../../shared/stream-key.ts';
import { Backoff } from './backoff.ts';
import type { RetryPolicy } from './backoff.ts';
import type { CameraTarget } from './camera-session.ts';
import { systemClock } from '../base/clock.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { FrameHub } from './frame-hub.ts';
import type { FrameSubscriber, SubscribeOptions, Subscription } from './frame-hub.ts';
import type { SessionStats } from './stats.ts';
import type { MotionSinkSettings, RecordSettings, SinkControls, SinkKind, SinkModuleUrls, SinkReport, SinkSettings } from './frame-sink.ts';
import { CREDIT_PAGE_SLOTS } from './worker-protocol.ts';
import type { FrameMessage, FromWorker, StreamWorkerData, ToWorker, WorkerCameraConfig } from './worker-protocol.ts';

/** A camera nobody watches or records keeps its connection this long, for a quick return. */
export const DEFAULT_GRACE_MS = 10_000;
/**
 * Workers in the pool by default. Measured (docs/measurements/streams.md): one worker per camera costs
 * several MB each, while two workers carry 64 VGA cameras at 15 fps on a 2-core machine.
 */
export const DEFAULT_WORKERS = Math.min(Math.max(availableParallelism(), 1), 4);
/**
 * With the default pool, a worker takes this many cameras before the next worker starts.
 * Measured (docs/measurements/streams.md): per frame, one worker carrying 64 VGA cameras costs less CPU than
 * two carrying 32 each (fewer threads to wake, more frames per wake-up).
 */
export const CAMERAS_PER_DEFAULT_WORKER = 64;
/** More workers than this is never useful and would cost memory (about 5-10 MB each). */
export const MAX_POOL_WORKERS = 64;
/** A worker that ran this long before it died starts its restart backoff from the beginning. */
export const WORKER_HEALTHY_MS = 30_000;
/** How long close() waits for a worker to stop its sessions before terminating it. */
export const WORKER_CLOSE_TIMEOUT_MS = 5_000;
/** How long `snapshot` waits for a frame of a camera nobody watches (it may have to connect first). */
export const SNAPSHOT_WAIT_MS = 5_000;

export type CameraConfig = {
  /** The camera's registry id. */
  id: string;
  /** Which of the camera's live streams this config runs; 'live-main' when absent. */
  kind?: LiveStreamKind;
  name?: string;
  target: CameraTarget;
  /**
   * Record this camera in its worker; a recorded camera keeps its connection unwatched. Turning
   * it on or off or changing it switches the session's recorder sink; the connection stays.
   */
  record?: RecordSettings;
  /**
   * Run the motion detector on this stream in its worker (the camera's smaller stream when it
   * has one); like `record`, it keeps the connection unwatched and is switched without a restart.
   */
  motion?: MotionSinkSettings;
  /** Overrides the manager's stall watchdog for this camera (a 1-fps camera needs more). */
  stallMs?: number;
};

export type StreamManagerOptions = {
  /**
   * Pool size (cameras spread evenly over the workers), or one worker per camera. By default up
   * to DEFAULT_WORKERS workers, each filled with CAMERAS_PER_DEFAULT_WORKER cameras before the
   * next one is used.
   */
  workers?: number | 'per-camera';
  graceMs?: number;
  stallMs?: number;
  clock?: Clock;
  /** Retry tuning for every session (tests shorten the waits). */
  backoff?: { initialMs?: number; maxMs?: number };
  retry?: Partial<RetryPolicy>;
  /** Backoff between restarts of a crashed worker. */
  workerRestart?: { initialMs?: number; maxMs?: number };
  /** The worker entry; the default finds stream-worker next to this module (source or bundle). */
  workerUrl?: URL;
  /** The modules that make each kind of frame sink in the workers (frame-sink.ts SinkModule); a camera with `record` needs `record`. */
  sinkModules?: SinkModuleUrls;
};

export type WorkerExit = { worker: number; streams: LiveStreamKey[]; error: string; restartInMs: number };

/** A live stream: its typed key, or a camera id for that camera's main stream. */
export type StreamRef = LiveStreamKey | string;

type ManagerEvents = {
  status: [stream: LiveStreamKey, status: CameraStatus];
  stats: [stream: LiveStreamKey, stats: CameraStats];
  'worker-exit': [exit: WorkerExit];
  /** A frame sink's structured report (frame-sink.ts): the recorder's segments and failures. */
  sink: [report: SinkReport];
  /** A subscriber failed; the streams go on. */
  error: [error: Error];
};

type Slot = {
  index: number;
  worker: Worker | null;
  /** The streams (streamKeyId) this worker runs. */
  streamIds: Set<string>;
  restart: Backoff;
  startedAt: number;
  restartTimer: TimerHandle | null;
  lastError: string | null;
  /** The worker's credit counters (worker-protocol.ts `credit-page`), by page. */
  creditPages: Int32Array[];
  exited: Promise<void> | null;
};

type CameraEntry = {
  key: LiveStreamKey;
  /** streamKeyId(key): the map key here and the stream's name in the worker protocol. */
  streamId: string;
  config: CameraConfig;
  /** The settings of the connection, serialised: a change restarts the session. */
  workerKey: string;
  /** The frame sinks' settings, serialised: a change is sent to the running session, which goes on. */
  sinksKey: string;
  slot: Slot;
  generation: number;
  /** Whether a session should be running in the worker now. */
  active: boolean;
  recording: boolean;
  /** Whether someone subscribes, so the worker posts the frames here; otherwise it only records them. */
  forwarding: boolean;
  /** Frames the worker posted here for this camera, dropped ones included (diagnostics). */
  framesPosted: number;
  graceTimer: TimerHandle | null;
  status: CameraStatus;
  stats: CameraStats | null;
  lastSeq: number;
  /** The last `controlSink` per kind of sink, sent again to every new session and sink set. */
  controls: Partial<SinkControls>;
};

export class StreamManager extends EventEmitter<ManagerEvents> {
  readonly hub: FrameHub;
  #clock: Clock;
  #graceMs: number;
  #options: StreamManagerOptions;
  #perCamera: boolean;
  /** No pool size was given: fill each worker up to CAMERAS_PER_DEFAULT_WORKER before the next. */
  #fillWorkers: boolean;
  #slots: Slot[] = [];
  #cameras = new Map<string, CameraEntry>();
  #workerUrl: URL;
  #closed = false;
  /** Snapshots waiting for a frame, by camera: a failing status or close() answers them at once. */
  #pendingSnapshots = new Map<string, Set<(frame: null) => void>>();

  constructor(options: StreamManagerOptions = {}) {
    super();
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.#perCamera = options.workers === 'per-camera';
    this.#fillWorkers = options.workers === undefined;
    const poolSize = options.workers === 'per-camera' ? 0 : (options.workers ?? DEFAULT_WORKERS);
    if (!this.#perCamera && !(Number.isInteger(poolSize) && poolSize >= 1 && poolSize <= MAX_POOL_WORKERS)) {
      throw new RangeError(`workers must be 'per-camera' or an integer from 1 to ${MAX_POOL_WORKERS}, got ${String(options.workers)}`);
    }
    if (!(this.#graceMs >= 0)) throw new RangeError(`graceMs must be 0 or more, got ${this.#graceMs}`);
    for (let i = 0; i < poolSize; i++) this.#slots.push(this.#newSlot());
    this.#workerUrl = options.workerUrl ?? new URL('./stream-worker' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
    this.hub = new FrameHub({
      onDemandChange: (key) => {
        if (key.kind !== 'playback') this.#updateDemand(streamKeyId(key));
      },
      onSubscriberError: (key, error) =>
        this.emit('error', new Error(`a frame subscriber of ${describeStream(key)} failed: ${error instanceof Error ? error.message : String(error)}`)),
    });
    // An 'error' event without a listener would throw; a broken subscriber must not kill us.
    this.on('error', () => {});
  }

  /** Adds, changes and removes streams to match `configs`. Only changed streams restart. */
  setCameras(configs: CameraConfig[]): void {
    this.#assertOpen();
    const ids = new Set<string>();
    for (const config of configs) {
      const id = streamKeyId(keyOf(config));
      if (ids.has(id)) throw new Error(`${describeStream(keyOf(config))} appears twice in setCameras`);
      ids.add(id);
    }
    for (const id of [...this.#cameras.keys()]) if (!ids.has(id)) this.#remove(id);
    for (const config of configs) {
      const existing = this.#cameras.get(streamKeyId(keyOf(config)));
      if (!existing) this.#add(config);
      else this.#change(existing, config);
    }
  }

  /** Subscribes to a live stream's frames; the first subscriber connects it. */
  subscribe(stream: StreamRef, subscriber: FrameSubscriber, options?: SubscribeOptions): Subscription {
    this.#assertOpen();
    return this.hub.subscribe(keyFrom(stream), subscriber, options);
  }

  /** Keeps a camera connected without subscribers while something records it. */
  setRecording(stream: StreamRef, recording: boolean): void {
    const camera = this.#entryOf(stream);
    if (!camera) throw new Error(`setRecording: no ${describeStream(keyFrom(stream))}; add it with setCameras first`);
    camera.recording = recording;
    this.#updateDemand(camera.streamId);
  }

  /**
   * Tells the stream's running sink of `kind` what to do with frames (the recorder: motion began
   * or ended), through the worker, without remaking the sink or touching the connection. The
   * latest control per kind is remembered and sent again to a restarted session or a remade sink.
   */
  controlSink<K extends SinkKind>(stream: StreamRef, kind: K, control: SinkControls[K]): void {
    const camera = this.#entryOf(stream);
    if (!camera) throw new Error(`controlSink: no ${describeStream(keyFrom(stream))}; add it with setCameras first`);
    camera.controls[kind] = control;
    if (camera.active && camera.slot.worker && camera.slot.restartTimer === null) this.#postControl(camera.slot, camera, kind);
  }

  status(stream: StreamRef): CameraStatus | null {
    return this.#entryOf(stream)?.status ?? null;
  }

  stats(stream: StreamRef): CameraStats | null {
    return this.#entryOf(stream)?.stats ?? null;
  }

  /**
   * A current frame of the camera (shared: read-only, copy before transferring): the latest one
   * while someone watches it live; otherwise the next one, connecting the camera if nothing
   * records it either. Null for an unknown camera, a running camera that is failing now, or when
   * no frame comes within `waitMs` or the camera fails first (its status says why).
   */
  async snapshot(stream: StreamRef, waitMs = SNAPSHOT_WAIT_MS): Promise<Frame | null> {
    const camera = this.#entryOf(stream);
    if (!camera || this.#closed) return null;
    if (camera.active && FAILING_STATES.has(camera.status.state)) return null;
    const latest = camera.forwarding && camera.status.state === 'live' ? this.hub.latest(camera.key) : null;
    if (latest) return latest;
    const streamId = camera.streamId;
    return new Promise<Frame | null>((resolve) => {
      const waiting = this.#pendingSnapshots.get(streamId) ?? new Set();
      this.#pendingSnapshots.set(streamId, waiting);
      let subscription: Subscription | null = null;
      let done = false;
      const finish = (frame: Frame | null) => {
        if (done) return;
        done = true;
        timer.cancel();
        waiting.delete(finish);
        if (waiting.size === 0 && this.#pendingSnapshots.get(streamId) === waiting) this.#pendingSnapshots.delete(streamId);
        subscription?.unsubscribe();
        resolve(frame);
      };
      waiting.add(finish);
      const timer = this.#clock.setTimer(() => finish(null), waitMs);
      subscription = this.hub.subscribe(camera.key, { deliver: (frame) => finish(frame) });
      if (done) subscription.unsubscribe();
    });
  }

  /** Frames the stream's worker has posted to this thread (none while nobody watches it); for diagnostics and tests. */
  framesPosted(stream: StreamRef): number {
    return this.#entryOf(stream)?.framesPosted ?? 0;
  }

  /** Live workers now: for diagnostics and the benchmark. */
  get workerCount(): number {
    return this.#slots.filter((slot) => slot.worker !== null).length;
  }

  /** Fault injection: makes the worker running `stream` throw an uncaught error. */
  injectWorkerCrash(stream: StreamRef, message = 'injected crash'): void {
    const camera = this.#entryOf(stream);
    camera?.slot.worker?.postMessage({ type: 'crash', message } satisfies ToWorker);
  }

  /** Stops every session and worker. The manager cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const streamId of [...this.#pendingSnapshots.keys()]) this.#answerSnapshots(streamId);
    for (const camera of this.#cameras.values()) camera.graceTimer?.cancel();
    await Promise.all(this.#slots.map((slot) => this.#shutdownSlot(slot)));
  }

  #entryOf(stream: StreamRef): CameraEntry | undefined {
    return this.#cameras.get(streamKeyId(keyFrom(stream)));
  }

  #add(config: CameraConfig): void {
    const key = keyOf(config);
    const streamId = streamKeyId(key);
    const slot = this.#pickSlot();
    slot.streamIds.add(streamId);
    const camera: CameraEntry = {
      key,
      streamId,
      config,
      workerKey: workerKeyOf(config),
      sinksKey: JSON.stringify(sinksOf(config)),
      slot,
      generation: 0,
      active: false,
      recording: false,
      forwarding: false,
      framesPosted: 0,
      graceTimer: null,
      status: { state: 'stopped', reason: 'nobody is watching or recording', since: this.#clock.now() },
      stats: null,
      lastSeq: 0,
      controls: {},
    };
    this.#cameras.set(streamId, camera);
    this.emit('status', key, camera.status);
    this.#updateDemand(streamId);
  }

  #change(camera: CameraEntry, config: CameraConfig): void {
    const key = workerKeyOf(config);
    const sinksKey = JSON.stringify(sinksOf(config));
    camera.config = config;
    const sinksChanged = sinksKey !== camera.sinksKey;
    camera.sinksKey = sinksKey;
    if (key === camera.workerKey) {
      // Recording on, off or changed: the running session switches its sinks and keeps its connection.
      if (sinksChanged && camera.active && camera.slot.worker && camera.slot.restartTimer === null) {
        this.#post(camera.slot, { type: 'sinks', streamId: camera.streamId, generation: camera.generation, sinks: sinksOf(config) });
        this.#postControls(camera.slot, camera);
      }
      return this.#updateDemand(camera.streamId);
    }
    camera.workerKey = key;
    // Another address or other settings: the last frame may not even be this camera's picture now.
    this.hub.clearLatest(camera.key);
    if (camera.active) this.#startSession(camera);
    this.#updateDemand(camera.streamId);
  }

  #remove(streamId: string): void {
    const camera = this.#cameras.get(streamId);
    if (!camera) return;
    camera.graceTimer?.cancel();
    if (camera.active) this.#stopSession(camera, 'camera removed');
    this.#cameras.delete(streamId);
    camera.slot.streamIds.delete(streamId);
    this.hub.forget(camera.key);
    this.emit('status', camera.key, { state: 'stopped', reason: 'camera removed', since: this.#clock.now() });
    if (this.#perCamera && camera.slot.streamIds.size === 0) {
      this.#slots = this.#slots.filter((slot) => slot !== camera.slot);
      void this.#shutdownSlot(camera.slot);
    }
  }

  #updateDemand(streamId: string): void {
    const camera = this.#cameras.get(streamId);
    if (!camera || this.#closed) return;
    const watched = this.hub.subscriberCount(camera.key) > 0;
    const wanted = watched || camera.recording || camera.config.record !== undefined || camera.config.motion !== undefined;
    if (watched !== camera.forwarding) {
      camera.forwarding = watched;
      // Not watched: the last frame here grows old while the camera records on; nobody gets it.
      if (!watched) this.hub.clearLatest(camera.key);
      if (camera.active && camera.slot.worker && camera.slot.restartTimer === null) {
        this.#post(camera.slot, { type: 'forward', streamId, generation: camera.generation, forward: watched });
      }
    }
    if (wanted) {
      camera.graceTimer?.cancel();
      camera.graceTimer = null;
      if (!camera.active) this.#startSession(camera);
    } else if (camera.active && camera.graceTimer === null) {
      camera.graceTimer = this.#clock.setTimer(() => {
        camera.graceTimer = null;
        if (this.#cameras.get(streamId) === camera && camera.active) this.#stopSession(camera, 'nobody is watching or recording');
      }, this.#graceMs);
    }
  }

  #startSession(camera: CameraEntry): void {
    camera.active = true;
    camera.generation += 1;
    const slot = camera.slot;
    if (slot.restartTimer !== null) return; // the restarted worker will start it
    if (slot.worker === null) this.#spawn(slot);
    else this.#postStart(slot, camera);
  }

  #postStart(slot: Slot, camera: CameraEntry): void {
    const options = this.#options;
    const stallMs = camera.config.stallMs ?? options.stallMs;
    const config: WorkerCameraConfig = {
      streamId: camera.streamId,
      cameraId: camera.key.cameraId,
      target: camera.config.target,
      ...(stallMs === undefined ? {} : { stallMs }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    };
    this.#post(slot, {
      type: 'start', camera: config, generation: camera.generation, firstSeq: camera.lastSeq + 1, forward: camera.forwarding, sinks: sinksOf(camera.config),
    });
    this.#postControls(slot, camera);
  }

  #postControls(slot: Slot, camera: CameraEntry): void {
    for (const kind of Object.keys(camera.controls) as SinkKind[]) this.#postControl(slot, camera, kind);
  }

  #postControl(slot: Slot, camera: CameraEntry, kind: SinkKind): void {
    const control = camera.controls[kind];
    if (control === undefined) return;
    this.#post(slot, { type: 'sink-control', streamId: camera.streamId, generation: camera.generation, sink: kind, control } as ToWorker);
  }

  #stopSession(camera: CameraEntry, reason: string): void {
    camera.active = false;
    camera.graceTimer?.cancel();
    camera.graceTimer = null;
    if (camera.slot.worker) {
      this.#post(camera.slot, { type: 'stop', streamId: camera.streamId, generation: camera.generation, reason });
    } else {
      this.#setStatus(camera, { state: 'stopped', reason, since: this.#clock.now() });
    }
  }

  #post(slot: Slot, message: ToWorker): void {
    slot.worker?.postMessage(message);
  }

  #newSlot(): Slot {
    return {
      index: this.#slots.length,
      worker: null,
      streamIds: new Set(),
      restart: new Backoff({ initialMs: 500, maxMs: 30_000, ...this.#options.workerRestart }),
      startedAt: 0,
      restartTimer: null,
      lastError: null,
      creditPages: [],
      exited: null,
    };
  }

  #pickSlot(): Slot {
    if (this.#perCamera) {
      const slot = this.#newSlot();
      slot.index = this.#slots.reduce((max, s) => Math.max(max, s.index + 1), 0);
      this.#slots.push(slot);
      return slot;
    }
    if (this.#fillWorkers) {
      const open = this.#slots.find((slot) => slot.streamIds.size < CAMERAS_PER_DEFAULT_WORKER);
      if (open) return open;
    }
    return this.#slots.reduce((best, slot) => (slot.streamIds.size < best.streamIds.size ? slot : best));
  }

  #spawn(slot: Slot): void {
    const sinkModules = Object.fromEntries(Object.entries(this.#options.sinkModules ?? {}).map(([kind, url]) => [kind, url.href]));
    const workerData: StreamWorkerData = { sinkModules };
    const worker = new Worker(this.#workerUrl, { name: `camwall-stream-${slot.index}`, workerData });
    slot.worker = worker;
    slot.startedAt = this.#clock.monotonic();
    slot.lastError = null;
    slot.creditPages = [];
    slot.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => {
      slot.lastError = error instanceof Error ? error.message : String(error);
    });
    worker.on('exit', (code) => this.#onExit(slot, worker, code));
    for (const id of slot.streamIds) {
      const camera = this.#cameras.get(id);
      if (camera?.active) this.#postStart(slot, camera);
    }
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'frames':
        for (const frame of message.frames) this.#onFrame(slot, frame);
        return;
      case 'credit-page':
        slot.creditPages[message.page] = new Int32Array(message.counters);
        return;
      case 'status': {
        const camera = this.#cameras.get(message.streamId);
        if (camera && camera.generation === message.generation) this.#setStatus(camera, message.status);
        return;
      }
      case 'stats':
        for (const entry of message.entries) {
          const camera = this.#cameras.get(entry.streamId);
          if (camera && camera.generation === entry.generation) this.#publishStats(camera, entry.stats);
        }
        return;
      case 'sink':
        // Also after the session stopped: closing a recorder finishes its segment.
        this.emit('sink', message.report);
        return;
      case 'closed':
        return;
    }
  }

  #onFrame(slot: Slot, message: FrameMessage): void {
    // Credit back at once, through shared memory: no message, and the worker is not woken.
    const page = slot.creditPages[Math.floor(message.credit / CREDIT_PAGE_SLOTS)];
    if (page) Atomics.add(page, message.credit % CREDIT_PAGE_SLOTS, 1);
    const camera = this.#cameras.get(message.streamId);
    if (!camera || !camera.active || camera.generation !== message.generation) return;
    camera.lastSeq = message.seq;
    camera.framesPosted += 1;
    // Posted before the worker heard that nobody watches any more.
    if (!camera.forwarding) return;
    const { seq, capturedAt, width, height, jpeg } = message;
    this.hub.publish(camera.key, { cameraId: camera.key.cameraId, seq, capturedAt, width, height, jpeg });
  }

  #publishStats(camera: CameraEntry, session: SessionStats): void {
    const hub = this.hub.counters(camera.key);
    const { framesNotForwarded, ...rest } = session;
    const stats: CameraStats = {
      ...rest,
      framesDelivered: hub.delivered,
      framesDropped: hub.dropped + framesNotForwarded,
      subscribers: hub.subscribers,
    };
    camera.stats = stats;
    this.emit('stats', camera.key, stats);
  }

  /** Answers the stream's waiting snapshots with null (each takes itself out of the map). */
  #answerSnapshots(streamId: string): void {
    for (const finish of [...(this.#pendingSnapshots.get(streamId) ?? [])]) finish(null);
  }

  #setStatus(camera: CameraEntry, status: CameraStatus): void {
    camera.status = status;
    if (FAILING_STATES.has(status.state)) this.#answerSnapshots(camera.streamId);
    if (camera.stats) camera.stats = { ...camera.stats, state: status.state };
    this.emit('status', camera.key, status);
  }

  #onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.creditPages = [];
    if (this.#closed || !this.#slots.includes(slot)) return;
    // Nobody asked this worker to stop: it crashed. Restart it, after a backoff so that a
    // camera that crashes its worker on every frame cannot spin the machine.
    if (this.#clock.monotonic() - slot.startedAt >= WORKER_HEALTHY_MS) slot.restart.reset();
    const restartInMs = slot.restart.next();
    const error = slot.lastError ?? `exit code ${code}`;
    const streams: LiveStreamKey[] = [];
    for (const id of slot.streamIds) {
      const camera = this.#cameras.get(id);
      if (camera) streams.push(camera.key);
      if (!camera?.active) continue;
      this.#setStatus(camera, {
        state: 'error',
        reason: `the stream worker stopped unexpectedly (${error}); restarting in ${(restartInMs / 1000).toFixed(1)} s`,
        since: this.#clock.now(),
        error: { kind: 'crash', message: error },
        retryInMs: restartInMs,
      });
    }
    this.emit('worker-exit', { worker: slot.index, streams, error, restartInMs });
    slot.restartTimer = this.#clock.setTimer(() => {
      slot.restartTimer = null;
      if (this.#closed || !this.#slots.includes(slot)) return;
      const active = [...slot.streamIds].map((id) => this.#cameras.get(id)).filter((c) => c?.active);
      for (const camera of active) camera!.generation += 1;
      if (active.length > 0) this.#spawn(slot);
    }, restartInMs);
  }

  async #shutdownSlot(slot: Slot): Promise<void> {
    slot.restartTimer?.cancel();
    slot.restartTimer = null;
    const worker = slot.worker;
    if (!worker) return;
    const exited = slot.exited;
    worker.postMessage({ type: 'shutdown' } satisfies ToWorker);
    const timeout = new Promise<'timeout'>((resolve) => {
      const timer = this.#clock.setTimer(() => resolve('timeout'), WORKER_CLOSE_TIMEOUT_MS);
      void exited?.then(() => timer.cancel());
    });
    if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
    slot.worker = null;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the stream manager is closed');
  }
}

function keyOf(config: CameraConfig): LiveStreamKey {
  return { cameraId: config.id, kind: config.kind ?? 'live-main' };
}

/** A camera id names that camera's main stream. */
function keyFrom(stream: StreamRef): LiveStreamKey {
  return typeof stream === 'string' ? liveStream(stream) : stream;
}

/** What restarts a session: where and how it connects. Its sinks are switched without a restart. */
function workerKeyOf(config: CameraConfig): string {
  return JSON.stringify([config.target, config.stallMs ?? null]);
}

function sinksOf(config: CameraConfig): SinkSettings {
  return { record: config.record ?? null, motion: config.motion ?? null };
}
