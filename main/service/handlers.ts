// One handler per call of shared/api/calls.ts. Handlers receive validated arguments (the
// dispatcher checked them), call the registry or the stream core, and throw ServiceError for
// outcomes the caller should see. Registry errors are translated here so that field errors name
// paths inside the call's argument (`camera.port`, not `port`).
import type { AppInfo, CameraStatuses, CameraTestReport, DemoStartResult, RecordingSegment, RecordingStateEntry, Snapshot } from '../../shared/api/calls.ts';
import { DEFAULT_TEST_DURATION_MS } from '../../shared/api/calls.ts';
import type { FieldError } from '../../shared/api/result.ts';
import { cameraInputSchema, type Camera } from '../../shared/camera.ts';
import { FAILING_STATES } from '../../shared/camera-status.ts';
import { ValidationError } from '../../shared/validation.ts';
import { RegistryError } from '../registry/errors.ts';
import type { Registry } from '../registry/registry.ts';
import type { Frame } from '../../shared/frame.ts';
import { testCamera } from './camera-test.ts';
import type { CallContext, ClientHandle, Handlers } from './dispatch.ts';
import type { PlaybackService } from './playback.ts';
import type { ExportService } from './exports.ts';
import type { ExportDelivery, ExportJob, StoragePlan } from '../../shared/api/calls.ts';
import { cameraNames, recordedCameras } from './recordings.ts';
import { logCameraChange, type CameraChange } from './camera-log.ts';
import type { EventEntry } from '../../shared/api/domain.ts';
import { notFound, ServiceError } from './service-error.ts';
import type { MotionApi } from './motion-api.ts';
import { discoverCameras } from '../discovery/discover.ts';
import { DEFAULT_DISCOVERY_TIMEOUT_MS, type DiscoveryReport } from '../../shared/discovery.ts';
import type { RestreamAccess } from './restream-access.ts';
import type { MqttStatus } from '../../shared/integrations.ts';

export type HandlerDeps = {
  registry: Registry;
  /** A current frame of a camera's main stream (connecting it if need be), or null when none comes in time. */
  latestFrame(cameraId: string): Promise<Frame | null>;
  appInfo(): AppInfo;
  /** The stream core's state of each camera it streams (by camera id). */
  cameraStatuses(): CameraStatuses;
  /** Starts the demo simulator and its cameras, when this core can. */
  startDemo?(): Promise<DemoStartResult>;
  /** Recording's segment index, when recording is wired in. */
  querySegments?(query: { cameraId?: string; fromMs: number; toMs: number; limit?: number }): RecordingSegment[];
  recordingStates?(): RecordingStateEntry[];
  /** Disk use and the days each camera will keep (storage-plan.ts), when recording is wired in. */
  storagePlan?(): StoragePlan;
  /** Playback of recordings, when recording is wired in. */
  playback?: PlaybackService;
  exports?: ExportService;
  /** Motion events, activity and search, when motion is wired in. */
  motion?: MotionApi;
  deliverExport?(job: ExportJob, paths: string[]): Promise<ExportDelivery>;
  /** A row the handlers wrote into the event log (camera added, changed, removed), for events.appended. */
  onEventLogged?(entry: EventEntry): void;
  /** A line for the app's log (a camera change whose event log row could not be written). */
  log?(line: string): void;
  /** The MQTT bridge's state and its password. */
  mqtt?: { status(): MqttStatus; setPassword(password: string | null): Promise<MqttStatus> };
  /** For tests: replaces the network probe of cameras.test. */
  testCamera?: typeof testCamera;
  /** For tests: replaces the network scan of cameras.discover. */
  discoverCameras?: (timeoutMs: number) => Promise<DiscoveryReport>;
  /** The MJPEG re-stream's password and state. */
  restream?: RestreamAccess;
};

/**
 * `cameras.test` calls running at once, across every window and browser: each holds a camera
 * connection and its frames for up to the test's duration.
 */
