// A camera as the registry stores it and the camera form edits it: the zod schema that checks
// every field with a message naming it, the types derived from it, and the stream URL builder.
// Credentials are never part of a URL built here; the stream worker sends them in headers.
import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, CONTROL_CHARS_RE, hostKind, patchSchema } from './validation.ts';
import { DEFAULT_MOTION_CONFIG, motionConfigSchema } from './motion.ts';

export const CAMERA_KINDS = ['vapix', 'url'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];
export const CAMERA_SCHEMES = ['http', 'https'] as const;
export type CameraScheme = (typeof CAMERA_SCHEMES)[number];
/**
 * 'motion': record only while there is motion (with the camera's pre-roll and post-roll), which
 * needs `motion.enabled`. "Continuous, motion marked" is 'continuous' with `motion.enabled`: the
 * two are separate settings (when to record, whether to detect), see docs/motion-recording.md.
 */
export const RECORD_MODES = ['off', 'continuous', 'scheduled', 'motion'] as const;
export type RecordMode = (typeof RECORD_MODES)[number];
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

export const MAX_NAME_LENGTH = 64;
export const MAX_PATH_LENGTH = 2048;
export const MAX_USERNAME_LENGTH = 128;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_FPS = 120;
export const MAX_CHANNEL = 64;
export const MAX_RESOLUTION_SIDE = 16384;
export const MAX_SCHEDULE_RANGES = 100;
export const MAX_RETENTION_DAYS = 3650;
export const MIN_RETENTION_GB = 0.1;
export const MAX_RETENTION_GB = 1_000_000;
export const VAPIX_STREAM_PATH = '/axis-cgi/mjpg/video.cgi';

/** Camera ids end up in recording paths, so they are restricted to safe file-name characters. */
export const CAMERA_ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const cameraIdSchema = z
  .string({ error: 'must be a camera id such as cam-k3x9a2bq' })
  .regex(CAMERA_ID_RE, { error: 'must be a camera id such as cam-k3x9a2bq (lowercase letters, digits and dashes)' });

const RESOLUTION_RE = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/;
const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const SHA256_RE = /^[0-9a-f]{64}$/;

function intIn(min: number, max: number, unit = ''): z.ZodNumber {
  const message = `must be an integer from ${min} to ${max}${unit}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

function text(max: number, what = 'characters'): z.ZodString {
  return z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} ${what}` })
    .refine((s) => !CONTROL_CHARS_RE.test(s), { error: CONTROL_CHARS_MESSAGE });
}

/** Optional text: '' and whitespace count as "not set" (null), which is what an empty form field means. */
function optionalText<T extends z.ZodType<string, string>>(schema: T) {
  return z
    .string({ error: 'must be text' })
    .nullable()
    .optional()
    .transform((s) => (s === undefined || s === null || s.trim() === '' ? null : s.trim()))
    .pipe(schema.nullable());
}

const resolutionSchema = z.string({ error: 'must be WIDTHxHEIGHT, e.g. 1280x720' }).refine(
  (s) => {
    const m = RESOLUTION_RE.exec(s);
    return m !== null && Number(m[1]) <= MAX_RESOLUTION_SIDE && Number(m[2]) <= MAX_RESOLUTION_SIDE;
  },
  { error: `must be WIDTHxHEIGHT, e.g. 1280x720 (each side at most ${MAX_RESOLUTION_SIDE})` },
);

