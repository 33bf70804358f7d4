// Motion as a feature of the app, on the main thread. The detectors run in the stream workers
// (the `motion` frame sink, main/analysis) on each camera's smaller stream; the cameras' own
// motion events (Axis) come in through `cameraMotion`. This turns both into:
// - motion events in the registry (a row at the start, completed at the end, with the thumbnail),
//   the per-second activity rows, and a `motion.event` push for each start and end;
// - the recorder's motion gate opened and closed (StreamManager.controlSink on the camera's main
//   stream, whatever stream the motion was seen on): recording on motion, without a reconnect;
// - the spans during which the detector analysed each camera (motion_coverage), for search;
// - `motion.recalibrated` in the event log, at most once a minute per camera;
// - retention of all of it, every RETENTION_INTERVAL_MS.
import type { EventEntry } from '../../shared/api/domain.ts';
import { hasSubStream, type Camera } from '../../shared/camera.ts';
import type { CameraStatus } from '../../shared/camera-status.ts';
import { type MotionEvent, type MotionReport, type MotionSource } from '../../shared/motion.ts';
import { liveStream, type LiveStreamKey } from '../../shared/stream-key.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import type { Registry } from '../registry/registry.ts';
import { MotionStore, type CoverageSpan } from '../registry/motion-store.ts';
import type { MotionSinkSettings, SinkControls, SinkFailed } from '../stream/frame-sink.ts';
import { RETENTION_INTERVAL_MS } from './recording-service.ts';

/** `motion.recalibrated` is written to the event log at most this often per camera. */
export const RECALIBRATION_LOG_INTERVAL_MS = 60_000;
/** An open coverage span is extended this often while the detector runs (what a crash may lose). */
export const COVERAGE_TICK_MS = 10_000;
const DAY_MS = 86_400_000;
/** Longest topic of a camera's own motion event kept (as the event's zone). */
export const MAX_TOPIC_CHARS = 64;

/** A camera's own motion event (Axis VAPIX events), the one way it enters Camwall. */
export type CameraMotion = {
  cameraId: string;
  state: 'start' | 'end';
  /** Wall-clock ms of the change, as the camera stamped it (or as it arrived). */
  atMs: number;
  /** The event's topic (e.g. `tns1:VideoSource/MotionAlarm` or a motion profile's name); kept as the event's zone. */
  topic: string;
};

export type MotionServiceOptions = {
  registry: Registry;
  clock: Clock;
  /** Opens or closes the recorder's motion gate on a camera's main stream (StreamManager.controlSink). */
  controlRecorder(cameraId: string, control: SinkControls['record']): void;
  onEvent(event: MotionEvent): void;
  /** A row this service wrote into the event log, for `events.appended`. */
  onLogged(entry: EventEntry): void;
  log(line: string): void;
  /** The detector can run in this build (the motion sink module is there). */
  detectorAvailable: boolean;
  /** Whether a live stream is `live` now (StreamManager.status). */
  streamLive(stream: LiveStreamKey): boolean;
};

type CameraState = {
  /** The open event per source, by its row id. */
  open: Map<MotionSource, number>;
  lastRecalibrationLogMs: number;
  coverage: { id: number; stream: LiveStreamKey['kind'] } | null;
};

export class MotionService {
  readonly store: MotionStore;
  #o: MotionServiceOptions;
  #cameras = new Map<string, CameraState>();
  #coverageTimer: TimerHandle;
  #retentionTimer: TimerHandle;
  #closed = false;

  constructor(options: MotionServiceOptions) {
    this.#o = options;
    this.store = new MotionStore(options.registry.db);
    const abandoned = this.store.closeAbandoned();
    if (abandoned > 0) options.log(`closed ${abandoned} motion event(s) left open by the previous run`);
    this.#coverageTimer = options.clock.setRepeating(() => this.#extendCoverage(), COVERAGE_TICK_MS);
    this.#retentionTimer = options.clock.setRepeating(() => this.runRetention(), RETENTION_INTERVAL_MS);
    this.runRetention();
  }

