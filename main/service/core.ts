// The core both shells run: the registry, the stream manager kept in step with it, the event
// bus, and the one dispatcher. A shell opens it, forwards calls to `dispatch`, forwards `events`
// to its windows or clients, and connects frame subscribers with `subscribeFrames`.
import { join } from 'node:path';
import type { AppInfo, CameraStatuses, DemoStartResult } from '../../shared/api/calls.ts';
import { KeyFileSecretStore } from '../registry/key-file-secret-store.ts';
import { openRegistry, type Registry } from '../registry/registry.ts';
import type { SecretStore } from '../registry/secret-store.ts';
import { MAX_IN_FLIGHT_LIMIT, type FrameSubscriber, type Subscription } from '../stream/frame-hub.ts';
import { StreamManager, type StreamManagerOptions } from '../stream/stream-manager.ts';
import { systemClock, type Clock } from '../base/clock.ts';
import { nodeRecordingFs, type RecordingFs } from '../base/recording-fs.ts';
import { storagePlan } from './storage-plan.ts';
import { RECORD_SINK_MODULE } from '../recording/worker-recorder.ts';
import { dataFiles } from '../app/data-dir.ts';
import { ensurePrivateDir } from '../app/private-dir.ts';
import { PushBus } from '../../shared/api/push-bus.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { demoCamerasIn, startDemo, type Demo } from './demo.ts';
import { createHandlers, type HandlerDeps } from './handlers.ts';
import { notFound } from './service-error.ts';
import { RecordingService } from './recording-service.ts';
import { PlaybackService } from './playback.ts';
import { ExportService } from './exports.ts';
import { clipWriters } from '../export/formats.ts';
import { loadOrCreateSigningKey } from '../export/signing-key.ts';
import { recordedCameras } from './recordings.ts';
import type { ExportDelivery, ExportJob } from '../../shared/api/calls.ts';
import { IndexCatalog } from '../playback/catalogs.ts';
import { TimelineReader } from '../playback/timeline.ts';
import { StatusLog } from './status-log.ts';
import { DEFAULT_MOTION_CONFIG } from '../../shared/motion.ts';
import { liveStreamOf, StreamSync } from './stream-sync.ts';
import { diskFullError, StorageStatus } from './storage.ts';
import { RestreamAccess } from './restream-access.ts';
import { CoreBus } from './core-bus.ts';
import { CameraEventService } from './camera-events.ts';
import type { Backoff } from '../stream/backoff.ts';
import { startIntegrations, type Integrations } from './integrations.ts';
import type { MqttOverride } from '../integrations/mqtt/mqtt-bridge.ts';
import { MotionService } from './motion-service.ts';
import { MotionSearches, type RecordingAnalysis } from './motion-search.ts';
import { createMotionApi } from './motion-api-impl.ts';
import { querySegments } from './recordings.ts';
import { recordingAnalysis } from './recording-analysis.ts';
import { MOTION_SINK_MODULE } from '../analysis/motion-sink.ts';

export type CoreOptions = {
  dataDir: string;
  shell: 'electron' | 'browser';
  version: string;
  /** The Electron shell passes its safeStorage store; the Node shells use the key file. */
  secrets?: SecretStore;
  streams?: StreamManagerOptions;
  /** Where messages for the operator go (never credentials). */
  log?: (line: string) => void;
  /**
   * Hands a finished export to the user; the Electron shell asks for a folder and copies it
   * there. By default (the browser shell) a download URL on this server.
   */
  deliverExport?: (job: ExportJob, paths: string[]) => Promise<ExportDelivery>;
  /** Tests replace the network probe of cameras.test. */
  testCamera?: HandlerDeps['testCamera'];
  /** Tests replace the network scan of cameras.discover. */
  discoverCameras?: HandlerDeps['discoverCameras'];
  /** The cameras' own event streams; tests make reconnects quick. */
  cameraEvents?: { backoff?: () => Backoff };
  /** `camwall serve --mqtt URL`: this broker for this run, over the MQTT settings (not saved). */
  mqtt?: MqttOverride;
  /** The clock of notifications and the MQTT bridge (tests drive it). */
  integrationsClock?: Clock;
  /** Recording's tuning; tests shorten segments and drive the schedule clock and free space. */
  recording?: {
    clock?: Clock;
    segmentSeconds?: number;
    retentionIntervalMs?: number;
    freeBytes?: (root: string) => number;
    fs?: RecordingFs;
    /** The pre-roll's byte bound per camera recording on motion (tests lower it). */
    preRollMaxBytes?: number;
  };
  /** Motion: where the stream workers load the detector from, and how recordings are analysed for search. */
  motion?: {
    /** The `motion` frame sink module; default main/analysis/motion-sink.ts (null: the detector does not run). */
    sinkModule?: URL | null;
    /** Default: the recordings through the playback FrameCursor and the same detector (recording-analysis.ts). */
    analyse?: RecordingAnalysis;
  };
};

