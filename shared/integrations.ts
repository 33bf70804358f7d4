// Alerts and integrations: the settings of desktop notifications and of the MQTT bridge, what a
// notification says (the `notification.show` push both shells act on), and the MQTT connection's
// state for the settings page. Pure: the renderer validates with the same schemas the core does.
import { z } from 'zod';

/** What a notification is about; `summary` gathers what the rate limit or the quiet hours held back. */
export const NOTIFICATION_KINDS = ['motion', 'offline', 'recording', 'disk'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** The kinds that belong to one camera (and can be turned off per camera). */
export const CAMERA_NOTIFICATION_KINDS = ['motion', 'offline', 'recording'] as const;
export type CameraNotificationKind = (typeof CAMERA_NOTIFICATION_KINDS)[number];

export const MAX_OFFLINE_AFTER_S = 86_400;
/** Cameras with their own notification choices (MAX_CAMERAS in the API). */
export const MAX_NOTIFICATION_CAMERAS = 1_000;
export const MAX_TOPIC_PREFIX_CHARS = 64;
export const MAX_BROKER_URL_CHARS = 2_048;
export const MAX_MQTT_USERNAME_CHARS = 256;
export const MAX_MQTT_PASSWORD_CHARS = 1_024;
export const MIN_SNAPSHOT_INTERVAL_S = 1;
export const MAX_SNAPSHOT_INTERVAL_S = 3_600;
const MAX_PATH_CHARS = 4_096;
const ABSOLUTE_PATH_RE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
const CLOCK_TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CAMERA_ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

function intIn(min: number, max: number, unit = ''): z.ZodNumber {
  const message = `must be an integer from ${min} to ${max}${unit}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}
const bool = (value: boolean) => z.boolean({ error: 'must be true or false' }).default(value);
const clockTime = (value: string) => z.string({ error: 'must be a time of day as HH:MM' }).regex(CLOCK_TIME_RE, { error: 'must be a time of day as HH:MM (00:00 to 23:59)' }).default(value);

export const notificationSettingsSchema = z.strictObject({
  /** Master switch: no desktop notification at all when off. */
  enabled: bool(true),
  /** Per kind, for every camera (offline is the older `notifyOnOffline` setting). */
  motion: bool(false),
  recording: bool(true),
  disk: bool(true),
  /** A camera must stay offline this long before it is worth a notification (0: at once). */
  offlineAfterS: intIn(0, MAX_OFFLINE_AFTER_S, ' seconds').default(60),
  /** No notification between start and end (local time); end before start spans midnight. */
  quietHours: z
    .strictObject({ enabled: bool(false), start: clockTime('22:00'), end: clockTime('07:00') })
    .refine((q) => !q.enabled || q.start !== q.end, { error: 'quiet hours must start and end at different times', path: ['end'] })
    .default({ enabled: false, start: '22:00', end: '07:00' }),
  /** Kinds turned off for single cameras: camera id → kinds. */
  mutedCameras: z
    .record(
      z.string().regex(CAMERA_ID_RE, { error: 'must be a camera id such as cam-k3x9a2bq' }),
      z.array(z.enum(CAMERA_NOTIFICATION_KINDS, { error: "must be 'motion', 'offline' or 'recording'" })).max(CAMERA_NOTIFICATION_KINDS.length),
      { error: 'must map camera ids to lists of kinds' },
    )
    .refine((m) => Object.keys(m).length <= MAX_NOTIFICATION_CAMERAS, { error: `at most ${MAX_NOTIFICATION_CAMERAS} cameras` })
    .default({}),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export const MQTT_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const;

/** Why a broker URL is refused, or null when it is fine. Credentials never go in the URL. */
export function brokerUrlProblem(text: string): string | null {
  // By hand: shared/ has no URL class (neither Node nor DOM); the core parses it again to connect.
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(text.trim());
  if (!match) return 'must be a broker URL such as mqtt://broker.local:1883';
  if (!(MQTT_SCHEMES as readonly string[]).includes(`${match[1]!.toLowerCase()}:`)) return 'must start with mqtt://, mqtts://, ws:// or wss://';
  const authority = match[2]!;
  if (authority.includes('@')) return 'must not hold a user or password: set them in the user and password fields';
  const host = authority.replace(/:\d*$/, '');
  if (host === '' || host === '[]') return 'must name the broker host';
  const port = /:(\d+)$/.exec(authority)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return 'must have a port from 1 to 65535';
  return null;
}

/**
 * The first level(s) of every topic: MQTT's wildcards and the separator at either end (or twice)
 * would make topics nobody can subscribe to by name.
 */
export function topicPrefixProblem(text: string): string | null {
  if (text.length === 0) return 'required';
  if (/[#+\u0000]/.test(text)) return "must not contain '#', '+' or NUL (MQTT wildcards)";
  if (text.startsWith('/') || text.endsWith('/') || text.includes('//')) return "must not start or end with '/' or hold an empty level ('//')";
  if (text.startsWith('$')) return "must not start with '$' (brokers reserve those topics)";
  return null;
}

const checked = (problem: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const message = problem(s);
  if (message !== null) ctx.addIssue({ code: 'custom', message });
};

export const mqttSettingsSchema = z.strictObject({
  enabled: bool(false),
  /** mqtt://host:1883, mqtts://host:8883, ws://host/mqtt or wss://…; no user or password in it. */
  url: z.string({ error: 'must be a broker URL' }).trim().max(MAX_BROKER_URL_CHARS, { error: `must be at most ${MAX_BROKER_URL_CHARS} characters` }).superRefine(checked(brokerUrlProblem)).nullable().default(null),
  /** The password is kept by the secret store (`mqtt.setPassword`), never in settings. */
  username: z.string({ error: 'must be text' }).max(MAX_MQTT_USERNAME_CHARS, { error: `must be at most ${MAX_MQTT_USERNAME_CHARS} characters` }).nullable().default(null),
  topicPrefix: z.string({ error: 'must be text' }).trim().max(MAX_TOPIC_PREFIX_CHARS, { error: `must be at most ${MAX_TOPIC_PREFIX_CHARS} characters` }).superRefine(checked(topicPrefixProblem)).default('camwall'),
  /** mqtts/wss: trust this CA file (PEM) instead of the system's. */
  caFile: z
    .string({ error: 'must be an absolute file path' })
    .max(MAX_PATH_CHARS)
    .refine((s) => ABSOLUTE_PATH_RE.test(s), { error: 'must be an absolute file path, or null' })
    .nullable()
    .default(null),
  /** mqtts: accept exactly the certificate with this SHA-256 fingerprint (a self-signed broker). */
  fingerprint256: z
    .string({ error: 'must be a SHA-256 fingerprint' })
    .refine((s) => /^[0-9A-Fa-f]{64}$/.test(s.replace(/^sha-?256[:=\s]*/i, '').replace(/[\s:]/g, '')), { error: 'must be a SHA-256 fingerprint (64 hex digits, colons optional)' })
    .nullable()
    .default(null),
  /** Home Assistant discovery configs under `homeassistant/`. */
  discovery: bool(true),
  /** Obey `<prefix>/<camera>/recording/set` from the broker (anyone who may publish there controls recording). */
  remoteControl: bool(false),
  /** At most one snapshot a camera per this many seconds. */
  snapshotIntervalS: intIn(MIN_SNAPSHOT_INTERVAL_S, MAX_SNAPSHOT_INTERVAL_S, ' seconds').default(10),
});
export type MqttSettings = z.output<typeof mqttSettingsSchema>;

/** One desktop notification, decided by the core (main/integrations/notify-policy.ts). */
export type Notice = {
  id: number;
  kind: NotificationKind | 'summary';
  /** The camera it is about (null: the disk, or a summary of several). */
  cameraId: string | null;
  /** The moment to open in playback when it is clicked (wall-clock ms). */
  atMs: number;
  title: string;
  body: string;
};

/**
 * off: not enabled or no URL; connecting: trying (again); connected; auth-failed: the broker
 * refused the user or password (retried slowly); error: anything else, with the reason.
 */
export type MqttState = 'off' | 'connecting' | 'connected' | 'auth-failed' | 'error';
export type MqttStatus = {
  state: MqttState;
  /** For people: what happened and what to do; never the password. */
  message: string | null;
  /** The broker URL in use (never with credentials). */
  url: string | null;
  hasPassword: boolean;
  /** Wall-clock ms of the last connection made, or null. */
  connectedAtMs: number | null;
  /** Messages waiting for the broker, and messages replaced or dropped while waiting. */
  queued: number;
  dropped: number;
};