  /**
   * The detector settings of the stream that analyses `camera`: its smaller stream when it has
   * one, else its main stream; undefined for the other stream, and when the detector is off.
   */
  detectorSettings(camera: Camera, stream: 'main' | 'sub'): MotionSinkSettings | undefined {
    if (!this.#o.detectorAvailable || !camera.enabled || !camera.motion.enabled || camera.motion.source !== 'camwall') return undefined;
    return (hasSubStream(camera) ? 'sub' : 'main') === stream ? camera.motion : undefined;
  }

  /** A report of a camera's detector, from its stream worker. */
  report(report: MotionReport | SinkFailed): void {
    if (this.#closed) return;
    const { cameraId } = report;
    switch (report.code) {
      case 'motion-start':
        this.#start(cameraId, 'camwall', report.atMs, { peakScore: report.score, box: report.box, zones: report.zones });
        return;
      case 'motion-end':
        this.#end(cameraId, 'camwall', report.endMs, {
          startMs: report.startMs, peakScore: report.peakScore, box: report.box, zones: report.zones, thumbnail: report.thumbnail,
        });
        return;
      case 'activity':
        this.store.addActivity(cameraId, report.secondMs, report.score, report.grid);
        return;
      case 'recalibrated':
        this.#recalibrated(cameraId, report.atMs, report.changedFraction);
        return;
      case 'sink-failed': {
        // The detector stopped; its open event ends now (nothing after this is known).
        this.#end(cameraId, 'camwall', this.#o.clock.now(), {});
        this.#closeCoverage(cameraId);
        this.#logOwn({ atMs: this.#o.clock.now(), cameraId, kind: 'motion.error', message: `Motion detection of camera ${cameraId} stopped: ${report.message}`, data: null });
        return;
      }
    }
  }

