// App-wide settings: one typed schema with a default for every key, stored key by key as JSON.
import { z } from 'zod';
import { patchSchema } from './validation.ts';
import { MAX_RETENTION_DAYS, MAX_RETENTION_GB, MIN_RETENTION_GB, RECORD_MODES } from './camera.ts';
import { layoutIdSchema } from './layout.ts';
import { mqttSettingsSchema, notificationSettingsSchema } from './integrations.ts';

export const MIN_STALL_TIMEOUT_S = 2;
export const MAX_STALL_TIMEOUT_S = 300;
export const MAX_EVENT_RETENTION_DAYS = 3650;
export const MAX_PATH_CHARS = 4096;
export const MIN_TOUR_DWELL_S = 2;
export const MAX_TOUR_DWELL_S = 3600;
export const MAX_TOUR_STEPS = 100;
const GIB = 1024 ** 3;
/** Choices for `passwordStorage`, where no OS keychain protects camera passwords. */
export const PASSWORD_STORAGE_CHOICES = ['ask', 'never', 'session', 'obfuscated'] as const;
export type PasswordStorageChoice = (typeof PASSWORD_STORAGE_CHOICES)[number];

const ABSOLUTE_PATH_RE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

function intIn(min: number, max: number, unit = ''): z.ZodNumber {
  const message = `must be an integer from ${min} to ${max}${unit}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const retentionGbSchema = z
  .number({ error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}; leave it empty for no limit` })
  .min(MIN_RETENTION_GB, { error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}; leave it empty for no limit` })
  .max(MAX_RETENTION_GB, { error: `must be a number of GB from ${MIN_RETENTION_GB} to ${MAX_RETENTION_GB}; leave it empty for no limit` })
  .nullable();

export const newCameraDefaultsSchema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  recordMode: z.enum(['off', 'continuous'] as const satisfies ReadonlyArray<(typeof RECORD_MODES)[number]>, {
    error: "must be 'off' or 'continuous'",
  }).default('off'),
  retentionDays: intIn(1, MAX_RETENTION_DAYS, ' days').nullable().default(null),
  retentionGb: retentionGbSchema.default(null),
});

/** Where `camwall serve` re-streams cameras as MJPEG when the user turns it on (docs/restream.md). */
export const DEFAULT_RESTREAM_PORT = 8091;
/** The re-stream's user name when none is set. */
export const DEFAULT_RESTREAM_USER = 'camwall';
export const MAX_RESTREAM_USER_CHARS = 64;
const RESTREAM_HOST_RE = /^(?:[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/;

export const restreamSettingsSchema = z.strictObject({
  /** Off by default: nothing listens until the user turns it on. */
  enabled: z.boolean({ error: 'must be true or false' }).default(false),
  /** The address it listens on: loopback unless the user chooses another (0.0.0.0 for every interface). */
  host: z
    .string({ error: 'must be an IP address or host name to listen on, e.g. 127.0.0.1' })
    .regex(RESTREAM_HOST_RE, { error: 'must be an IP address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1'),
  /** 0 picks a free port at each start (tests). */
  port: intIn(0, 65535).default(DEFAULT_RESTREAM_PORT),
  /** The user readers authenticate as; its password is kept by the secret store (restream.setPassword). */
  user: z
    .string({ error: 'must be a user name' })
    .regex(/^[A-Za-z0-9._@-]+$/, { error: 'must be letters, digits and . _ @ - only (no spaces or colons)' })
    .max(MAX_RESTREAM_USER_CHARS, { error: `must be at most ${MAX_RESTREAM_USER_CHARS} characters` })
    .default(DEFAULT_RESTREAM_USER),
  /** 'digest' (the password never crosses the network) or 'basic' too, for clients without Digest. */
  auth: z.enum(['digest', 'basic'], { error: "must be 'digest' or 'basic'" }).default('digest'),
});
export type RestreamSettings = z.output<typeof restreamSettingsSchema>;

export const settingsShape = z.strictObject({
  /** Absolute folder for recordings; null = `<data folder>/recordings`. */
  recordingsDir: z
    .string({ error: 'must be a full folder path (such as /srv/camwall or D:\\Recordings); leave it empty for the default folder' })
    .max(MAX_PATH_CHARS, { error: `must be at most ${MAX_PATH_CHARS} characters` })
    .refine((s) => ABSOLUTE_PATH_RE.test(s), { error: 'must be a full folder path (such as /srv/camwall or D:\\Recordings); leave it empty for the default folder' })
    .nullable()
    .default(null),
  /** Applied by the camera form to a new camera. */
  newCameraDefaults: newCameraDefaultsSchema.default({ enabled: true, recordMode: 'off', retentionDays: null, retentionGb: null }),
  /** Show a desktop notification when a camera goes offline (for `notifications.offlineAfterS`). */
  notifyOnOffline: z.boolean({ error: 'must be true or false' }).default(true),
  /** Desktop notifications: kinds, quiet hours, cameras left out (shared/integrations.ts). */
  notifications: notificationSettingsSchema.default(notificationSettingsSchema.parse({})),
  /** The MQTT bridge (Home Assistant discovery); its password is in the secret store, not here. */
  mqtt: mqttSettingsSchema.default(mqttSettingsSchema.parse({})),
  /**
   * What the Electron shell does with camera passwords where the OS has no keychain it can use
   * (safeStorage's basic_text backend, or none): 'never' saves none, 'session' keeps them in
   * memory until exit, 'obfuscated' stores them under a fixed key. 'ask' (not chosen yet)
   * behaves as 'session' while the renderer asks. Ignored where a keychain protects them.
   */
  passwordStorage: z.enum(PASSWORD_STORAGE_CHOICES, { error: "must be 'ask', 'never', 'session' or 'obfuscated'" }).default('ask'),
  /** All recordings together; the oldest segments go first when it is exceeded. */
  globalRetentionGb: retentionGbSchema.default(null),
  /** Recording deletes the oldest segments (or stops) to keep this much space free on the disk. */
  minFreeDiskBytes: intIn(0, Number.MAX_SAFE_INTEGER, ' bytes').default(2 * GIB),
  /** A live stream with no frame for this long is declared stalled and reconnected. */
  stallTimeoutS: intIn(MIN_STALL_TIMEOUT_S, MAX_STALL_TIMEOUT_S, ' seconds').default(10),
  /** Events older than this are pruned. */
  eventRetentionDays: intIn(1, MAX_EVENT_RETENTION_DAYS, ' days').default(90),
  /** The layout tour: the layouts it shows in turn, each for its dwell time (no steps: no tour). */
  tour: z
    .strictObject({
      steps: z
        .array(z.strictObject({ layoutId: layoutIdSchema, dwellS: intIn(MIN_TOUR_DWELL_S, MAX_TOUR_DWELL_S, ' seconds') }), { error: 'must be a list of {layoutId, dwellS}' })
        .max(MAX_TOUR_STEPS, { error: `must have at most ${MAX_TOUR_STEPS} steps` }),
    })
    .default({ steps: [] }),
  /** Tiles show the date and time each frame was captured. */
  tileClock: z.boolean({ error: 'must be true or false' }).default(false),
  /** The desktop app opens its window as a kiosk (the wall alone, full screen), as `--kiosk` does for one start. */
  startInKiosk: z.boolean({ error: 'must be true or false' }).default(false),
  /** The MJPEG re-stream of `camwall serve` for other tools (OpenCV, ffmpeg, VLC, Home Assistant). */
  restream: restreamSettingsSchema.default({ enabled: false, host: '127.0.0.1', port: DEFAULT_RESTREAM_PORT, user: DEFAULT_RESTREAM_USER, auth: 'digest' }),
});

export type Settings = z.output<typeof settingsShape>;
export type SettingsKey = keyof Settings;
export const SETTINGS_KEYS = Object.keys(settingsShape.shape) as SettingsKey[];
export const DEFAULT_SETTINGS: Settings = settingsShape.parse({});

/** What settings.set takes: any subset of the keys. */
export const settingsPatchSchema = patchSchema(settingsShape);
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
