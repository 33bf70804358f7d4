// Writes a camera's comings and goings into the event log: online when it goes live, offline
// when a live camera stalls or fails, auth-failed when its credentials are refused. Only on
// transitions, so a camera in a retry loop writes one line, not one per attempt.
import type { CameraState, CameraStatus } from '../../shared/camera-status.ts';
import type { EventEntry } from '../../shared/api/domain.ts';
import type { EventLog } from '../registry/event-log.ts';

const OFFLINE_STATES: ReadonlySet<CameraState> = new Set(['stalled', 'error', 'backoff']);

export class StatusLog {
  #log: EventLog;
  #onEntry: (entry: EventEntry) => void;
  #wasLive = new Map<string, boolean>();
  #authFailed = new Set<string>();

  constructor(log: EventLog, onEntry: (entry: EventEntry) => void) {
    this.#log = log;
    this.#onEntry = onEntry;
  }

  /** `name` is for the message; ids go in the row. */
  status(cameraId: string, name: string, status: CameraStatus): void {
    const wasLive = this.#wasLive.get(cameraId) ?? false;
    if (status.state === 'live') {
      this.#authFailed.delete(cameraId);
      if (!wasLive) this.#write(cameraId, 'camera.online', `${name} is live`);
      this.#wasLive.set(cameraId, true);
      return;
    }
    if (status.state === 'auth-failed') {
      if (!this.#authFailed.has(cameraId)) this.#write(cameraId, 'camera.auth-failed', `${name}: ${status.reason}`);
      this.#authFailed.add(cameraId);
    } else if (wasLive && OFFLINE_STATES.has(status.state)) {
      this.#write(cameraId, 'camera.offline', `${name} went offline: ${status.reason}`);
    }
    // 'connecting' and 'stopped' (nobody watching) say nothing about the camera itself.
    if (status.state === 'auth-failed' || OFFLINE_STATES.has(status.state)) this.#wasLive.set(cameraId, false);
  }

  forget(cameraId: string): void {
    this.#wasLive.delete(cameraId);
    this.#authFailed.delete(cameraId);
  }

  #write(cameraId: string, kind: string, message: string): void {
    const event = this.#log.insert({ cameraId, kind, message });
    this.#onEntry({ id: event.id, atMs: event.atMs, cameraId: event.cameraId, kind: event.kind, message: event.message, data: event.data });
  }
}