/** Path and query of a stream on the camera: no scheme, host or credentials, those have fields. */
const streamPathSchema = text(MAX_PATH_LENGTH)
  .refine((s) => s.startsWith('/') && !s.startsWith('//'), {
    error: "must start with a single '/' (the path and query only; host, port and credentials have their own fields)",
  })
  .refine((s) => !/\s|\\/.test(s), { error: 'must not contain spaces or backslashes (percent-encode them)' })
  .refine((s) => !(s.split(/[?#]/)[0] ?? '').includes('@'), {
    error: 'must not contain user:password@; use the username and password fields',
  });

const hostSchema = z
  .string({ error: 'must be a hostname, an IPv4 address or an IPv6 address' })
  .transform((s) => {
    const trimmed = s.trim();
    return trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  })
  .refine((s) => s !== '', { error: 'required: a hostname, an IPv4 address or an IPv6 address' })
  .refine((s) => s === '' || hostKind(s) !== null, {
    error: 'must be a hostname (camera.local), an IPv4 address (192.0.2.10) or an IPv6 address (2001:db8::10), without scheme, port or path',
  });

const fingerprintSchema = z
  .string({ error: 'must be a SHA-256 fingerprint: 64 hex digits' })
  .transform((s) => s.replace(/[:\s]/g, '').toLowerCase())
  .refine((s) => SHA256_RE.test(s), { error: 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed' });

const timeSchema = z.string({ error: 'must be a time HH:MM from 00:00 to 24:00' }).regex(TIME_RE, {
  error: 'must be a time HH:MM from 00:00 to 24:00',
});

export const scheduleRangeSchema = z
  .strictObject({
    day: intIn(0, 6, ' (0 is Sunday)'),
    from: timeSchema,
    to: timeSchema,
  })
  .refine((r) => r.from !== '24:00', { error: "'from' must be before 24:00 (a range that starts at midnight starts at 00:00 the next day)", path: ['from'] })
  .refine((r) => r.from !== r.to, { error: "'to' must differ from 'from' (a whole day is 00:00 to 24:00)", path: ['to'] });
export type ScheduleRange = z.output<typeof scheduleRangeSchema>;

/**
 * A range whose `to` is not after its `from` runs overnight, into the next day (Saturday's into
 * Sunday): 22:00-06:00 on day 5 records Friday 22:00 to Saturday 06:00. Stored as entered, so
 * schedules saved before overnight ranges existed (always from < to) keep their meaning.
 */
export function scheduleRangeIsOvernight(range: Pick<ScheduleRange, 'from' | 'to'>): boolean {
  return range.to !== '24:00' && range.to <= range.from;
}

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional().transform((v) => v ?? null);

/** The fields a camera form edits (and cameras.add takes). Optional fields default as shown. */
export const cameraShape = z.strictObject({
  name: text(MAX_NAME_LENGTH)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, { error: 'required' }),
  kind: z.enum(CAMERA_KINDS, { error: "must be 'vapix' or 'url'" }).default('vapix'),
  scheme: z.enum(CAMERA_SCHEMES, { error: "must be 'http' or 'https'" }).default('http'),
  host: hostSchema,
  /** Default 80 for http, 443 for https. */
  port: nullable(intIn(1, 65535)),
  // VAPIX arguments of the main stream; null = the camera's own default.
  resolution: nullable(resolutionSchema),
  fps: nullable(intIn(1, MAX_FPS)),
  compression: nullable(intIn(0, 100)),
  channel: nullable(intIn(1, MAX_CHANNEL)),
  rotation: nullable(z.union(ROTATIONS.map((r) => z.literal(r)), { error: 'must be 0, 90, 180 or 270' })),
  /** kind 'url': path and query of the MJPEG (or single JPEG) stream. */
  path: optionalText(streamPathSchema),
  // The smaller stream for grid tiles: VAPIX resolution/fps, or another path for kind 'url'.
  subResolution: nullable(resolutionSchema),
  subFps: nullable(intIn(1, MAX_FPS)),
  subPath: optionalText(streamPathSchema),
  username: optionalText(
    text(MAX_USERNAME_LENGTH).refine((s) => !s.includes(':'), { error: "must not contain ':' (HTTP Basic cannot carry it)" }),
  ),
  /** Plain text, only on the way in: undefined keeps the stored one, null clears it. */
  password: z
    .string({ error: 'must be text' })
    .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` })
    .refine((s) => !s.includes('\u0000'), { error: 'must not contain a NUL character' })
    .nullable()
    .optional(),
  certSha256: optionalText(fingerprintSchema),
  /**
   * Plain http only: answer Basic even after the camera used Digest (a deliberate change on the
   * camera). Off: such a switch is refused, since Basic sends the password readable.
   */
  allowBasicAfterDigest: z.boolean({ error: 'must be true or false' }).default(false),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  /**
   * VAPIX cameras: follow the camera's own event stream (its motion detection, tampering,
   * day/night, digital inputs; docs/axis-events.md). A camera without it is noticed once and left
   * alone. Always false for 'url' cameras.
   */
  vapixEvents: z.boolean({ error: 'must be true or false' }).default(true),
  recordMode: z.enum(RECORD_MODES, { error: "must be 'off', 'continuous', 'scheduled' or 'motion'" }).default('off'),
  schedule: z
    .array(scheduleRangeSchema, { error: 'must be a list of {day, from, to} ranges' })
    .max(MAX_SCHEDULE_RANGES, { error: `must have at most ${MAX_SCHEDULE_RANGES} ranges` })
    .default([]),
  /** null = keep until the global limits remove it. */
  retentionDays: nullable(intIn(1, MAX_RETENTION_DAYS, ' days')),
  retentionGb: nullable(
    z
      .number({ error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}` })
      .min(MIN_RETENTION_GB, { error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}` })
      .max(MAX_RETENTION_GB, { error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}` }),
  ),
  /** Motion detection, zones, and the pre-roll and post-roll of recording on motion (shared/motion.ts); replaced whole on update. */
  motion: motionConfigSchema.default(DEFAULT_MOTION_CONFIG),
});

