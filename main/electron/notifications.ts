// Desktop notifications when a camera that was live goes offline (settings.notifyOnOffline), at
// most one per camera per NOTIFY_INTERVAL_MS so a flapping camera does not flood the desktop.
// The clock and the notification sink are parameters so tests drive both.
import type { CameraState, CameraStatus } from '../../shared/camera-status.ts';

export const NOTIFY_INTERVAL_MS = 10 * 60 * 1000;
/** States that mean "no picture" after having had one; 'stopped' (removed, unwatched) is not one. */
const OFFLINE_STATES: ReadonlySet<CameraState> = new Set(['stalled', 'error', 'auth-failed']);

export type OfflineNotice = { cameraId: string; title: string; body: string };

export type OfflineNotifierOptions = {
  enabled(): boolean;
  cameraName(cameraId: string): string;
  show(notice: OfflineNotice): void;
  now?: () => number;
  intervalMs?: number;
};

export class OfflineNotifier {
  readonly #options: OfflineNotifierOptions;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #lastState = new Map<string, CameraState>();
  readonly #lastNotified = new Map<string, number>();

  constructor(options: OfflineNotifierOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.intervalMs ?? NOTIFY_INTERVAL_MS;
  }

  /** Feed every camera.status event. Returns whether a notification was shown. */
  status(cameraId: string, status: CameraStatus): boolean {
    const previous = this.#lastState.get(cameraId);
    this.#lastState.set(cameraId, status.state);
    if (previous !== 'live' || !OFFLINE_STATES.has(status.state)) return false;
    if (!this.#options.enabled()) return false;
    const now = this.#now();
    const last = this.#lastNotified.get(cameraId);
    if (last !== undefined && now - last < this.#intervalMs) return false;
    this.#lastNotified.set(cameraId, now);
    this.#options.show({ cameraId, title: `${this.#options.cameraName(cameraId)} is offline`, body: status.reason });
    return true;
  }

  forget(cameraId: string): void {
    this.#lastState.delete(cameraId);
    this.#lastNotified.delete(cameraId);
  }
}