export interface CamwallCore {
  readonly registry: Registry;
  readonly streams: StreamManager;
  readonly events: PushBus;
  /** The core's internal bus: the cameras' own events and motion (core-bus.ts). */
  readonly bus: CoreBus;
  /** The cameras' own VAPIX event streams (docs/axis-events.md). */
  readonly cameraEvents: CameraEventService;
  readonly dispatch: Dispatch;
  readonly recording: RecordingService;
  /** Playback sessions of every client, the timeline and single recorded frames. */
  readonly playback: PlaybackService;
  /** Export jobs. */
  readonly exports: ExportService;
  /** The MJPEG re-stream's password and the state `camwall serve` reports (docs/restream.md). */
  readonly restream: RestreamAccess;
  /** Desktop notifications' policy and the MQTT bridge. */
  readonly integrations: Integrations;
  /** Motion events, activity and recording on motion; `motion.cameraMotion` takes a camera's own motion events. */
  readonly motion: MotionService;
  /** Set by the shell once it knows (the demo simulator runs); also set by `demo.start`. */
  demo: boolean;
  /**
   * Frames of a registered camera's main or tile stream (the main one when it has none); the
   * frames carry the camera's id either way. Throws a 'not-found' ServiceError for an unknown id.
   */
  subscribeFrames(cameraId: string, stream: 'main' | 'sub', subscriber: FrameSubscriber, maxInFlight?: 1 | 2): Subscription;
  /** Resolves once the streams match the registry (after a change made outside the API). */
  synced(): Promise<void>;
  close(): Promise<void>;
}

const PROTECTION_TEXT: Record<SecretStore['protection'], string> = {
  os: "Camera passwords are encrypted with a key kept in the operating system's keychain.",
  'key-file':
    'Camera passwords are encrypted with a key file (mode 0600) in the data folder: they are not in the database or its backups, but anyone who can read your files can read them.',
  obfuscated: 'Camera passwords are only obfuscated: this desktop has no keychain Camwall can use, so anyone who can read your files can read them.',
  session: 'Camera passwords are kept in memory only and are lost when Camwall exits.',
  none: 'Camera passwords are not saved: this desktop has no keychain Camwall can use, and you chose not to save them.',
};