export const MAX_CONCURRENT_CAMERA_TESTS = 4;

export function createHandlers(deps: HandlerDeps): Handlers {
  const { registry } = deps;
  let testsRunning = 0;
  // One scan at a time across every window and browser: a second scan would only share UDP port
  // 5353 with the first and double the traffic; its caller gets the running scan's report.
  let scanning: Promise<DiscoveryReport> | null = null;
  const cameras = registry.cameras;
  const motion = (): MotionApi => {
    if (!deps.motion) throw new ServiceError('unavailable', 'Motion detection is not part of this build, so motion cannot be searched here.');
    return deps.motion;
  };
  const mqtt = (): NonNullable<HandlerDeps['mqtt']> => {
    if (!deps.mqtt) throw new ServiceError('unavailable', 'MQTT is not part of this build.');
    return deps.mqtt;
  };
  const playback = (): PlaybackService => {
    if (!deps.playback) throw new ServiceError('unavailable', 'Playback is not part of this build, so recordings cannot be watched here.');
    return deps.playback;
  };
  const clientOf = (context: CallContext): ClientHandle => {
    if (!context.client) throw new ServiceError('unavailable', 'This call needs a window or a browser connected to Camwall: it sends its frames and progress there.');
    return context.client;
  };
  const sessionOf = (context: CallContext, session: number) => playback().session(clientOf(context).id, session);
  const exports = (): ExportService => {
    if (!deps.exports) throw new ServiceError('unavailable', 'Export is not part of this build.');
    return deps.exports;
  };
  const restream = (): RestreamAccess => {
    if (!deps.restream) throw new ServiceError('unavailable', 'The re-stream is not part of this build.');
    return deps.restream;
  };
  const requireCamera = (id: string): Camera => {
    const camera = cameras.get(id);
    if (camera === null) throw notFound('camera', id);
    return camera;
  };

  const logged = (change: CameraChange, context: CallContext): void => logCameraChange(registry.events, change, context, (entry) => deps.onEventLogged?.(entry), (line) => deps.log?.(line));

  return {
    'app.info': () => deps.appInfo(),

    'cameras.list': () => cameras.list(),
    'cameras.statuses': () => deps.cameraStatuses(),
    'cameras.get': ({ id }) => requireCamera(id),
    'cameras.add': async ({ camera, passwordOf }, context) => {
      let input = camera;
      if (passwordOf !== undefined && (camera.password === undefined || camera.password === null)) {
        requireCamera(passwordOf);
        const saved = (await translated('passwordOf', () => cameras.getCredentials(passwordOf))).password;
        if (saved !== null) input = { ...camera, password: saved };
      }
      const added = await translated('camera', () => cameras.add(input));
      logged({ kind: 'camera.added', camera: added }, context);
      return added;
    },
    'cameras.update': async ({ id, patch }, context) => {
      const before = requireCamera(id);
      const after = await translated('patch', () => cameras.update(id, patch));
      logged({ kind: 'camera.changed', before, after, passwordChanged: patch.password !== undefined }, context);
      return after;
    },
    'cameras.remove': async ({ id }, context) => {
      const camera = requireCamera(id);
      await translated('', () => cameras.remove(id));
      logged({ kind: 'camera.removed', camera }, context);
      return { id };
    },
    'cameras.reorder': ({ ids }) =>
      translated('', () => {
        cameras.reorder(ids);
        return cameras.list();
      }),
    'cameras.test': async ({ camera, useSavedPasswordOf, durationMs }): Promise<CameraTestReport> => {
      if (testsRunning >= MAX_CONCURRENT_CAMERA_TESTS) {
        throw new ServiceError(
          'unavailable',
          `${testsRunning} camera tests are running already, the most Camwall runs at once across all windows (${MAX_CONCURRENT_CAMERA_TESTS}); try again when one has finished.`,
        );
      }
      testsRunning += 1;
      try {
        const fields = cameraInputSchema.parse(camera);
        let password = fields.password ?? null;
        if (password === null && useSavedPasswordOf !== undefined && camera.password !== null) {
          requireCamera(useSavedPasswordOf);
          password = (await translated('useSavedPasswordOf', () => cameras.getCredentials(useSavedPasswordOf))).password;
        }
        return await (deps.testCamera ?? testCamera)({ ...fields, password }, durationMs ?? DEFAULT_TEST_DURATION_MS);
      } finally {
        testsRunning -= 1;
      }
    },
    'cameras.discover': ({ timeoutMs }) => {
      scanning ??= (deps.discoverCameras ?? ((ms: number) => discoverCameras({ timeoutMs: ms })))(timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS).finally(() => {
        scanning = null;
      });
      return scanning;
    },
    'cameras.snapshot': async ({ id }): Promise<Snapshot> => {
      const camera = requireCamera(id);
      const frame = camera.enabled ? await deps.latestFrame(id) : null;
      if (frame === null) {
        const status = deps.cameraStatuses()[id];
        const why = !camera.enabled
          ? 'it is disabled'
          : status !== undefined && FAILING_STATES.has(status.state)
            ? `it is ${status.state}: ${status.reason}`
            : 'no frame arrived from it in time';
        throw new ServiceError('unavailable', `Camera ${camera.name} has no picture to save: ${why}. Try again when it is live.`);
      }
      // The hub shares the buffer with every viewer: hand out a copy.
      return { cameraId: id, seq: frame.seq, capturedAt: frame.capturedAt, width: frame.width, height: frame.height, jpeg: frame.jpeg.slice(0) };
    },
    'cameras.import': async ({ json }, context) => {
      let document: unknown;
      try {
        document = JSON.parse(json);
      } catch {
        throw new ServiceError('invalid-argument', 'cameras.import: json is not valid JSON; choose a file written by Camwall\'s camera export.', [
          { field: 'json', message: 'is not valid JSON' },
        ]);
      }
      const before = new Map(cameras.list().map((c) => [c.id, c]));
      const result = await translated('json', () => registry.importCameras(document));
      for (const id of result.added) {
        const camera = cameras.get(id);
        if (camera) logged({ kind: 'camera.added', camera }, context);
      }
      for (const id of result.updated) {
        const after = cameras.get(id);
        const was = before.get(id);
        if (after && was) logged({ kind: 'camera.changed', before: was, after, passwordChanged: false }, context);
      }
      return { added: [...result.added], updated: [...result.updated] };
    },
    'cameras.export': async ({ includePasswords }) => {
      const document = await registry.exportCameras({ includePasswords: includePasswords ?? false });
      return { json: `${JSON.stringify(document, null, 2)}\n`, includesPasswords: document.includesPasswords, cameras: document.cameras.length };
    },

    'layouts.list': () => registry.layouts.list(),
    'layouts.save': ({ layout }) => translated('layout', () => registry.layouts.save(layout)),
    'layouts.remove': ({ id }) =>
      translated('', () => {
        registry.layouts.remove(id);
        return { id };
      }),
    'layouts.setActive': ({ id }) => translated('', () => registry.layouts.setActive(id)),

    'settings.get': () => registry.settings.getAll(),
    'settings.set': ({ patch }) => translated('patch', () => registry.settings.set(patch)),

    'events.query': (query) => {
      const names = cameraNames(registry.db, cameras.list());
      return registry.events.query(query).map((event) => {
        const camera = event.cameraId === null ? undefined : names.get(event.cameraId);
        return {
          id: event.id, atMs: event.atMs, cameraId: event.cameraId, kind: event.kind, message: event.message, data: event.data,
          cameraName: camera?.name ?? null, cameraRemoved: camera?.removed ?? false,
        };
      });
    },

    'recordings.query': (query) => {
      if (!deps.querySegments) throw new ServiceError('unavailable', 'Recording is not part of this build yet, so there are no recordings to list.');
      if (query.toMs < query.fromMs) throw new ServiceError('invalid-argument', 'recordings.query: toMs must not be before fromMs', [{ field: 'toMs', message: 'must not be before fromMs' }]);
      return deps.querySegments(query);
    },
    'recordings.states': () => {
      if (!deps.recordingStates) throw new ServiceError('unavailable', 'Recording is not part of this build yet, so no camera records.');
      return deps.recordingStates();
    },

    'storage.plan': () => {
      if (!deps.storagePlan) throw new ServiceError('unavailable', 'Recording is not part of this build, so there is no storage to plan.');
      return deps.storagePlan();
    },
    'recordings.cameras': () => recordedCameras(registry.db, cameras.list()),
    'recordings.timeline': (query) => playback().timeline(query),
    'recordings.frameAt': ({ cameraId, atMs }) => playback().frameAt(cameraId, atMs),

    // Recordings outlive a removed camera until retention deletes them: any camera id with
    // recordings can be played, registered or not.
    'playback.open': (args, context) => playback().open(clientOf(context), args),
    'playback.seek': ({ session, atMs }, context) => sessionOf(context, session).seek(atMs),
    'playback.setSpeed': ({ session, speed }, context) => sessionOf(context, session).setSpeed(speed),
    'playback.pause': ({ session, paused }, context) => sessionOf(context, session).pause(paused),
    'playback.step': ({ session, frames }, context) => sessionOf(context, session).step(frames),
    'playback.setCameras': ({ session, cameraIds }, context) => playback().setCameras(clientOf(context).id, session, cameraIds),
    'playback.close': async ({ session }, context) => {
      await playback().closeSession(clientOf(context).id, session);
      return { session };
    },

    'exports.start': (request) => exports().start(request),
    'exports.list': () => exports().list(),
    'exports.cancel': ({ id }) => exports().cancel(id),
    'exports.retry': ({ id }) => exports().retry(id),
    'exports.remove': ({ id }) => {
      exports().remove(id);
      return { id };
    },
    'exports.deliver': ({ id }) => {
      const { job, paths } = exports().files(id);
      if (!deps.deliverExport) throw new ServiceError('unavailable', 'This shell cannot hand exports on; the files are in ' + job.folder);
      return deps.deliverExport(job, paths);
    },

    'restream.status': () => restream().settledStatus(),
    'restream.setPassword': ({ password }) => restream().setPassword(password),
    'demo.start': () => {
      if (!deps.startDemo) throw new ServiceError('unavailable', 'This Camwall cannot start the demo cameras.');
      return deps.startDemo();
    },

    'motion.events': (query) => motion().events(query),
    'motion.thumbnail': ({ id }) => motion().thumbnail(id),
    'motion.activity': (query) => motion().activity(query),
    'motion.search': (query, context) => motion().search(clientOf(context), query),
    'motion.cancelSearch': ({ id }, context) => motion().cancelSearch(clientOf(context), id),
    'mqtt.status': () => mqtt().status(),
    'mqtt.setPassword': ({ password }) => mqtt().setPassword(password),
  };
}

/**
 * Runs a registry call and turns its errors into ServiceErrors: field errors get `prefix` in
 * front of their path (`camera.port`), not-found and conflict keep their message.
 */
async function translated<T>(prefix: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) {
      const fields: FieldError[] = error.fields.map((f) => ({ field: joinPath(prefix, f.field), message: f.message }));
      throw new ServiceError('invalid-argument', error.message, fields);
    }
    if (error instanceof RegistryError) {
      throw new ServiceError(error.code === 'secret' ? 'unavailable' : error.code, error.message);
    }
    throw error;
  }
}

function joinPath(prefix: string, field: string): string {
  if (prefix === '') return field;
  if (field === '') return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}
