// Recording as a feature of the app, on the main thread: the recorders themselves run in the
// stream workers (main/recording/worker-recorder.ts), and this decides what they do and reports
// what they did.
// - At open: makes the recordings folder and the index agree again (recoverAll), before any
//   stream starts.
// - Decides per camera whether it records now (mode, weekly schedule) and hands StreamSync the
//   `record` settings; one timer wakes it at the next schedule boundary across all cameras.
// - Runs retention at open, every minute and when a limit changes.
// - Derives each camera's recording state (off | waiting | recording | error) from the recorders'
//   structured events (segment started / finished, disk-full / unwritable / io, resumed; sent by
//   the stream workers, main/stream/frame-sink.ts) and the stream state, and emits
//   `recording.state` on changes. Forwards the event-log rows the recorders wrote (they travel
//   with their events) and the ones recovery and retention wrote on this thread as `events.appended`.
import type { RecordingSegment } from '../../shared/api/calls.ts';
import type { EventEntry } from '../../shared/api/domain.ts';
import type { RecordingState } from '../../shared/api/pushes.ts';
import type { Camera } from '../../shared/camera.ts';
import type { CameraState } from '../../shared/camera-status.ts';
import type { Registry } from '../registry/registry.ts';
import { nodeRecordingFs, type RecordingFs } from '../base/recording-fs.ts';
import { recoverAll, type RecoveryReport } from '../recording/recovery.ts';
import { applyRetention, type RetentionDeletion, type RetentionWarning } from '../recording/retention.ts';
import { SegmentIndex } from '../recording/segment-index.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import type { RecordSettings, SinkEvents } from '../stream/frame-sink.ts';
import { describeNextStart, nextIntentChange, recordingIntent, recordingsRootOf, retentionPolicyOf, type RecordingIntent } from './recording-plan.ts';
import { lastEventId, querySegments, retentionAndRecoveryEventsAfter, type SegmentQuery } from './recordings.ts';

/** Retention runs this often (and at open, and when a limit changes). */
export const RETENTION_INTERVAL_MS = 60_000;
/** The schedule timer fires this long after a boundary, so the boundary is surely behind us. */
export const SCHEDULE_MARGIN_MS = 250;

export type RecordingStateEntry = { cameraId: string; state: RecordingState; message: string | null };

export type RecordingServiceOptions = {
  registry: Registry;
  dataDir: string;
  /** Wall time for schedule decisions, the boundary and retention timers; tests drive it. */
  clock: Clock;
  /** The stream state of a camera's main stream (null when unknown). */
  streamState(cameraId: string): CameraState | null;
  /** Applies the cameras' `record` settings to the streams (StreamSync.sync). */
  applyToStreams(): Promise<void>;
  onState(entry: RecordingStateEntry): void;
  onEvent(entry: EventEntry): void;
  log(line: string): void;
  fs?: RecordingFs;
  /** Free bytes on the recordings disk; default statfs. */
  freeBytes?: (root: string) => number;
  /** Segment length handed to the recorders (default: the recorder's, 300 s). */
  segmentSeconds?: number;
  /** The pre-roll's byte bound per camera recording on motion (default MAX_PRE_ROLL_BYTES). */
  preRollMaxBytes?: number;
  retentionIntervalMs?: number;
  /**
   * Set when recording cannot run at all (the disk was full at start): nothing is recovered,
   * deleted or recorded, and every camera that should record shows this as its error.
   */
  disabledReason?: string;
  /** The warnings of the last retention run changed (limits it cannot meet); shown to people. */
  onRetentionWarnings?(messages: string[]): void;
};

export class RecordingService {
  readonly root: string;
  readonly index: SegmentIndex;
  #o: RecordingServiceOptions;
  #fs: RecordingFs;
  #boundaryTimer: TimerHandle | null = null;
  #retentionTimer: TimerHandle | null = null;
  #updateQueued = false;
  #intents = new Map<string, RecordingIntent>();
  #states = new Map<string, RecordingStateEntry>();
  /** The recorder's last reported failure per camera, until it resumes or stops. */
  #problems = new Map<string, string>();
  /** The segment each camera's recorder is writing, from its segment-started and -finished events. */
  #openSegments = new Map<string, string>();
  /** The last event-log row of recovery or retention forwarded as `events.appended`. */
  #lastEventId = 0;
  #closed = false;
  /** The last retention run's warnings, by kind and camera. */
  #retentionWarnings = new Map<string, RetentionWarning>();

