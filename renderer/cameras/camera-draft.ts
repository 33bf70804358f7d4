// The camera form's state: every field as the text the user typed, and the conversion to what
// cameras.add / cameras.update / cameras.test take. Validation is the core's (shared/camera.ts):
// the form shows its field errors rather than guessing them.
import type { Camera, CameraInput, RecordMode } from '../../shared/camera.ts';
import type { CameraUrlFields } from '../../shared/camera-url.ts';
import type { Settings } from '../../shared/settings.ts';
import { emptySchedule, scheduleDraftOf, scheduleRangesOf, type ScheduleDraft } from './schedule-draft.ts';

export type CameraDraft = {
  name: string;
  kind: 'vapix' | 'url';
  scheme: 'http' | 'https';
  host: string;
  port: string;
  path: string;
  resolution: string;
  fps: string;
  /** VAPIX channel (video input of an encoder); '' = the camera's default, 1. */
  channel: string;
  subResolution: string;
  subFps: string;
  subPath: string;
  username: string;
  /** '' keeps the saved password when editing. */
  password: string;
  clearPassword: boolean;
  certSha256: string;
  enabled: boolean;
  allowBasicAfterDigest: boolean;
  vapixEvents: boolean;
  recordMode: RecordMode;
  schedule: ScheduleDraft;
  retentionDays: string;
  retentionGb: string;
};

export function emptyDraft(settings: Settings | null): CameraDraft {
  return {
    name: '',
    kind: 'vapix',
    scheme: 'http',
    host: '',
    port: '',
    path: '',
    resolution: '',
    fps: '',
    channel: '',
    subResolution: '',
    subFps: '',
    subPath: '',
    username: '',
    password: '',
    clearPassword: false,
    certSha256: '',
    enabled: settings?.newCameraDefaults.enabled ?? true,
    allowBasicAfterDigest: false,
    vapixEvents: true,
    recordMode: settings?.newCameraDefaults.recordMode ?? 'off',
    schedule: emptySchedule(),
    retentionDays: settings?.newCameraDefaults.retentionDays == null ? '' : String(settings.newCameraDefaults.retentionDays),
    retentionGb: settings?.newCameraDefaults.retentionGb == null ? '' : String(settings.newCameraDefaults.retentionGb),
  };
}

export function draftOf(camera: Camera): CameraDraft {
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  return {
    name: camera.name,
    kind: camera.kind,
    scheme: camera.scheme,
    host: camera.host,
    port: text(camera.port),
    path: text(camera.path),
    resolution: text(camera.resolution),
    fps: text(camera.fps),
    channel: text(camera.channel),
    subResolution: text(camera.subResolution),
    subFps: text(camera.subFps),
    subPath: text(camera.subPath),
    username: text(camera.username),
    password: '',
    clearPassword: false,
    certSha256: text(camera.certSha256),
    enabled: camera.enabled,
    allowBasicAfterDigest: camera.allowBasicAfterDigest,
    vapixEvents: camera.vapixEvents,
    recordMode: camera.recordMode,
    schedule: scheduleDraftOf(camera.schedule),
    retentionDays: text(camera.retentionDays),
    retentionGb: text(camera.retentionGb),
  };
}

/** A number field: empty means "not set"; anything else goes as typed so the core can name it. */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : (trimmed as unknown as number);
}

export function inputOf(draft: CameraDraft, editing: boolean): CameraInput {
  const input: CameraInput = {
    name: draft.name,
    kind: draft.kind,
    scheme: draft.scheme,
    host: draft.host,
    port: numberOrNull(draft.port),
    path: draft.kind === 'url' ? draft.path : null,
    resolution: draft.resolution.trim() || null,
    fps: numberOrNull(draft.fps),
    channel: draft.kind === 'vapix' ? numberOrNull(draft.channel) : null,
    subResolution: draft.subResolution.trim() || null,
    subFps: numberOrNull(draft.subFps),
    subPath: draft.kind === 'url' ? draft.subPath : null,
    username: draft.username,
    certSha256: draft.scheme === 'https' ? draft.certSha256 : null,
    enabled: draft.enabled,
    allowBasicAfterDigest: draft.scheme === 'http' && draft.allowBasicAfterDigest,
    vapixEvents: draft.kind === 'vapix' && draft.vapixEvents,
    recordMode: draft.recordMode,
    retentionDays: numberOrNull(draft.retentionDays),
    retentionGb: numberOrNull(draft.retentionGb),
  };
  // Only a scheduled camera sends its schedule; otherwise the saved one is kept (absent = unchanged),
  // so switching back to 'scheduled' later finds it again.
  if (draft.recordMode === 'scheduled') input.schedule = scheduleRangesOf(draft.schedule);
  if (draft.password !== '') input.password = draft.password;
  else if (editing && draft.clearPassword) input.password = null;
  return input;
}

/**
 * The draft with a pasted address's fields in place (shared/camera-url.ts parsed it): scheme,
 * host and port always; the stream's kind, path and VAPIX arguments when the address names a
 * stream; username and password only when the address carries them, so pasting a bare address
 * keeps what was typed. Compression and rotation have no field here and are kept as they were.
 */
export function draftWithUrl(draft: CameraDraft, url: CameraUrlFields): CameraDraft {
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  const next: CameraDraft = { ...draft, scheme: url.scheme, host: url.host, port: text(url.port) };
  if (url.kind === 'vapix') Object.assign(next, { kind: 'vapix', resolution: text(url.resolution), fps: text(url.fps), channel: text(url.channel) });
  if (url.kind === 'url') Object.assign(next, { kind: 'url', path: url.path ?? '' });
  if (url.username !== null) next.username = url.username;
  if (url.password !== null) next.password = url.password;
  return next;
}

/** The fields a connection test depends on; a test of another address says nothing about this one. */
export function addressKey(draft: CameraDraft): string {
  const { kind, scheme, host, port, path, resolution, fps, channel, username, password, certSha256 } = draft;
  return JSON.stringify([kind, scheme, host.trim(), port.trim(), path.trim(), resolution.trim(), fps.trim(), channel.trim(), username.trim(), password, certSha256.trim()]);
}