  /**
   * The entry point for a camera's own motion detection (Axis events, source 'camera'): a start
   * opens an event (a second start while one is open changes nothing), an end closes it. Motion
   * opens the recorder's gate of a camera recording on motion just as Camwall's detector does.
   * Whether to listen to a camera's events at all is the caller's decision (typically cameras with
   * `motion.enabled` and `motion.source === 'camera'`); a start for an unknown camera is ignored.
   */
  cameraMotion(change: CameraMotion): void {
    if (this.#closed) return;
    // An end is taken even for a camera just removed (it closes what is open); a start is not.
    if (change.state === 'start' && !this.#o.registry.cameras.get(change.cameraId)) {
      this.#o.log(`a motion event of camera ${change.cameraId} was ignored: no such camera (removed?)`);
      return;
    }
    const topic = change.topic.slice(0, MAX_TOPIC_CHARS);
    if (change.state === 'start') this.#start(change.cameraId, 'camera', change.atMs, { peakScore: 0, box: null, zones: topic ? [topic] : [] });
    else this.#end(change.cameraId, 'camera', change.atMs, {});
  }

  /**
   * The state of a live stream changed: while the stream that analyses a camera is live, its
   * coverage span grows; when it stops, or the detector is switched off, the span closes.
   */
  streamStatus(key: LiveStreamKey, status: CameraStatus): void {
    if (this.#closed) return;
    const camera = this.#o.registry.cameras.get(key.cameraId);
    // A removed camera's stream stopping closes what it had; it starts no state of its own.
    const state = camera === null ? this.#cameras.get(key.cameraId) : this.#state(key.cameraId);
    if (!state) return;
    const stream = key.kind === 'live-sub' ? 'sub' : 'main';
    const analysed = camera !== null && this.detectorSettings(camera, stream) !== undefined;
    if (analysed && status.state === 'live') {
      if (!state.coverage) state.coverage = { id: this.store.openCoverage(key.cameraId, this.#o.clock.now()), stream: key.kind };
    } else if (state.coverage?.stream === key.kind) {
      this.#closeCoverage(key.cameraId);
      // The session (and its detector) is gone: a crashed worker, or the stream stopped. Its open
      // event ends now, so the recorder's gate cannot stay open; should the detector still report
      // its end, that completes the same row.
      const gone = status.state === 'stopped' || status.error?.kind === 'crash';
      if (gone && state.open.has('camwall')) this.#end(key.cameraId, 'camwall', this.#o.clock.now(), {});
    }
    if (camera === null) this.#forgetIfDone(key.cameraId);
  }

  /**
   * The spans over [fromMs, toMs) in which the detector analysed the camera, the one still open
   * counted up to now (its row is only extended every COVERAGE_TICK_MS).
   */
  coverage(cameraId: string, fromMs: number, toMs: number): CoverageSpan[] {
    const open = this.#cameras.get(cameraId)?.coverage;
    if (open) this.store.extendCoverage(open.id, this.#o.clock.now());
    return this.store.coverage(cameraId, fromMs, toMs);
  }

  /**
   * Cameras changed (after the streams were told). A camera whose detector was switched off or
   * removed ends its open event and its coverage; one whose detector moved to another stream
   * closes the old span; one whose analysing stream is already live (someone watched it) opens a
   * span now, since no 'live' status will come for it.
   */
  camerasChanged(): void {
    const cameras = new Map(this.#o.registry.cameras.list().map((c) => [c.id, c]));
    for (const [cameraId, state] of this.#cameras) {
      const camera = cameras.get(cameraId);
      if (camera && this.#analysingStream(camera)) continue;
      if (state.open.has('camwall')) this.#end(cameraId, 'camwall', this.#o.clock.now(), {});
      this.#closeCoverage(cameraId);
      // A removed camera is forgotten once nothing of it is open (its own motion ends later).
      if (!camera) this.#forgetIfDone(cameraId);
    }
    for (const camera of cameras.values()) {
      const stream = this.#analysingStream(camera);
      if (!stream) continue;
      const state = this.#state(camera.id);
      if (state.coverage && state.coverage.stream !== stream.kind) this.#closeCoverage(camera.id);
      if (!state.coverage && this.#o.streamLive(stream)) state.coverage = { id: this.store.openCoverage(camera.id, this.#o.clock.now()), stream: stream.kind };
    }
  }

  /** The live stream Camwall's detector analyses for `camera`, or null when it does not run. */
  #analysingStream(camera: Camera): LiveStreamKey | null {
    const key = detectorStream(camera);
    return this.detectorSettings(camera, key.kind === 'live-sub' ? 'sub' : 'main') ? key : null;
  }

  /** Deletes motion rows past each camera's age (its retention days, else the event log's) and past the row bounds. */
  runRetention(): void {
    if (this.#closed) return;
    try {
      const { registry } = this.#o;
      const defaultDays = registry.settings.get('eventRetentionDays');
      const maxAgeMs = new Map<string, number>();
      for (const camera of registry.cameras.list()) maxAgeMs.set(camera.id, (camera.retentionDays ?? defaultDays) * DAY_MS);
      const counts = this.store.prune({ nowMs: this.#o.clock.now(), maxAgeMs, defaultMaxAgeMs: defaultDays * DAY_MS });
      const total = counts.events + counts.activity + counts.coverage + counts.thumbnails;
      if (total > 0) this.#o.log(`retention deleted ${counts.events} motion event(s), ${counts.activity} second(s) of activity, ${counts.thumbnails} thumbnail(s)`);
    } catch (error) {
      this.#o.log(`motion retention failed: ${messageOf(error)}`);
    }
  }

  /** How many cameras this service holds state for: the registry's, and removed ones until what they had open ends. */
  get trackedCameras(): number {
    return this.#cameras.size;
  }

  /** Ends what is open (events stay open in the registry: the next start closes them from the activity). */
  close(): void {
    if (this.#closed) return;
    try {
      for (const cameraId of this.#cameras.keys()) this.#closeCoverage(cameraId);
    } catch (error) {
      this.#o.log(`could not close the motion coverage: ${messageOf(error)}`);
    }
    this.#closed = true;
    this.#coverageTimer.cancel();
    this.#retentionTimer.cancel();
  }

  #state(cameraId: string): CameraState {
    let state = this.#cameras.get(cameraId);
    if (!state) {
      state = { open: new Map(), lastRecalibrationLogMs: -Infinity, coverage: null };
      this.#cameras.set(cameraId, state);
    }
    return state;
  }

  #start(cameraId: string, source: MotionSource, atMs: number, what: { peakScore: number; box: MotionEvent['box']; zones: string[] }): void {
    const state = this.#state(cameraId);
    if (state.open.has(source)) {
      // A camera repeats its 'start' (a resubscription): nothing new. A detector starts afresh
      // only when it was made anew (its worker restarted, its settings changed) without having
      // ended its event here: that event ends where the new one begins.
      if (source === 'camera') return;
      this.#end(cameraId, source, Math.max(atMs, this.store.event(state.open.get(source)!)?.startMs ?? atMs), {});
    }
    const wasMoving = state.open.size > 0;
    const id = this.store.startEvent({ cameraId, source, startMs: atMs, ...what });
    state.open.set(source, id);
    if (!wasMoving) this.#control(cameraId, { motion: true, startWallMs: atMs - this.#unseenMs(cameraId, source) });
    const event = this.store.event(id);
    if (event) this.#o.onEvent(event);
  }

  #end(
    cameraId: string,
    source: MotionSource,
    endMs: number,
    what: { startMs?: number; peakScore?: number; box?: MotionEvent['box']; zones?: string[]; thumbnail?: Uint8Array | null },
  ): void {
    const state = this.#cameras.get(cameraId);
    let id = state?.open.get(source);
    if (id === undefined) {
      // The detector's end of an event already closed here (the detector was switched off, and
      // its closing report came after) or begun before a restart: complete that row, or record
      // the event whole when there is none.
      if (what.startMs === undefined) return;
      id = this.store.findEvent(cameraId, source, what.startMs)
        ?? this.store.startEvent({ cameraId, source, startMs: what.startMs, peakScore: what.peakScore ?? 0, box: what.box ?? null, zones: what.zones ?? [] });
    }
    state?.open.delete(source);
    const event = this.store.endEvent(id, {
      endMs,
      ...(what.peakScore === undefined ? {} : { peakScore: what.peakScore }),
      ...(what.box === undefined ? {} : { box: what.box }),
      ...(what.zones === undefined ? {} : { zones: what.zones }),
      ...(what.thumbnail === undefined ? {} : { thumbnail: what.thumbnail }),
    });
    if (!state || state.open.size === 0) this.#control(cameraId, { motion: false, endWallMs: endMs + this.#unseenMs(cameraId, source) });
    if (event) this.#o.onEvent(event);
    if (state && !this.#o.registry.cameras.get(cameraId)) this.#forgetIfDone(cameraId);
  }

  /** Drops the state of a camera no longer in the registry once it has nothing open. */
  #forgetIfDone(cameraId: string): void {
    const state = this.#cameras.get(cameraId);
    if (state && state.open.size === 0 && state.coverage === null) this.#cameras.delete(cameraId);
  }

  /**
   * How long before the detector's first moving frame (and after its last) the picture may
   * already have moved unseen: the frames between two analysed ones are not looked at. The gate
   * widens the recording by this much, so the pre-roll and post-roll count from the true motion.
   */
  #unseenMs(cameraId: string, source: MotionSource): number {
    if (source !== 'camwall') return 0;
    const fps = this.#o.registry.cameras.get(cameraId)?.motion.analysedFps;
    return fps ? Math.ceil(1000 / fps) : 0;
  }

  #control(cameraId: string, control: SinkControls['record']): void {
    try {
      this.#o.controlRecorder(cameraId, control);
    } catch (error) {
      // A camera that is not streamed (disabled, removed) has no recorder to tell.
      this.#o.log(`motion of camera ${cameraId} could not reach its recorder: ${messageOf(error)}`);
    }
  }

  #recalibrated(cameraId: string, atMs: number, changedFraction: number): void {
    const state = this.#state(cameraId);
    const now = this.#o.clock.now();
    if (now - state.lastRecalibrationLogMs < RECALIBRATION_LOG_INTERVAL_MS) return;
    state.lastRecalibrationLogMs = now;
    const percent = Math.round(changedFraction * 100);
    this.#logOwn({
      atMs, cameraId, kind: 'motion.recalibrated',
      message: `Camera ${cameraId}: ${percent}% of the picture changed at once (lights, or an infrared switch); motion detection started again from the new picture`,
      data: { changedFraction },
    });
  }

  #extendCoverage(): void {
    const now = this.#o.clock.now();
    for (const state of this.#cameras.values()) if (state.coverage) this.store.extendCoverage(state.coverage.id, now);
  }

  #closeCoverage(cameraId: string): void {
    const state = this.#cameras.get(cameraId);
    if (!state?.coverage) return;
    this.store.extendCoverage(state.coverage.id, this.#o.clock.now());
    state.coverage = null;
  }

  #logOwn(event: { atMs: number; cameraId: string; kind: string; message: string; data: unknown }): void {
    try {
      const entry = this.#o.registry.events.insert(event);
      this.#o.onLogged(entry);
    } catch (error) {
      this.#o.log(`could not write to the event log: ${messageOf(error)}`);
    }
  }
}

/** The stream that analyses a camera (for tests and the docs). */
export function detectorStream(camera: Camera): LiveStreamKey {
  return liveStream(camera.id, hasSubStream(camera) ? 'sub' : 'main');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