  constructor(options: RecordingServiceOptions) {
    this.#o = options;
    this.#fs = options.fs ?? nodeRecordingFs;
    this.root = recordingsRootOf(options.registry.settings.getAll(), options.dataDir);
    this.index = new SegmentIndex(options.registry.db);
  }

  /**
   * Makes the folder and the index agree again after a crash; call before any stream starts.
   * Segments still marked `recording` were abandoned by the previous run: each is cut after its
   * last whole frame and given its index (event `segment.recovered`).
   */
  recover(): RecoveryReport | null {
    this.#lastEventId = lastEventId(this.index.db);
    if (this.#o.disabledReason !== undefined) return null;
    try {
      this.#fs.mkdirp(this.root);
    } catch (error) {
      this.#o.log(`recordings folder ${this.root} cannot be created: ${messageOf(error)}; cameras that record will report the error`);
      return null;
    }
    let report: RecoveryReport;
    try {
      report = recoverAll(this.root, this.index, this.#fs, this.#o.clock.now());
    } catch (error) {
      this.#o.log(`recovering the recordings in ${this.root} failed: ${messageOf(error)}`);
      return null;
    }
    const at = this.#o.clock.now();
    for (const { path, frames, cutBytes } of report.repaired) this.#o.log(`recovered ${path}: ${frames} frames, ${cutBytes} bytes cut`);
    for (const { path, frames } of report.adopted) this.#o.log(`adopted ${path} (${frames} frames), a file without an index row`);
    this.index.transaction(() => {
      for (const { path, reason } of report.deleted) {
        this.index.event({ atMs: at, cameraId: cameraOfPath(path), kind: 'segment.discarded', message: `Deleted ${path} at startup: ${reason}`, data: { path, reason } });
      }
      for (const path of report.droppedRows) {
        this.index.event({ atMs: at, cameraId: cameraOfPath(path), kind: 'segment.missing', message: `The index listed ${path}, but the file is gone; its row was removed`, data: { path } });
      }
    });
    this.#forwardOwnEvents();
    return report;
  }

  /** The `record` part of a camera's stream config: present while the camera should record. */
  recordSettings(camera: Camera): RecordSettings | undefined {
    if (this.#o.disabledReason !== undefined) return undefined;
    if (recordingIntent(camera, new Date(this.#o.clock.now())) !== 'record') return undefined;
    return {
      directory: this.root,
      database: this.#o.registry.file,
      ...(this.#o.segmentSeconds === undefined ? {} : { segmentSeconds: this.#o.segmentSeconds }),
      // Record on motion: the recorder keeps the pre-roll and writes while the motion service
      // holds its gate open (main/recording/motion-gate.ts, StreamManager.controlSink).
      ...(camera.recordMode === 'motion'
        ? { onMotion: { preRollMs: camera.motion.preRollMs, postRollMs: camera.motion.postRollMs, ...(this.#o.preRollMaxBytes === undefined ? {} : { maxBufferBytes: this.#o.preRollMaxBytes }) } }
        : {}),
    };
  }

  /** Starts the timers; call once the streams follow the registry. */
  start(): void {
    this.#intents = this.#currentIntents();
    this.#armBoundary();
    this.runRetention();
    this.#retentionTimer = this.#o.clock.setRepeating(() => this.#tick(), this.#o.retentionIntervalMs ?? RETENTION_INTERVAL_MS);
    this.#update();
  }

  /** A camera was added, changed or removed (after the streams were told). */
  camerasChanged(): void {
    this.#intents = this.#currentIntents();
    this.#forgetNotRecording();
    this.#armBoundary();
    this.runRetention();
    this.queueUpdate();
  }

  /** A recorder's structured event, from its stream worker. */
  recorderEvent(event: SinkEvents['record']): void {
    if (this.#closed) return;
    const { cameraId } = event;
    switch (event.code) {
      case 'segment-started':
        this.#openSegments.set(cameraId, event.path);
        this.#problems.delete(cameraId);
        break;
      case 'segment-finished':
        if (this.#openSegments.get(cameraId) === event.path) this.#openSegments.delete(cameraId);
        break;
      case 'resumed':
        this.#problems.delete(cameraId);
        break;
      case 'disk-full':
      case 'unwritable':
      case 'io':
        this.#openSegments.delete(cameraId);
        this.#problems.set(cameraId, event.message);
        break;
      case 'sink-failed': {
        // The recorder never ran or was stopped: nothing wrote this to the event log yet.
        this.#openSegments.delete(cameraId);
        const message = `Recording camera ${cameraId} stopped: ${event.message}. Live view goes on; turn recording off and on again, or restart Camwall, to retry.`;
        this.#problems.set(cameraId, message);
        this.#logOwn({ atMs: this.#o.clock.now(), cameraId, kind: 'recording.error', message, data: { code: 'sink-failed' } });
        break;
      }
    }
    if ('logged' in event && event.logged) this.#o.onEvent({ ...event.logged, cameraId });
    this.queueUpdate();
  }

  /** Deletes what the limits no longer allow; each deletion is a `retention.deleted` event. */
  runRetention(): RetentionDeletion[] {
    if (this.#closed || this.#o.disabledReason !== undefined) return [];
    const { registry } = this.#o;
    try {
      const policy = retentionPolicyOf(registry.cameras.list(), registry.settings.getAll());
      const freeBytes = this.#o.freeBytes;
      const warnings: RetentionWarning[] = [];
      const deleted = applyRetention({
        root: this.root, index: this.index, fs: this.#fs, nowMs: this.#o.clock.now(), policy,
        ...(freeBytes ? { freeBytes: () => freeBytes(this.root) } : {}),
        onWarning: (warning) => warnings.push(warning),
      });
      this.#retentionWarned(warnings);
      if (deleted.length > 0) {
        const bytes = deleted.reduce((sum, d) => sum + d.bytes, 0);
        this.#o.log(`retention deleted ${deleted.length} segment(s), ${bytes} bytes`);
        this.queueUpdate();
      }
      this.#forwardOwnEvents();
      return deleted;
    } catch (error) {
      this.#o.log(`retention failed in ${this.root}: ${messageOf(error)}`);
      return [];
    }
  }

  /** What retention currently cannot do, for people (the storage banner). */
  retentionWarnings(): string[] {
    return [...this.#retentionWarnings.values()].map((w) => w.message);
  }

  /** Each warning is an event once per episode (not once a minute); the list goes to the UI when it changes. */
  #retentionWarned(warnings: RetentionWarning[]): void {
    const next = new Map(warnings.map((w) => [`${w.kind}:${w.cameraId ?? ''}`, w]));
    const added = [...next].filter(([key]) => !this.#retentionWarnings.has(key)).map(([, w]) => w);
    const changed = added.length > 0 || [...this.#retentionWarnings.keys()].some((key) => !next.has(key));
    this.#retentionWarnings = next;
    if (added.length > 0) {
      const at = this.#o.clock.now();
      this.index.transaction(() => {
        for (const w of added) this.index.event({ atMs: at, cameraId: w.cameraId, kind: 'retention.warning', message: w.message, data: { kind: w.kind } });
      });
      this.queueUpdate();
    }
    for (const w of added) this.#o.log(`retention: ${w.message}`);
    if (changed) this.#o.onRetentionWarnings?.(this.retentionWarnings());
  }

  query(query: SegmentQuery): RecordingSegment[] {
    return querySegments(this.index.db, query);
  }

  states(): RecordingStateEntry[] {
    this.#update();
    return [...this.#states.values()];
  }

  /** Re-derives the states at the end of this turn (a stream's state or a recorder's changed). */
  queueUpdate(): void {
    if (this.#updateQueued || this.#closed) return;
    this.#updateQueued = true;
    setImmediate(() => {
      this.#updateQueued = false;
      this.#update();
    });
  }

  close(): void {
    this.#closed = true;
    this.#boundaryTimer?.cancel();
    this.#retentionTimer?.cancel();
  }

  #tick(): void {
    // A suspended machine or a changed clock can skip the boundary timer: check the intents too.
    const intents = this.#currentIntents();
    if (!sameIntents(intents, this.#intents)) this.#applyIntents(intents);
    this.runRetention();
  }

  #currentIntents(): Map<string, RecordingIntent> {
    const at = new Date(this.#o.clock.now());
    return new Map(this.#o.registry.cameras.list().map((c) => [c.id, recordingIntent(c, at)]));
  }

  #applyIntents(intents: Map<string, RecordingIntent>): void {
    this.#intents = intents;
    this.#forgetNotRecording();
    this.#o.applyToStreams().then(() => this.queueUpdate(), (error: unknown) => this.#o.log(`applying the recording schedule failed: ${messageOf(error)}`));
  }

  /** A camera that should not record has no problem to show; a later start reports afresh. */
  #forgetNotRecording(): void {
    for (const id of [...this.#problems.keys()]) if (this.#intents.get(id) !== 'record') this.#problems.delete(id);
  }

  #armBoundary(): void {
    this.#boundaryTimer?.cancel();
    this.#boundaryTimer = null;
    if (this.#closed) return;
    const now = this.#o.clock.now();
    const next = nextIntentChange(this.#o.registry.cameras.list(), new Date(now));
    if (!next) return;
    this.#boundaryTimer = this.#o.clock.setTimer(() => {
      this.#boundaryTimer = null;
      if (this.#closed) return;
      this.#applyIntents(this.#currentIntents());
      this.#armBoundary();
    }, Math.max(next.getTime() - now, 0) + SCHEDULE_MARGIN_MS);
  }

  /**
   * Forwards the rows recovery and retention wrote into the event log, on this thread through
   * this connection, right after they ran. (The recorders' rows travel with their events.)
   */
  #forwardOwnEvents(): void {
    try {
      for (;;) {
        const rows = retentionAndRecoveryEventsAfter(this.index.db, this.#lastEventId);
        for (const row of rows) {
          this.#lastEventId = row.id;
          this.#o.onEvent({ id: row.id, atMs: row.at_ms, cameraId: row.camera_id, kind: row.kind, message: row.message, data: parseData(row.data) });
        }
        if (rows.length < 1000) return;
      }
    } catch (error) {
      this.#o.log(`reading the event log after recovery or retention failed: ${messageOf(error)}`);
    }
  }

  /** Writes an event-log row of this service's own and forwards it. */
  #logOwn(event: { atMs: number; cameraId: string; kind: string; message: string; data?: unknown }): void {
    try {
      const id = this.index.event(event);
      this.#o.onEvent({ id, atMs: event.atMs, cameraId: event.cameraId, kind: event.kind, message: event.message, data: event.data ?? null });
    } catch (error) {
      this.#o.log(`could not write to the event log: ${messageOf(error)}`);
    }
  }

  /** Emits each camera's state when it changed. */
  #update(): void {
    if (this.#closed) return;
    const now = new Date(this.#o.clock.now());
    const seen = new Set<string>();
    for (const camera of this.#o.registry.cameras.list()) {
      seen.add(camera.id);
      const entry = this.#stateOf(camera, now, this.#openSegments.has(camera.id));
      const previous = this.#states.get(camera.id);
      if (previous && previous.state === entry.state && previous.message === entry.message) continue;
      this.#states.set(camera.id, entry);
      this.#o.onState(entry);
    }
    for (const id of [...this.#states.keys()]) if (!seen.has(id)) this.#states.delete(id);
  }

  #stateOf(camera: Camera, now: Date, segmentOpen: boolean): RecordingStateEntry {
    const cameraId = camera.id;
    const intent = recordingIntent(camera, now);
    if (intent === 'off') return { cameraId, state: 'off', message: null };
    if (intent === 'waiting') return { cameraId, state: 'waiting', message: describeNextStart(camera, now) };
    const problem = this.#o.disabledReason ?? this.#problems.get(cameraId);
    if (problem !== undefined) return { cameraId, state: 'error', message: problem };
    const stream = this.#o.streamState(cameraId);
    if (stream === 'live' && segmentOpen) return { cameraId, state: 'recording', message: null };
    if (stream === 'live' && camera.recordMode === 'motion') return { cameraId, state: 'waiting', message: 'Waiting for motion' };
    if (stream === 'live') return { cameraId, state: 'waiting', message: 'Starting to record' };
    return { cameraId, state: 'waiting', message: "Waiting for the camera's picture" };
  }
}

function sameIntents(a: Map<string, RecordingIntent>, b: Map<string, RecordingIntent>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, intent] of a) if (b.get(id) !== intent) return false;
  return true;
}

function cameraOfPath(path: string): string | null {
  return path.split('/')[0] || null;
}

function parseData(data: string | null): unknown {
  if (data === null) return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
