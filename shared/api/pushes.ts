// Pushes: everything the core tells the renderer without being asked (not to be confused with
// the event log, main/registry/event-log.ts, which `events.query` reads and the push
// `events.appended` announces). Each shell sends every push to every window or client; `api.on(name, handler)` picks the ones it wants. Payloads carry the
// new state whole (the full camera list, not a diff) so a handler never has to merge.
import type { StorageInfo } from './calls.ts';
import type { Camera, CameraStats, CameraStatus, EventEntry, Layout, LayoutPreset, Settings } from './domain.ts';
import type { ExportJob, PlaybackState } from './calls.ts';
import type { MotionEvent, MotionSearchState } from '../motion.ts';
import type { MqttStatus, Notice } from '../integrations.ts';

/**
 * off: the camera does not record (mode off, or disabled); waiting: it should record (or will, by
 * its schedule) but nothing is being written: outside the schedule, or no picture yet; recording:
 * frames are being written; error: the recorder stopped (disk full, folder not writable) and
 * retries by itself.
 */
export type RecordingState = 'off' | 'waiting' | 'recording' | 'error';

/** What the Electron shell's application menu asks the renderer to do (the browser shell sends none). */
export type AppCommand =
  | { kind: 'add-camera' }
  | { kind: 'import-cameras' }
  | { kind: 'export-cameras' }
  | { kind: 'layout-preset'; preset: LayoutPreset }
  | { kind: 'show-shortcuts' }
  /** A notification was clicked: that camera in playback at that moment. */
  | { kind: 'open-playback'; cameraId: string; atMs: number };

export type ApiPushes = {
  /** A camera's stream changed state (connecting, live, stalled, error, auth-failed, ...). */
  'camera.status': { cameraId: string; status: CameraStatus };
  /** A camera's figures, about once a second while it streams. */
  'camera.stats': { cameraId: string; stats: CameraStats };
  /** A camera was added, changed, removed or reordered: the whole list, in order. */
  'cameras.changed': { cameras: Camera[] };
  'layouts.changed': { layouts: Layout[] };
  'settings.changed': { settings: Settings };
  /** A new entry in the event log (camera online/offline, auth failures, recording errors, ...). */
  'events.appended': { entry: EventEntry };
  /** A camera's recorder started, stopped, waits for its schedule, or failed (with the reason). */
  'recording.state': { cameraId: string; state: RecordingState; message: string | null };
  /** The data disk became full or has room again (also in app.info). */
  'storage.changed': { storage: StorageInfo };
  /** A menu item of the Electron shell was chosen; sent to the focused window only. */
  'app.command': { command: AppCommand };
  /**
   * A playback session's cameras changed state (a gap began or ended, a segment could not be
   * read) or its playhead stopped by itself; sent to the client that owns the session only.
   */
  'playback.state': { state: PlaybackState };
  /** An export was queued, moved on, finished, failed or was cancelled (progress at most 4 times a second). */
  'export.changed': { job: ExportJob };
  /** A motion event began, or ended (the same id, with `endMs` set). */
  'motion.event': { event: MotionEvent };
  /** A motion search moved on, found moments, or finished; sent to the client that started it only. */
  'motion.search': { search: MotionSearchState };
  /**
   * A desktop notification the core decided on (kind, quiet hours and rate limit applied). The
   * Electron shell shows it itself; a browser page shows it with the Web Notifications API.
   */
  'notification.show': { notice: Notice };
  /** The MQTT bridge connected, lost the broker, was refused, or was turned off. */
  'mqtt.status': { status: MqttStatus };
};

export type PushName = keyof ApiPushes;

export const PUSH_NAMES = [
  'camera.status',
  'camera.stats',
  'cameras.changed',
  'layouts.changed',
  'settings.changed',
  'events.appended',
  'recording.state',
  'storage.changed',
  'app.command',
  'playback.state',
  'export.changed',
  'motion.event',
  'motion.search',
  'notification.show',
  'mqtt.status',
] as const satisfies readonly PushName[];

// Fails to compile when an event is missing from PUSH_NAMES.
type MissingEvents = Exclude<PushName, (typeof PUSH_NAMES)[number]>;
const everyEventListed: MissingEvents extends never ? true : false = true;
void everyEventListed;

export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && (PUSH_NAMES as readonly string[]).includes(name);
}
