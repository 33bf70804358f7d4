// What the core reports about each camera while the app runs: its stream state, its figures and
// its recorder's state. Kept outside the component tree with listeners per camera, so a stats
// event (about once a second per camera) re-renders one tile overlay and one list row, not the app.
import type { CamwallApi } from '../../shared/api/index.ts';
import type { RecordingState } from '../../shared/api/events.ts';
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
    // Recorders that started before this window opened: their state now, unless an event came first.
    void api.recordings.states().then((result) => {
      if (!result.ok) return;
      for (const { cameraId, state, message } of result.value) {
        if (this.get(cameraId).recording === null) this.update(cameraId, { recording: { state, message } });
      }
    });
    return () => stops.forEach((stop) => stop());
  }

  private update(cameraId: string, change: Partial<CameraLive>): void {
    this.byCamera.set(cameraId, { ...this.get(cameraId), ...change });
    for (const listener of this.listeners.get(cameraId) ?? []) listener();
  }
}