export async function openCore(options: CoreOptions): Promise<CamwallCore> {
  const files = dataFiles(options.dataDir);
  const log = options.log ?? (() => {});
  const looseMode = ensurePrivateDir(options.dataDir);
  if (looseMode !== null) log(`the data folder ${options.dataDir} was open to other users (mode ${looseMode.toString(8).padStart(4, '0')}); it is now 0700`);
  const secrets = options.secrets ?? (await KeyFileSecretStore.open(options.dataDir));
  const registry = openRegistry({ file: files.database, secrets });
  const motionSinkModule = options.motion?.sinkModule === undefined ? MOTION_SINK_MODULE : options.motion.sinkModule;
  const streams = new StreamManager({ sinkModules: { record: RECORD_SINK_MODULE, ...(motionSinkModule !== null ? { motion: motionSinkModule } : {}) }, ...options.streams });
  const events = new PushBus((error, name) => log(`a listener of the event ${name} failed: ${messageOf(error)}`));
  const storage = new StorageStatus({
    dataDir: options.dataDir,
    startedFull: registry.openedOnFullDisk,
    clock: options.recording?.clock ?? systemClock,
    onChange: (info) => events.emit('storage.changed', { storage: info }),
  });
  if (registry.openedOnFullDisk) log(`the disk of the data folder ${options.dataDir} is full: live view only, nothing is saved or recorded until Camwall restarts with space free`);
  // The stream workers' time base, which the parts that stamp or pace frames share.
  const streamClock = options.streams?.clock ?? systemClock;
  const bus = new CoreBus((error, name) => log(`a listener of the core event ${name} failed: ${messageOf(error)}`));
  const cameraEvents = new CameraEventService({
    registry,
    bus,
    clock: streamClock,
    log: (line) => log(line),
    onLogged: (entry) => events.emit('events.appended', { entry }),
    ...(options.cameraEvents?.backoff ? { backoff: options.cameraEvents.backoff } : {}),
  });
  const nameOf = (id: string): string => registry.cameras.get(id)?.name ?? id;
  const statusLog = new StatusLog(registry.events, (entry) => events.emit('events.appended', { entry }));
  const recordingOptions = options.recording ?? {};
  const recording = new RecordingService({
    registry,
    dataDir: options.dataDir,
    clock: recordingOptions.clock ?? systemClock,
    streamState: (id) => streams.status(id)?.state ?? null,
    applyToStreams: () => syncNow(),
    onState: (entry) => events.emit('recording.state', entry),
    onEvent: (entry) => events.emit('events.appended', { entry }),
    log: (line) => log(`recording: ${line}`),
    onRetentionWarnings: (warnings) => storage.setWarnings(warnings),
    ...(registry.openedOnFullDisk ? { disabledReason: 'Not recording: the disk was full when Camwall started. Free some space and restart Camwall.' } : {}),
    ...optionalRecording(recordingOptions),
  });
  // Where each camera's recordings are, by time (stateless prepared statements, shared).
  const catalog = new IndexCatalog(registry.db, recording.root);
  const motion = new MotionService({
    registry,
    // The stream workers' time base: the detectors stamp their reports with the frames' capture times.
    clock: streamClock,
    controlRecorder: (cameraId, control) => streams.controlSink(cameraId, 'record', control),
    onEvent: (event) => events.emit('motion.event', { event }),
    onLogged: (entry) => events.emit('events.appended', { entry }),
    log: (line) => log(`motion: ${line}`),
    detectorAvailable: motionSinkModule !== null,
    streamLive: (stream) => streams.status(stream)?.state === 'live',
  });
  const motionSearches = new MotionSearches({
    store: motion.store,
    coverage: (cameraId, fromMs, toMs) => motion.coverage(cameraId, fromMs, toMs),
    clock: streamClock,
    recordedSpans: (cameraId, fromMs, toMs) => mergedSpans(querySegments(registry.db, { cameraId, fromMs, toMs, limit: MAX_SEGMENTS_PER_SEARCH })),
    motionConfig: (cameraId) => registry.cameras.get(cameraId)?.motion ?? DEFAULT_MOTION_CONFIG,
    analyse: options.motion?.analyse ?? recordingAnalysis(catalog),
    log: (line) => log(`motion search: ${line}`),
  });
  const sync = new StreamSync(registry.cameras, streams, {
    stallMs: () => registry.settings.get('stallTimeoutS') * 1000,
    onCredentialError: (id, error) => log(`camera ${id} (${nameOf(id)}) streams without its password: ${messageOf(error)}`),
    record: (camera) => recording.recordSettings(camera),
    motion: (camera, stream) => motion.detectorSettings(camera, stream),
  });
  const syncNow = (): Promise<void> => sync.sync().catch((error: unknown) => log(`could not apply the camera list to the streams: ${messageOf(error)}`));
  const playback = new PlaybackService({
    hub: streams.hub,
    catalog,
    timeline: new TimelineReader(registry.db),
    clock: streamClock,
    log: (line) => log(`playback: ${line}`),
  });
  const exportsService = new ExportService({
    db: registry.db,
    catalog,
    recordingsRoot: recording.root,
    exportsDir: join(options.dataDir, 'exports'),
    signingKey: () => (signingKey ??= loadOrCreateSigningKey(options.dataDir, secrets).catch((error: unknown) => {
      signingKey = null;
      throw error;
    })),
    camera: (cameraId) => {
      const named = recordedCameras(registry.db, registry.cameras.list()).find((c) => c.cameraId === cameraId);
      return { cameraId, name: named?.name ?? cameraId, model: null, serial: null };
    },
    writers: clipWriters(),
    version: options.version,
    clock: streamClock,
    onChange: (job) => events.emit('export.changed', { job }),
    log: (line) => log(`export: ${line}`),
  });
  let signingKey: Promise<import('../export/signing-key.ts').SigningKey> | null = null;
  exportsService.recover();
  // Before any stream (and so any recorder) starts: segments left open by a crash are repaired.
  recording.recover();

  const unsubscribeChanges = registry.changes.subscribe((change) => {
    if (change.entity === 'camera') {
      if (change.type === 'removed') statusLog.forget(change.camera.id);
      void syncNow().then(() => {
        recording.camerasChanged();
        motion.camerasChanged();
      });
      void cameraEvents.sync();
      events.emit('cameras.changed', { cameras: registry.cameras.list() });
    } else if (change.entity === 'layout') {
      events.emit('layouts.changed', { layouts: registry.layouts.list() });
    } else {
      if (change.keys.includes('stallTimeoutS')) void syncNow();
      if (change.keys.includes('globalRetentionGb') || change.keys.includes('minFreeDiskBytes')) recording.runRetention();
      if (change.keys.includes('recordingsDir')) {
        log(`recording: the recordings folder changes at the next start; until then recordings go to ${recording.root}`);
      }
      events.emit('settings.changed', { settings: registry.settings.getAll() });
    }
  });
  // A camera's state and figures are its main stream's; its tile stream only serves small tiles.
  streams.on('status', (key, status) => {
    motion.streamStatus(key, status);
    const { cameraId, kind } = key;
    if (kind !== 'live-main') return;
    events.emit('camera.status', { cameraId, status });
    recording.queueUpdate();
    try {
      statusLog.status(cameraId, nameOf(cameraId), status);
    } catch (error) {
      log(`could not write camera ${cameraId}'s state to the event log: ${messageOf(error)}`);
    }
  });
  streams.on('stats', ({ cameraId, kind }, stats) => {
    if (kind === 'live-main') events.emit('camera.stats', { cameraId, stats });
  });
  streams.on('error', (error) => log(error.message));
  streams.on('sink', (report) => {
    if (report.sink === 'motion') {
      if (report.event.code === 'sink-failed') log(`motion: ${report.event.message}`);
      try {
        motion.report(report.event);
      } catch (error) {
        log(`motion: a report of camera ${report.event.cameraId} could not be stored: ${messageOf(error)}`);
      }
      return;
    }
    if ('message' in report.event) log(`recording: ${report.event.message}`);
    recording.recorderEvent(report.event);
  });

  // `demo.start`: a simulator owned by the core (closed with it). Concurrent calls share one start.
  let ownDemo: Demo | null = null;
  let demoStarting: Promise<DemoStartResult> | null = null;
  const startOwnDemo = async (): Promise<DemoStartResult> => {
    const present = demoCamerasIn(registry, files.demoState);
    if (core.demo && present.length > 0) return { cameras: present, started: false };
    // A demo whose cameras were all removed serves nobody: a fresh simulator replaces ours. (One
    // a shell started keeps running until the shell closes it.)
    await ownDemo?.close();
    ownDemo = null;
    ownDemo = await startDemo(registry, files.demoState);
    core.demo = true;
    await syncNow();
    log(`demo simulator on 127.0.0.1:${ownDemo.simulator.port} with ${ownDemo.cameras.length} cameras (started from the app)`);
    return { cameras: ownDemo.cameras, started: true };
  };
  const restream = new RestreamAccess(registry);
  const cameraStatuses = (): CameraStatuses => {
    const statuses: CameraStatuses = {};
    for (const camera of registry.cameras.list()) {
      const status = streams.status(camera.id);
      if (status !== null) statuses[camera.id] = status;
    }
    return statuses;
  };

  // A camera's own motion detection (its VAPIX events) is its motion when the user chose it as
  // the camera's motion source: events, recording on motion and the integrations follow it.
  bus.on('camera.motion', (change) => {
    const camera = registry.cameras.get(change.cameraId);
    const chosen = camera !== null && camera.motion.enabled && camera.motion.source === 'camera';
    // An end always passes, so that a start taken before the user changed the source is closed.
    if (chosen || change.state === 'end') motion.cameraMotion({ cameraId: change.cameraId, state: change.state, atMs: change.atMs, topic: change.topic });
  });

  const integrations = startIntegrations({
    registry,
    events,
    dataDir: options.dataDir,
    version: options.version,
    clock: options.integrationsClock ?? systemClock,
    cameraState: (id) => streams.status(id)?.state ?? null,
    latestFrame: (id) => streams.snapshot(id),
    thumbnail: async (eventId) => motion.store.thumbnail(eventId)?.jpeg ?? null,
    ...(options.mqtt ? { mqtt: options.mqtt } : {}),
    log,
  });

  const core: CamwallCore = {
    registry,
    integrations,
    streams,
    events,
    bus,
    cameraEvents,
    recording,
    playback,
    exports: exportsService,
    restream,
    motion,
    demo: false,
    dispatch: createDispatcher(
      createHandlers({
        registry,
        latestFrame: (id) => streams.snapshot(id),
        appInfo: (): AppInfo => ({
          name: 'Camwall',
          version: options.version,
          shell: options.shell,
          platform: process.platform,
          secretStore: { protection: secrets.protection, description: PROTECTION_TEXT[secrets.protection] },
          demo: core.demo,
          recording: true,
          paths: { data: options.dataDir, recordings: recording.root },
          storage: storage.info(),
        }),
        cameraStatuses,
        onEventLogged: (entry) => events.emit('events.appended', { entry }),
        log,
        startDemo: () => (demoStarting ??= startOwnDemo().finally(() => (demoStarting = null))),
        querySegments: (query) => recording.query(query),
        recordingStates: () => recording.states(),
        storagePlan: () => {
          const fs = recordingOptions.fs ?? nodeRecordingFs;
          const free = recordingOptions.freeBytes;
          return storagePlan({
            db: registry.db,
            cameras: registry.cameras.list(),
            settings: registry.settings.getAll(),
            root: recording.root,
            fs: free ? { ...fs, freeBytes: free } : fs,
            nowMs: (recordingOptions.clock ?? systemClock).now(),
          });
        },
        playback,
        exports: exportsService,
        mqtt: integrations.mqtt,
        motion: createMotionApi(motion.store, motionSearches),
        deliverExport: (job, paths) => (options.deliverExport ?? browserDownload)(job, paths),
        restream,
        ...(options.testCamera ? { testCamera: options.testCamera } : {}),
        ...(options.discoverCameras ? { discoverCameras: options.discoverCameras } : {}),
      }),
      {
        onInternalError: (name, error) => log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
        onDiskFull: (name) => {
          log(`${name} failed: the disk of the data folder ${options.dataDir} is full`);
          storage.writeFailed();
          return diskFullError(name, options.dataDir);
        },
        refuse: (name) => storage.refusal(name),
      },
    ),
    subscribeFrames(cameraId, stream, subscriber, maxInFlight = MAX_IN_FLIGHT_LIMIT) {
      const camera = registry.cameras.get(cameraId);
      if (camera === null) throw notFound('camera', cameraId);
      return streams.subscribe(liveStreamOf(camera, stream), subscriber, { maxInFlight });
    },
    synced: () => syncNow(),
    async close() {
      unsubscribeChanges();
      await cameraEvents.close();
      await integrations.close();
      await playback.close();
      await exportsService.close();
      storage.close();
      recording.close();
      motionSearches.close();
      // Each worker finishes its recorders' segments (status complete) before it exits, and its
      // detectors report the events they end: the motion service stores those before it closes.
      await streams.close();
      motion.close();
      registry.close();
      await ownDemo?.close();
    },
  };
  await syncNow();
  void cameraEvents.sync();
  recording.start();
  return core;
}

