// What the core reports about each camera while the app runs: its stream state, its figures and
// its recorder's state. Kept outside the component tree with listeners per camera, so a stats
// event (about once a second per camera) re-renders one tile overlay and one list row, not the app.
import type { CameraStatuses, CamwallApi } from '../../shared/api/index.ts';
import type { RecordingState } from '../../shared/api/pushes.ts';
import type { CameraStats, CameraStatus } from '../../shared/camera-status.ts';

export type CameraLive = {
  status: CameraStatus | null;
  stats: CameraStats | null;
  recording: { state: RecordingState; message: string | null } | null;
};

const EMPTY: CameraLive = { status: null, stats: null, recording: null };

export class LiveStore {
  private readonly byCamera = new Map<string, CameraLive>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(cameraId: string): CameraLive {
    return this.byCamera.get(cameraId) ?? EMPTY;
  }

  /** Calls `listener` whenever the camera's entry changes; returns the unsubscribe function. */
  watch(cameraId: string, listener: () => void): () => void {
    let set = this.listeners.get(cameraId);
    if (!set) this.listeners.set(cameraId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(cameraId);
    };
  }

  /** Follows the API's events until the returned function is called. */
  connect(api: CamwallApi): () => void {
    const stops = [
      api.on('camera.status', ({ cameraId, status }) => this.update(cameraId, { status })),
      api.on('camera.stats', ({ cameraId, stats }) => this.update(cameraId, { stats })),
      api.on('recording.state', ({ cameraId, state, message }) => this.update(cameraId, { recording: { state, message } })),
      api.on('cameras.changed', ({ cameras }) => {
        const present = new Set(cameras.map((c) => c.id));
        for (const id of [...this.byCamera.keys()]) if (!present.has(id)) this.byCamera.delete(id);
      }),
    ];
    this.refresh(api);
    return () => stops.forEach((stop) => stop());
  }

  /**
   * Asks the core for every camera's stream state and recorder state now: at start, and after a
   * reconnect (events sent while the connection was down are lost). Without it a camera that
   * stays live would read "Connecting" until its state next changes.
   */
  refresh(api: CamwallApi): void {
    void api.cameras.statuses().then((result) => {
      if (result.ok) this.applyStatuses(result.value);
    });
    // Recorders that started before this window opened: their state now, unless an event came first.
    void api.recordings.states().then((result) => {
      if (!result.ok) return;
      for (const { cameraId, state, message } of result.value) {
        if (this.get(cameraId).recording === null) this.update(cameraId, { recording: { state, message } });
      }
    });
  }

  /**
   * Takes each answered status unless this window already holds a newer one: a `camera.status`
   * event may overtake the answer. `since` orders them (every transition sets it anew).
   */
  applyStatuses(statuses: CameraStatuses): void {
    for (const [cameraId, status] of Object.entries(statuses)) {
      const known = this.get(cameraId).status;
      if (known === null || status.since > known.since) this.update(cameraId, { status });
    }
  }

  private update(cameraId: string, change: Partial<CameraLive>): void {
    this.byCamera.set(cameraId, { ...this.get(cameraId), ...change });
    for (const listener of this.listeners.get(cameraId) ?? []) listener();
  }
}
