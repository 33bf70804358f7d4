// One playback session as the renderer holds it: the core's last PlaybackState, the playhead
// extrapolated from it between answers (one clock for every tile of the session), and the calls
// that drive it. Seeks are throttled to what comes back: one in flight, and only the newest of
// those asked meanwhile waits (a scrub sends as many seeks as the core can answer, no more).
// Plain TypeScript outside Preact: the timeline's animation frame reads `position()` directly.
import type { CamwallApi, PlaybackState } from '../../shared/api/index.ts';
import type { Result } from '../../shared/api/result.ts';

export type SessionListener = (state: PlaybackState) => void;

export class PlaybackSessionClient {
  readonly #api: CamwallApi;
  #state: PlaybackState;
  /** performance.now() when #state arrived: the playhead moves from there. */
  #receivedAt: number;
  #seekInFlight = false;
  #seekWaiting: number | null = null;
  /** While a scrub or seek is unanswered, the playhead shows where it was asked to go. */
  #asked: number | null = null;
  #closed = false;
  #error: string | null = null;
  #moves = 0;
  readonly #listeners = new Set<SessionListener>();
  readonly #offEvent: () => void;

  private constructor(api: CamwallApi, state: PlaybackState) {
    this.#api = api;
    this.#state = state;
    this.#receivedAt = performance.now();
    this.#offEvent = api.on('playback.state', ({ state: pushed }) => {
      if (pushed.session === this.#state.session) this.#apply(pushed);
    });
  }

  static async open(api: CamwallApi, cameraIds: string[], atMs: number, options: { paused?: boolean; speed?: number } = {}): Promise<Result<PlaybackSessionClient>> {
    const result = await api.playback.open({ cameraIds, atMs: Math.max(0, Math.round(atMs)), paused: options.paused ?? true, ...(options.speed ? { speed: options.speed } : {}) });
    return result.ok ? { ok: true, value: new PlaybackSessionClient(api, result.value) } : result;
  }

  /**
   * The same playback in a new session: the browser shell's core closes a client's sessions when
   * its WebSocket drops, so after a reconnect the old id is gone. Closes this one.
   */
  async reopen(): Promise<PlaybackSessionClient | null> {
    const s = this.#state;
    const result = await PlaybackSessionClient.open(this.#api, s.cameras.map((c) => c.cameraId), this.position(), { paused: s.paused, speed: s.speed });
    this.close();
    return result.ok ? result.value : null;
  }

  get session(): number {
    return this.#state.session;
  }

  get state(): PlaybackState {
    return this.#state;
  }

  /** The last call's error, until the next call succeeds. */
  get error(): string | null {
    return this.#error;
  }

  /** The playhead now (UTC ms): extrapolated at the session's speed, never past the present. */
  position(): number {
    if (this.#asked !== null) return this.#asked;
    const s = this.#state;
    if (s.paused) return s.positionMs;
    const moved = s.positionMs + (performance.now() - this.#receivedAt) * s.speed;
    return Math.max(0, Math.min(moved, Date.now()));
  }

  /** Counts the playhead's jumps asked for (seeks, steps): the timeline brings a jump into view. */
  get moves(): number {
    return this.#moves;
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Moves the playhead; while a seek is unanswered only the newest asked waits. */
  seek(atMs: number): void {
    const target = Math.max(0, Math.min(Math.round(atMs), Date.now()));
    this.#asked = target;
    this.#moves += 1;
    if (this.#seekInFlight) {
      this.#seekWaiting = target;
      return;
    }
    void this.#sendSeek(target);
  }

  async #sendSeek(target: number): Promise<void> {
    this.#seekInFlight = true;
    const result = await this.#api.playback.seek({ session: this.session, atMs: target });
    this.#seekInFlight = false;
    const waiting = this.#seekWaiting;
    this.#seekWaiting = null;
    if (waiting !== null && !this.#closed) {
      // The playhead keeps showing the newest asked position (#asked) until that one is answered.
      this.#take(result);
      void this.#sendSeek(waiting);
      return;
    }
    this.#asked = null;
    this.#take(result);
  }

  /** Moves by `deltaMs` from the playhead now. */
  jump(deltaMs: number): void {
    this.seek(this.position() + deltaMs);
  }

  async pause(paused: boolean): Promise<void> {
    this.#take(await this.#api.playback.pause({ session: this.session, paused }));
  }

  async setSpeed(speed: number): Promise<void> {
    this.#take(await this.#api.playback.setSpeed({ session: this.session, speed }));
    if (this.#state.paused) await this.pause(false);
  }

  async step(frames: 1 | -1): Promise<void> {
    this.#moves += 1;
    this.#take(await this.#api.playback.step({ session: this.session, frames }));
  }

  async setCameras(cameraIds: string[]): Promise<void> {
    if (cameraIds.length === 0) return;
    this.#take(await this.#api.playback.setCameras({ session: this.session, cameraIds }));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#offEvent();
    this.#listeners.clear();
    void this.#api.playback.close({ session: this.session });
  }

  get closed(): boolean {
    return this.#closed;
  }

  #take(result: Result<PlaybackState>): void {
    if (this.#closed) return;
    if (!result.ok) {
      this.#error = result.error.message;
      this.#asked = null;
      for (const listener of this.#listeners) listener(this.#state);
      return;
    }
    this.#error = null;
    this.#apply(result.value);
  }

  #apply(state: PlaybackState): void {
    this.#state = state;
    this.#receivedAt = performance.now();
    for (const listener of this.#listeners) listener(state);
  }
}