/** Where the browser shell serves a finished export, as one zip (main/server/browser-server.ts). */
export function exportDownloadPath(id: number): string {
  return `/exports/${id}.zip`;
}

async function browserDownload(job: ExportJob): Promise<ExportDelivery> {
  return { url: exportDownloadPath(job.id), savedTo: null };
}

/** Most segments one search looks at for recorded time (a week of 5-minute segments is 2,016). */
const MAX_SEGMENTS_PER_SEARCH = 10_000;

/** Segments' spans merged where they touch or overlap, oldest first. */
function mergedSpans(segments: ReadonlyArray<{ startMs: number; endMs: number }>): Array<{ fromMs: number; toMs: number }> {
  const spans: Array<{ fromMs: number; toMs: number }> = [];
  for (const segment of [...segments].sort((a, b) => a.startMs - b.startMs)) {
    const last = spans[spans.length - 1];
    if (last && segment.startMs <= last.toMs) last.toMs = Math.max(last.toMs, segment.endMs);
    else spans.push({ fromMs: segment.startMs, toMs: segment.endMs });
  }
  return spans;
}

function optionalRecording(o: NonNullable<CoreOptions['recording']>) {
  return {
    ...(o.preRollMaxBytes === undefined ? {} : { preRollMaxBytes: o.preRollMaxBytes }),
    ...(o.segmentSeconds === undefined ? {} : { segmentSeconds: o.segmentSeconds }),
    ...(o.retentionIntervalMs === undefined ? {} : { retentionIntervalMs: o.retentionIntervalMs }),
    ...(o.freeBytes === undefined ? {} : { freeBytes: o.freeBytes }),
    ...(o.fs === undefined ? {} : { fs: o.fs }),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
