// THE contract: every call of the Camwall API, its argument schema and its result type, in one
// table. Both shells validate every incoming argument against these schemas (main/service/
// dispatch.ts) before a handler sees it; the renderer gets typed verbs from the same table
// (shared/api/verbs.ts). Adding a call = one line here + one handler; the compiler finds the rest.
//
// Every call takes ONE argument object (possibly empty) so that schemas name fields, and field
// errors read `port` or `tiles.3`, never "argument 2".
import { z } from 'zod';
import {
  cameraInputSchema,
  cameraPatchSchema,
  checkedBy,
  layoutInputSchema,
  settingsPatchSchema,
  type Camera,
  type CameraStatus,
  type EventEntry,
  type Layout,
  type Settings,
} from './domain.ts';
import type { RecordingState } from './pushes.ts';
import { MAX_DISCOVERY_TIMEOUT_MS, MIN_DISCOVERY_TIMEOUT_MS, type DiscoveryReport } from '../discovery.ts';
import { MAX_MQTT_PASSWORD_CHARS, type MqttStatus } from '../integrations.ts';
import type { Frame } from '../frame.ts';
import { MAX_SEARCH_HITS, motionBoxSchema, type MotionActivity, type MotionEvent, type MotionSearchState } from '../motion.ts';

/** Largest camera list JSON `cameras.import` accepts (about 5,000 cameras). */
export const MAX_IMPORT_JSON_CHARS = 2_000_000;
/** Most event-log entries one `events.query` returns (the registry's EventLog has the same bound). */
export const MAX_EVENTS_PER_QUERY = 1_000;
/** Most segments one `recordings.query` returns. */
export const MAX_SEGMENTS_PER_QUERY = 5_000;
/** Longest `cameras.test` may watch the stream to measure its frame rate. */
export const MAX_TEST_DURATION_MS = 10_000;
export const DEFAULT_TEST_DURATION_MS = 1_500;
/** Most cameras in one reorder (a sanity bound, far above any real wall). */
export const MAX_CAMERAS = 1_000;
/** Playback speeds, as multiples of real time; negative values play backwards. */
export const PLAYBACK_RATES = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;
/** Most cameras one playback session plays in sync (the largest wall, 8x8). */
export const MAX_PLAYBACK_CAMERAS = 64;
/** Most recorded spans `recordings.timeline` returns per camera; more are merged at a coarser grain. */
export const MAX_TIMELINE_SPANS = 2_000;
export const DEFAULT_TIMELINE_SPANS = 500;
/** Longest range one timeline query covers (the timeline zooms out to a week; two months is the bound). */
export const MAX_TIMELINE_RANGE_MS = 62 * 24 * 3600 * 1000;
/** Most logged events one timeline query returns. */
export const MAX_TIMELINE_EVENTS = 1_000;
/** Containers an export writes, all with the JPEGs exactly as recorded. */
export const EXPORT_FORMATS = ['avi', 'mov', 'mkv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Most cameras in one export (one file each). */
export const MAX_EXPORT_CAMERAS = 16;
/** Longest range one export covers. */
export const MAX_EXPORT_RANGE_MS = 7 * 24 * 3600 * 1000;
/** Most motion events one `motion.events` returns. */
export const MAX_MOTION_EVENTS_PER_QUERY = 1_000;
/** Most buckets per camera one `motion.activity` returns. */
export const MAX_ACTIVITY_BUCKETS = 2_000;
/** Longest range one motion search covers. */
export const MAX_MOTION_SEARCH_RANGE_MS = 7 * 24 * 3600 * 1000;
export { MAX_SEARCH_HITS };
/** Latest instant any call accepts: the year 2200, far past any recording. */
const MAX_TIME_MS = Date.UTC(2200, 0, 1);

const Id = z.string({ error: 'must be an id' }).min(1, { error: 'required' }).max(64, { error: 'must be at most 64 characters' });
const NoArgs = z.strictObject({});
const TimeMs = z.number({ error: 'must be a time in ms since 1970 (UTC)' }).int({ error: 'must be whole milliseconds' }).min(0, { error: 'must not be before 1970' }).max(MAX_TIME_MS, { error: 'is too far in the future' });
const SessionId = z.number({ error: 'must be a playback session id' }).int().positive({ error: 'must be a playback session id' }).max(Number.MAX_SAFE_INTEGER);
const PlaybackCameras = z.array(Id, { error: 'must be a list of camera ids' }).min(1, { error: 'needs at least one camera' }).max(MAX_PLAYBACK_CAMERAS, { error: `may hold at most ${MAX_PLAYBACK_CAMERAS} cameras` });
const Speed = z.number({ error: 'must be a speed' }).refine((v) => (PLAYBACK_RATES as readonly number[]).includes(Math.abs(v)), {
  error: `must be one of ${PLAYBACK_RATES.join(', ')} (negative to play backwards)`,
});

/** `toMs` after `fromMs` and at most `maxMs` after it, each error naming `toMs`. */
function ranged<T extends z.ZodType<{ fromMs: number; toMs: number }>>(schema: T, maxMs: number) {
  return schema
    .refine((q) => q.toMs > q.fromMs, { error: 'must be after fromMs', path: ['toMs'] })
    .refine((q) => q.toMs - q.fromMs <= maxMs, { error: `must be at most ${maxMs / 86_400_000} days after fromMs`, path: ['toMs'] });
}
/** A region of the picture for a search: inside it, and not empty. */
const SearchRegion = motionBoxSchema
  .refine((b) => b.w > 0 && b.h > 0, { error: 'must not be empty (w and h above 0)' })
  .refine((b) => b.x + b.w <= 1 + 1e-9 && b.y + b.h <= 1 + 1e-9, { error: 'must lie inside the picture (x + w and y + h at most 1)' });

// ---- result types -------------------------------------------------------------------------

/** How well saved camera passwords are protected, so the UI can warn when they are not. */
export type SecretProtection =
  /** The OS keychain protects the key (Keychain, DPAPI, libsecret/kwallet via safeStorage). */
  | 'os'
  /** A key file with 0600 permissions beside the database: keeps passwords out of the database
   *  file and its backups, not away from someone who can read the user's files. */
  | 'key-file'
  /** Encrypted with a fixed key (Electron's basic_text backend): obfuscation only. */
  | 'obfuscated'
  /** Kept in memory only: passwords are lost when Camwall exits. */
  | 'session'
  /** Not saved at all (the user chose so where no keychain exists): cameras with a password cannot be saved. */
  | 'none';

/**
 * Whether Camwall can write its data folder. `full`: a write failed because the disk is full, or
 * the disk was full when Camwall started (`startedFull`: live view only, every save and all
 * recording refused until Camwall is restarted with space free). `message` says it for people.
 * `warnings`: what retention cannot do (keep the free-space reserve without deleting each
 * camera's last hours; a limit smaller than one recording), one sentence each.
 */
export type StorageInfo = { state: 'ok' | 'full'; startedFull: boolean; message: string | null; warnings: string[] };

/**
 * The MJPEG re-stream of `camwall serve` (docs/restream.md): whether it listens, where, as which
 * user, and whether that user has a password (never the password itself).
 */
export type RestreamStatus = {
  /** Only `camwall serve` re-streams; the desktop app does not. */
  available: boolean;
  enabled: boolean;
  listening: boolean;
  host: string;
  /** The port it listens on (the chosen one when the setting is 0), null while not listening. */
  port: number | null;
  user: string;
  auth: 'digest' | 'basic';
  hasPassword: boolean;
  /** Readers connected now. */
  readers: number;
  /** Why it is not listening (port in use, no password set), or null. */
  error: string | null;
};
/** Longest re-stream password accepted. */
export const MAX_RESTREAM_PASSWORD_CHARS = 256;

export type AppInfo = {
  name: 'Camwall';
  version: string;
  shell: 'electron' | 'browser';
  platform: string;
  secretStore: { protection: SecretProtection; description: string };
  /** The demo simulator runs and its cameras are in the list. */
  demo: boolean;
  /** Recording is wired in this build; without it `recordings.query` answers 'unavailable'. */
  recording: boolean;
  /**
   * Absolute folders on the machine that runs the core: the data folder (database, key file,
   * demo state) and the recordings folder in use now (a changed `recordingsDir` applies at the
   * next start, so this can differ from the setting).
   */
  paths: { data: string; recordings: string };
  storage: StorageInfo;
};

/** Each streaming camera's state now, by camera id; disabled cameras are absent. */
export type CameraStatuses = Record<string, CameraStatus>;

/** What `demo.start` did: the demo cameras now in the list, and whether it started a simulator. */
export type DemoStartResult = { cameras: Camera[]; started: boolean };

/** The latest frame of a camera: the JPEG exactly as the camera sent it, with its numbers. */
export type Snapshot = Frame;

export type CameraTestFailureKind =
  | 'unreachable' // DNS, refused, reset: nothing answered
  | 'timeout' // something answered too slowly
  | 'auth' // credentials missing or rejected
  | 'http' // another HTTP error status
  | 'not-mjpeg' // it answered, but not with multipart/x-mixed-replace or a JPEG
  | 'tls-mismatch' // the certificate is not the pinned one (see `certificate.sha256`)
  | 'tls' // TLS failed otherwise (self-signed and not pinned, handshake error)
  | 'protocol' // the stream was malformed
  | 'no-frames'; // connected, but no frame arrived in time

export type CameraTestReport = {
  /** A frame arrived and the stream looks usable. */
  ok: boolean;
  /** Something answered on the address (even an error status). */
  reachable: boolean;
  /** The scheme the camera challenged with, 'none' when it served without credentials. */
  authScheme: 'none' | 'basic' | 'digest-md5' | 'digest-md5-sess' | 'digest-sha256' | 'digest-sha256-sess' | null;
  httpStatus: number | null;
  contentType: string | null;
  /** From basicdeviceinfo.cgi when the camera is an Axis. */
  device: { brand: string | null; model: string | null; productName: string | null; serial: string | null; firmware: string | null } | null;
  /** From param.cgi Properties.Image.Resolution when available, e.g. ['1920x1080', '640x480']. */
  resolutions: string[];
  /** Milliseconds from the request to the first complete frame. */
  firstFrameMs: number | null;
  width: number | null;
  height: number | null;
  /** Frames per second measured over `measuredMs`. */
  fps: number | null;
  framesSeen: number;
  measuredMs: number;
  /**
   * For https cameras: the SHA-256 fingerprint of the certificate the camera presented (64
   * lowercase hex digits, the form `certSha256` takes), whether it is the pinned one, and whether
   * a public CA vouches for it. The UI offers to pin it on a 'tls' or 'tls-mismatch' failure.
   */
  certificate: { sha256: string; pinned: boolean; trusted: boolean } | null;
  failure: { kind: CameraTestFailureKind; message: string } | null;
  /**
   * VAPIX cameras: the camera's own event stream (docs/axis-events.md). 'offered' lists the events
   * it reported (e.g. 'motion (VMD4)', 'tampering', 'day/night', 'digital inputs'); 'unsupported'
   * is older firmware without it. null for 'url' cameras.
   */
  events: { state: 'offered'; topics: string[] } | { state: 'unsupported' | 'auth' | 'failed'; reason: string } | null;
  /**
   * VAPIX: how many video sources (channels) the device has, from param.cgi
   * ImageSource.NbrOfSources (16 on a P7316 encoder); null when it did not say.
   */
  videoSources: number | null;
};

/**
 * Ids of the cameras added and of those updated (an entry whose id is already in the registry
 * updates it). Any bad entry refuses the whole import: 'invalid-argument' with fields such as
 * `cameras[2].port`, and nothing changes.
 */
export type CameraImportResult = { added: string[]; updated: string[] };

export type RecordingSegment = {
  id: number;
  cameraId: string;
  /** Relative to the recordings folder: <camera-id>/<YYYY-MM-DD>/<HHMMSS>.mkv. */
  path: string;
  startMs: number;
  endMs: number;
  frames: number;
  bytes: number;
  width: number | null;
  height: number | null;
  status: 'recording' | 'complete' | 'recovered';
};

/**
 * A camera that has recordings, or is registered: `name` is its name now, or the name it had
 * when it was removed (`removed`); `firstMs`/`lastMs` bound its recordings (null: none yet).
 */
export type RecordedCamera = { cameraId: string; name: string; removed: boolean; firstMs: number | null; lastMs: number | null };

/** A stretch of time a camera was recorded without a gap (at most FRAME_HOLD_MS between frames). */
export type TimelineSpan = { startMs: number; endMs: number };

export type TimelineEvent = { id: number; atMs: number; cameraId: string | null; kind: string; message: string };

/**
 * What the timeline draws for [fromMs, toMs): per camera its recorded spans (gaps are what lies
 * between them), and the logged events of those cameras. `mergedWithinMs`: spans closer than
 * this were joined to keep the answer within `maxSpans` (0 when nothing was coarsened).
 */
export type Timeline = {
  fromMs: number;
  toMs: number;
  cameras: Array<{ cameraId: string; spans: TimelineSpan[]; mergedWithinMs: number }>;
  events: TimelineEvent[];
  /** More events lie in the range than MAX_TIMELINE_EVENTS; the newest are kept. */
  eventsTruncated: boolean;
};

/**
 * One camera of a playback session. `recorded`: a frame recorded at the playhead is shown
 * (`frameAtMs` its capture time); `no-recording`: nothing was recorded then (the tile says so
 * and shows no older picture); `error`: its recordings cannot be read (`message` says why).
 */
export type PlaybackCameraState = { cameraId: string; state: 'recorded' | 'no-recording' | 'error'; frameAtMs: number | null; message: string | null };

/**
 * A playback session: one clock that every camera of it follows. The playhead was at
 * `positionMs` when the core sent this, and moves at `speed` (negative: backwards) unless
 * `paused`; a renderer extrapolates it from the moment it received the state. `notice` says
 * what the core did differently from what was asked (a seek into a gap went to the nearest
 * recording, the playhead reached the present).
 */
export type PlaybackState = {
  session: number;
  positionMs: number;
  speed: number;
  paused: boolean;
  cameras: PlaybackCameraState[];
  notice: string | null;
};

/** A recorded frame: the JPEG exactly as recorded, `capturedAt` its capture time. */
export type RecordedFrame = Frame;

/**
 * An export: queued, running (with `progress` 0..1 and an estimate of the time left), then done
 * (`result`), failed (`error`, and it can be retried) or cancelled. Jobs cut short by a crash or a
 * quit are failed at the next start, never left running.
 */
export type ExportJob = {
  id: number;
  createdMs: number;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  cameraIds: string[];
  fromMs: number;
  toMs: number;
  format: ExportFormat;
  progress: number;
  bytes: number;
  frames: number;
  /** Estimated time left while running, in ms; null when not known yet. */
  etaMs: number | null;
  error: string | null;
  /** The folder on the machine that runs the core where the files are. */
  folder: string;
  result: {
    files: Array<{ name: string; cameraId: string; bytes: number; frames: number; timingNote: string | null }>;
    manifest: string;
    keyFingerprint: string;
    /** Cameras that recorded nothing in the range (no file for them). */
    skipped: string[];
  } | null;
};

/** Where a finished export went: a URL to download it from (browser shell) or the folder it was saved to (desktop). */
export type ExportDelivery = { url: string | null; savedTo: string | null };

/** What limits a camera's archive first: its own days or GB, the limit for all cameras, or the free-space reserve. */
export type StorageLimit = 'camera-days' | 'camera-gb' | 'all-cameras-gb' | 'free-space';

/**
 * One camera in the storage plan. `bytesPerDay`: its recording rate over the last days (null when
 * it does not record now, or has recorded too little to tell); `keepsDays`: how many days of
 * recordings it will hold at that rate once the limits apply (null: no limit ends it), and
 * `limitedBy` the limit that decides it; `warning` when that is fewer days than it asks for.
 */
export type StorageCameraPlan = {
  cameraId: string;
  name: string;
  removed: boolean;
  recording: boolean;
  bytes: number;
  segments: number;
  oldestMs: number | null;
  newestMs: number | null;
  bytesPerDay: number | null;
  keepsDays: number | null;
  limitedBy: StorageLimit | null;
  askedDays: number | null;
  askedBytes: number | null;
  warning: string | null;
};

/** Disk use of the recordings (from the segment index), free space, and what each camera will keep. */
export type StoragePlan = {
  atMs: number;
  totalBytes: number;
  /** On the recordings disk; null when the disk cannot be asked. */
  freeBytes: number | null;
  diskBytes: number | null;
  /** Retention keeps this much free (the setting, at most 5% of the disk). */
  reserveBytes: number | null;
  /** The limit for all cameras together (Settings), null for none. */
  allCamerasLimitBytes: number | null;
  cameras: StorageCameraPlan[];
  /** One sentence each: where the limits cannot hold the days asked for. */
  warnings: string[];
};

/** What a camera's recorder is doing now; the same payload as the `recording.state` event. */
export type RecordingStateEntry = { cameraId: string; state: RecordingState; message: string | null };

// ---- the table ----------------------------------------------------------------------------

declare const resultType: unique symbol;
/** Carries a call's result type; holds nothing at run time. */
type Returns<T> = { readonly [resultType]?: T };
function returns<T>(): Returns<T> {
  return {};
}

export type CallSpec<A extends z.ZodType = z.ZodType, R = unknown> = { readonly args: A } & Returns<R>;

function call<A extends z.ZodType, R>(args: A, _result: Returns<R>): CallSpec<A, R> {
  return { args };
}

export const calls = {
  'app.info': call(NoArgs, returns<AppInfo>()),

  'cameras.list': call(NoArgs, returns<Camera[]>()),
  /**
   * Every streaming camera's state now, so a window that opens (or reconnects) need not wait for
   * the next `camera.status` event of a camera whose state does not change.
   */
  'cameras.statuses': call(NoArgs, returns<CameraStatuses>()),
  'cameras.get': call(z.strictObject({ id: Id }), returns<Camera>()),
  /**
   * Fields left out take settings.newCameraDefaults, then the schema's defaults. `passwordOf`: a
   * camera without a password takes the saved one of that camera (another channel of an encoder
   * added from its settings, where the form never holds the saved password).
   */
  'cameras.add': call(z.strictObject({ camera: checkedBy(cameraInputSchema), passwordOf: Id.optional() }), returns<Camera>()),
  /**
   * Changes only the fields present in `patch` (handed on as given, see checkedBy); the merged
   * camera is validated whole. `patch.password: null` clears the password, absent keeps it.
   */
  'cameras.update': call(z.strictObject({ id: Id, patch: checkedBy(cameraPatchSchema) }), returns<Camera>()),
  'cameras.remove': call(z.strictObject({ id: Id }), returns<{ id: string }>()),
  /** `ids` is every camera id in the new order; a stale or partial list is a 'conflict'. */
  'cameras.reorder': call(z.strictObject({ ids: z.array(Id).max(MAX_CAMERAS) }), returns<Camera[]>()),
  /**
   * Connects to a DRAFT camera (nothing is saved) and reports what it found. `useSavedPasswordOf`
   * tests an edited camera with its saved password when the draft has none.
   */
  'cameras.test': call(
    z.strictObject({
      camera: checkedBy(cameraInputSchema),
      useSavedPasswordOf: Id.optional(),
      durationMs: z.number().int().min(200).max(MAX_TEST_DURATION_MS).optional(),
    }),
    returns<CameraTestReport>(),
  ),
  /**
   * Looks for cameras on the local network (Bonjour and ONVIF WS-Discovery) for `timeoutMs`
   * (DEFAULT_DISCOVERY_TIMEOUT_MS when absent), then sends each device found one `GET /`. Runs
   * only when called; one scan at a time: a call made during a scan gets that scan's report.
   */
  'cameras.discover': call(
    z.strictObject({
      timeoutMs: z
        .number({ error: 'must be a number of milliseconds' })
        .int({ error: 'must be whole milliseconds' })
        .min(MIN_DISCOVERY_TIMEOUT_MS, { error: `must be at least ${MIN_DISCOVERY_TIMEOUT_MS} ms` })
        .max(MAX_DISCOVERY_TIMEOUT_MS, { error: `must be at most ${MAX_DISCOVERY_TIMEOUT_MS} ms` })
        .optional(),
    }),
    returns<DiscoveryReport>(),
  ),
  /** The latest frame of a camera, 'unavailable' when none has arrived yet. */
  'cameras.snapshot': call(z.strictObject({ id: Id }), returns<Snapshot>()),
  /** `json`: the text of a file written by cameras.export. */
  'cameras.import': call(
    z.strictObject({ json: z.string({ error: 'must be the text of a camera export' }).max(MAX_IMPORT_JSON_CHARS, { error: 'is too large to be a camera list' }) }),
    returns<CameraImportResult>(),
  ),
  /** The camera list as JSON text to save; passwords only when `includePasswords` is true. */
  'cameras.export': call(
    z.strictObject({ includePasswords: z.boolean({ error: 'must be true or false' }).optional() }),
    returns<{ json: string; includesPasswords: boolean; cameras: number }>(),
  ),

  'layouts.list': call(NoArgs, returns<Layout[]>()),
  /** Creates a layout when `layout.id` is absent, replaces it otherwise. */
  'layouts.save': call(z.strictObject({ layout: layoutInputSchema }), returns<Layout>()),
  'layouts.remove': call(z.strictObject({ id: Id }), returns<{ id: string }>()),
  'layouts.setActive': call(z.strictObject({ id: Id }), returns<Layout>()),

  'settings.get': call(NoArgs, returns<Settings>()),
  'settings.set': call(z.strictObject({ patch: checkedBy(settingsPatchSchema) }), returns<Settings>()),

  /** Newest first; `fromMs` inclusive, `toMs` exclusive. Page with `beforeId` = the last entry's id. */
  'events.query': call(
    z.strictObject({
      cameraId: Id.optional(),
      kinds: z.array(z.string().min(1).max(64)).max(50).optional(),
      fromMs: z.number().int().nonnegative().optional(),
      toMs: z.number().int().nonnegative().optional(),
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(MAX_EVENTS_PER_QUERY).optional(),
    }),
    returns<EventEntry[]>(),
  ),

  /** Segments overlapping [fromMs, toMs), oldest first. */
  'recordings.query': call(
    z.strictObject({
      cameraId: Id.optional(),
      fromMs: z.number().int().nonnegative(),
      toMs: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(MAX_SEGMENTS_PER_QUERY).optional(),
    }),
    returns<RecordingSegment[]>(),
  ),
  /** Disk use per camera and in total, free space, and the days each camera will keep at its current rate. */
  'storage.plan': call(NoArgs, returns<StoragePlan>()),
  /** Every registered camera's recording state now (later changes come as `recording.state`). */
  'recordings.states': call(NoArgs, returns<RecordingStateEntry[]>()),
  /** Every registered camera, and every removed one whose recordings are still kept, in the wall's order (removed ones last). */
  'recordings.cameras': call(NoArgs, returns<RecordedCamera[]>()),
  /** Recorded spans and logged events of cameras over [fromMs, toMs), for the playback timeline. */
  'recordings.timeline': call(
    ranged(z.strictObject({
      cameraIds: PlaybackCameras,
      fromMs: TimeMs,
      toMs: TimeMs,
      maxSpans: z.number().int().min(1).max(MAX_TIMELINE_SPANS).optional(),
    }), MAX_TIMELINE_RANGE_MS),
    returns<Timeline>(),
  ),
  /**
   * The frame a camera recorded at `atMs` (the last one at or before it, at most FRAME_HOLD_MS
   * earlier): for thumbnails and snapshots of recorded video. 'not-found' names the nearest
   * recorded times before and after.
   */
  'recordings.frameAt': call(z.strictObject({ cameraId: Id, atMs: TimeMs }), returns<RecordedFrame>()),

  /** Queues an export of the cameras' recordings over [fromMs, toMs): a file per camera, a signed manifest. */
  'exports.start': call(
    ranged(z.strictObject({
      cameraIds: z.array(Id).min(1, { error: 'needs at least one camera' }).max(MAX_EXPORT_CAMERAS, { error: `may hold at most ${MAX_EXPORT_CAMERAS} cameras` }),
      fromMs: TimeMs,
      toMs: TimeMs,
      format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }).optional(),
    }), MAX_EXPORT_RANGE_MS),
    returns<ExportJob>(),
  ),
  /** Every export, newest first (the last 100). */
  'exports.list': call(NoArgs, returns<ExportJob[]>()),
  'exports.cancel': call(z.strictObject({ id: z.number().int().positive() }), returns<ExportJob>()),
  /** Queues a failed or cancelled export again, as a new job. */
  'exports.retry': call(z.strictObject({ id: z.number().int().positive() }), returns<ExportJob>()),
  /** Deletes a finished, failed or cancelled export's files and its entry. */
  'exports.remove': call(z.strictObject({ id: z.number().int().positive() }), returns<{ id: number }>()),
  /** Hands a finished export to the user: a download (browser shell) or a folder chosen in a dialog (desktop). */
  'exports.deliver': call(z.strictObject({ id: z.number().int().positive() }), returns<ExportDelivery>()),

  /**
   * Opens a playback session of `cameraIds` at `atMs`, paused unless `paused: false`. Its frames
   * come through `frames.subscribe(cameraId, { playback: session })`. A client holds at most
   * MAX_PLAYBACK_SESSIONS_PER_CLIENT sessions; opening one more closes its oldest.
   */
  'playback.open': call(z.strictObject({ cameraIds: PlaybackCameras, atMs: TimeMs, speed: Speed.optional(), paused: z.boolean().optional() }), returns<PlaybackState>()),
  /** Moves the playhead; into a gap of every camera it goes to the nearest recording and says so. */
  'playback.seek': call(z.strictObject({ session: SessionId, atMs: TimeMs }), returns<PlaybackState>()),
  'playback.setSpeed': call(z.strictObject({ session: SessionId, speed: Speed }), returns<PlaybackState>()),
  'playback.pause': call(z.strictObject({ session: SessionId, paused: z.boolean({ error: 'must be true or false' }) }), returns<PlaybackState>()),
  /** Pauses and moves to the next (1) or previous (-1) recorded frame of any of the session's cameras. */
  'playback.step': call(z.strictObject({ session: SessionId, frames: z.union([z.literal(1), z.literal(-1)], { error: 'must be 1 or -1' }) }), returns<PlaybackState>()),
  /** Changes the session's cameras (the layout changed), keeping its clock. */
  'playback.setCameras': call(z.strictObject({ session: SessionId, cameraIds: PlaybackCameras }), returns<PlaybackState>()),
  'playback.close': call(z.strictObject({ session: SessionId }), returns<{ session: number }>()),

  /**
   * Starts the built-in simulator in the core and adds its demo cameras (as `--demo` does), for
   * the empty wall's "Show demo cameras". Does nothing when the demo runs and its cameras are
   * still in the list.
   */
  'demo.start': call(NoArgs, returns<DemoStartResult>()),

  /**
   * Motion events (Camwall's detector and the cameras' own) that overlap [fromMs, toMs), newest
   * first, at most `limit`; `cameraIds` absent means every camera; `zone` keeps those in that zone.
   */
  'motion.events': call(
    ranged(z.strictObject({
      cameraIds: z.array(Id).max(MAX_CAMERAS).optional(),
      fromMs: TimeMs,
      toMs: TimeMs,
      zone: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(MAX_MOTION_EVENTS_PER_QUERY).optional(),
    }), MAX_TIMELINE_RANGE_MS),
    returns<MotionEvent[]>(),
  ),
  /** The thumbnail (JPEG of the event's peak frame) of a motion event; 'not-found' when it has none. */
  'motion.thumbnail': call(z.strictObject({ id: z.number().int().positive() }), returns<Frame>()),
  /** Per camera, the peak activity score in each of `buckets` equal slices of [fromMs, toMs), for the timeline's graph. */
  'motion.activity': call(
    ranged(z.strictObject({
      cameraIds: PlaybackCameras,
      fromMs: TimeMs,
      toMs: TimeMs,
      buckets: z.number().int().min(1).max(MAX_ACTIVITY_BUCKETS),
    }), MAX_TIMELINE_RANGE_MS),
    returns<MotionActivity[]>(),
  ),
  /**
   * Starts a search for motion inside `region` of one camera's picture over [fromMs, toMs): from
   * the stored activity grid where it exists, by analysing the recordings where it does not.
   * Progress and hits come in `motion.search` pushes to the calling client; cancel with `motion.cancelSearch`.
   */
  'motion.search': call(
    ranged(z.strictObject({ cameraId: Id, fromMs: TimeMs, toMs: TimeMs, region: SearchRegion }), MAX_MOTION_SEARCH_RANGE_MS),
    returns<MotionSearchState>(),
  ),
  'motion.cancelSearch': call(z.strictObject({ id: z.number().int().positive() }), returns<MotionSearchState>()),
  /** The MJPEG re-stream's state (settings.restream configures it). */
  'restream.status': call(NoArgs, returns<RestreamStatus>()),
  /** Sets the re-stream user's password through the secret store; null or '' removes it (and stops access). */
  'restream.setPassword': call(
    z.strictObject({
      password: z
        .string({ error: 'must be text' })
        .max(MAX_RESTREAM_PASSWORD_CHARS, { error: `must be at most ${MAX_RESTREAM_PASSWORD_CHARS} characters` })
        .refine((p) => !/[\u0000-\u001f]/.test(p), { error: 'must not contain control characters' })
        .nullable(),
    }),
    returns<RestreamStatus>(),
  ),
  // ---- MQTT ----
  /** The MQTT bridge's connection, for the settings page. */
  'mqtt.status': call(NoArgs, returns<MqttStatus>()),
  /** Keeps the broker password in the secret store (null removes it) and reconnects. */
  'mqtt.setPassword': call(
    z.strictObject({ password: z.string({ error: 'must be text, or null to remove it' }).max(MAX_MQTT_PASSWORD_CHARS, { error: `must be at most ${MAX_MQTT_PASSWORD_CHARS} characters` }).nullable() }),
    returns<MqttStatus>(),
  ),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller passes (before defaults). */
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
/** What a handler receives (after validation). */
export type ValidArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = Calls[K] extends Returns<infer R> ? R : never;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