/**
 * A whole camera as submitted: every field checked, then normalised. Fields that do not apply
 * (VAPIX arguments on a 'url' camera, `path` on a VAPIX one, a fingerprint on plain http) are
 * dropped to null rather than refused, so a form that switches kind can send what it holds.
 */
export const cameraInputSchema = cameraShape
  .superRefine((camera, ctx) => {
    if (camera.kind === 'url' && camera.path === null) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: "required for a camera of kind 'url' (e.g. /mjpg/video.mjpg)" });
    }
    if (camera.recordMode === 'scheduled' && camera.schedule.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: "needs at least one range when recordMode is 'scheduled'" });
    }
    if (camera.recordMode === 'motion' && !camera.motion.enabled) {
      ctx.addIssue({ code: 'custom', path: ['motion', 'enabled'], message: "must be true when recordMode is 'motion' (turn motion detection on, or choose another recording mode)" });
    }
  })
  .transform((camera) => {
    const vapix = camera.kind === 'vapix';
    return {
      ...camera,
      port: camera.port ?? (camera.scheme === 'https' ? 443 : 80),
      resolution: vapix ? camera.resolution : null,
      fps: vapix ? camera.fps : null,
      compression: vapix ? camera.compression : null,
      channel: vapix ? camera.channel : null,
      rotation: vapix ? camera.rotation : null,
      path: vapix ? null : camera.path,
      subResolution: vapix ? camera.subResolution : null,
      subFps: vapix ? camera.subFps : null,
      subPath: vapix ? null : camera.subPath,
      certSha256: camera.scheme === 'https' ? camera.certSha256 : null,
      allowBasicAfterDigest: camera.scheme === 'http' ? camera.allowBasicAfterDigest : false,
      vapixEvents: vapix ? camera.vapixEvents : false,
    };
  });

/** What cameras.add takes: `name` and `host` at least (and `path` for kind 'url'). */
export type CameraInput = z.input<typeof cameraInputSchema>;
/** Every field of a camera after validation, password aside. */
export type CameraFields = Omit<z.output<typeof cameraInputSchema>, 'password'>;

/** What cameras.update takes: any subset of the fields; the result is validated as a whole. */
export const cameraPatchSchema = patchSchema(cameraShape);
export type CameraPatch = z.input<typeof cameraPatchSchema>;

/** A stored camera as every reader sees it; the password never leaves the registry this way. */
export interface Camera extends CameraFields {
  readonly id: string;
  readonly position: number;
  readonly hasPassword: boolean;
  readonly createdMs: number;
  readonly updatedMs: number;
}

export type StreamAddress = Pick<
  CameraFields,
  'kind' | 'scheme' | 'host' | 'port' | 'resolution' | 'fps' | 'compression' | 'channel' | 'rotation' | 'path' | 'subResolution' | 'subFps' | 'subPath'
>;

export function hasSubStream(camera: StreamAddress): boolean {
  return camera.kind === 'vapix' ? camera.subResolution !== null || camera.subFps !== null : camera.subPath !== null;
}

/** `http://host:port` with IPv6 bracketed and the scheme's default port left out. */
export function cameraOrigin(camera: Pick<StreamAddress, 'scheme' | 'host' | 'port'>): string {
  const host = camera.host.includes(':') ? `[${camera.host}]` : camera.host;
  const defaultPort = camera.scheme === 'https' ? 443 : 80;
  return `${camera.scheme}://${host}${camera.port === defaultPort ? '' : `:${camera.port}`}`;
}

/**
 * The URL of the camera's main stream or its smaller tile stream, without credentials. A camera
 * without a sub stream answers its main stream for 'sub', so tiles always have something to show.
 * VAPIX: only the arguments that are set, so the camera's defaults apply to the rest.
 */
export function cameraStreamUrl(camera: StreamAddress, which: 'main' | 'sub'): string {
  const sub = which === 'sub' && hasSubStream(camera);
  if (camera.kind === 'url') {
    return cameraOrigin(camera) + ((sub ? camera.subPath : camera.path) ?? '/');
  }
  const args: Array<[string, string | number | null]> = [
    ['resolution', sub ? (camera.subResolution ?? camera.resolution) : camera.resolution],
    ['fps', sub ? (camera.subFps ?? camera.fps) : camera.fps],
    ['compression', camera.compression],
    ['camera', camera.channel],
    ['rotation', camera.rotation],
  ];
  const query = args
    .filter((arg): arg is [string, string | number] => arg[1] !== null)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${cameraOrigin(camera)}${VAPIX_STREAM_PATH}${query === '' ? '' : `?${query}`}`;
}
