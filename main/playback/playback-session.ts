// One playback session: a playhead (one clock) that every camera of the session follows, as a
// wall of tiles in sync. Each camera has a player that keeps the frame recorded at the playhead
// published in the frame hub under its playback stream key, so tiles, credits and both
// transports serve recorded video exactly as they serve live video. See docs/playback.md.
//
// Pacing: a player sleeps until the playhead reaches the next frame's capture time (at the
// session's speed), then moves its cursor to the frame at or before the playhead. At high speed
// the playhead passes many frames per wake-up and the cursor jumps straight to the newest one,
// and a player whose subscribers have no credit left reads nothing until they do: fast play is
// decimated to what the tile takes, and the disk is read only for frames that are shown.
import type { PlaybackCameraState, PlaybackState } from '../../shared/api/calls.ts';
import type { Frame } from '../../shared/frame.ts';
import { playbackStream, type PlaybackStreamKey } from '../../shared/stream-key.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import type { FrameHub } from '../stream/frame-hub.ts';
import { FRAME_HOLD_MS, frameAt } from './frame-at.ts';
import { FrameCursor, type PlayedFrame, type SegmentCatalog } from './frame-cursor.ts';

/** A player wakes at most this often (100 frames a second per camera at the most). */
export const MIN_TICK_MS = 10;
/** ...and at least this often, to notice a gap ending or the segment being written growing. */
export const MAX_TICK_MS = 250;
/** While no subscriber has credit, a player looks again this soon (and reads nothing meanwhile). */
export const CREDIT_WAIT_MS = 15;

export type SessionDeps = {
  hub: FrameHub;
  catalog: SegmentCatalog;
  clock: Clock;
  /** The session's state changed by itself (a gap began or ended, the present was reached). */
  onChange(state: PlaybackState): void;
  onError(message: string): void;
};

type Player = {
  cameraId: string;
  key: PlaybackStreamKey;
  cursor: FrameCursor;
  state: PlaybackCameraState['state'];
  frameAtMs: number | null;
  message: string | null;
  /** Frames published on this player's stream (a frame's `seq`). */
  published: number;
  timer: TimerHandle | null;
  /** Every use of the cursor goes through this chain, one at a time. */
  queue: Promise<void>;
  /** A tick is queued or running. */
  ticking: boolean;
  /** Monotonic ms of the last look at the recordings. */
  lookedAt: number;
  removed: boolean;
};

export class PlaybackSession {
  readonly id: number;
  /** The client that opened it: only that client may drive it or watch its frames. */
  readonly owner: string;
  readonly #deps: SessionDeps;
  readonly #players = new Map<string, Player>();
  #anchorPositionMs: number;
  #anchorMono: number;
  #speed: number;
  #paused: boolean;
  #closed = false;
  #notice: string | null = null;

  constructor(id: number, owner: string, deps: SessionDeps, start: { cameraIds: string[]; atMs: number; speed: number; paused: boolean }) {
    this.id = id;
    this.owner = owner;
    this.#deps = deps;
    this.#speed = start.speed;
    this.#paused = start.paused;
    this.#anchorPositionMs = Math.min(start.atMs, deps.clock.now());
    this.#anchorMono = deps.clock.monotonic();
    for (const cameraId of start.cameraIds) this.#addPlayer(cameraId);
  }

  get cameraIds(): string[] {
    return [...this.#players.keys()];
  }

  /** The playhead now: wall-clock ms (UTC). Never past the present. */
  position(): number {
    if (this.#paused) return this.#anchorPositionMs;
    const moved = this.#anchorPositionMs + (this.#deps.clock.monotonic() - this.#anchorMono) * this.#speed;
    return Math.max(0, Math.min(moved, this.#deps.clock.now()));
  }

  state(): PlaybackState {
    const cameras = [...this.#players.values()].map((p) => ({ cameraId: p.cameraId, state: p.state, frameAtMs: p.frameAtMs, message: p.message }));
    return { session: this.id, positionMs: this.position(), speed: this.#speed, paused: this.#paused, cameras, notice: this.#notice };
  }

  /** Shows the frames at the start position (by the seek rule); resolves once every camera has answered. */
  start(): Promise<PlaybackState> {
    return this.seek(this.#anchorPositionMs);
  }

  /** Moves the playhead; into a gap of every camera, to the nearest recording of any (and says so). */
  async seek(atMs: number): Promise<PlaybackState> {
    const target = Math.min(atMs, this.#deps.clock.now());
    this.#notice = null;
    const answers = await Promise.all([...this.#players.values()].map((p) => this.#use(p, () => frameAt(p.cursor, target))));
    let position = target;
    if (answers.length > 0 && answers.every((a) => !a.found)) {
      const near = answers.flatMap((a) => (a.found ? [] : [a.before, a.after])).filter((t): t is number => t !== null);
      const nearest = near.reduce<number | null>((best, t) => (best === null || Math.abs(t - target) < Math.abs(best - target) ? t : best), null);
      if (nearest === null) {
        this.#notice = `Nothing was recorded by ${answers.length === 1 ? 'this camera' : 'these cameras'}.`;
      } else {
        position = nearest;
        this.#notice = `Nothing was recorded at ${new Date(target).toISOString()}; went to the nearest recording, ${new Date(nearest).toISOString()}.`;
      }
    }
    this.#setAnchor(position);
    await this.#refreshAll();
    return this.state();
  }

  async setSpeed(speed: number): Promise<PlaybackState> {
    this.#setAnchor(this.position());
    this.#speed = speed;
    this.#notice = null;
    this.#wakeAll();
    return this.state();
  }

  async pause(paused: boolean): Promise<PlaybackState> {
    this.#setAnchor(this.position());
    this.#paused = paused;
    this.#notice = null;
    if (paused) for (const player of this.#players.values()) this.#cancelTimer(player);
    else this.#wakeAll();
    return this.state();
  }

  /** Pauses on the next (1) or previous (-1) frame any camera recorded. */
  async step(frames: 1 | -1): Promise<PlaybackState> {
    const from = this.position();
    this.#paused = true;
    this.#notice = null;
    const candidates = await Promise.all([...this.#players.values()].map((p) => this.#use(p, () => neighbour(p.cursor, from, frames))));
    const times = candidates.filter((t): t is number => t !== null);
    if (times.length === 0) {
      this.#notice = frames > 0 ? 'There is no recorded frame after this one.' : 'There is no recorded frame before this one.';
      this.#setAnchor(from);
    } else {
      this.#setAnchor(frames > 0 ? Math.min(...times) : Math.max(...times));
    }
    await this.#refreshAll();
    return this.state();
  }

  async setCameras(cameraIds: string[]): Promise<PlaybackState> {
    const wanted = new Set(cameraIds);
    for (const [id, player] of this.#players) if (!wanted.has(id)) this.#removePlayer(player);
    const added = cameraIds.filter((id) => !this.#players.has(id)).map((id) => this.#addPlayer(id));
    await Promise.all(added.map((p) => this.#refresh(p)));
    return this.state();
  }

  /** Stops every player and frees its file and frames. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#players.values()].map((p) => this.#removePlayer(p)));
  }

  #addPlayer(cameraId: string): Player {
    const player: Player = {
      cameraId, key: playbackStream(cameraId, this.id), cursor: undefined as unknown as FrameCursor,
      state: 'no-recording', frameAtMs: null, message: null, published: 0, timer: null, queue: Promise.resolve(), ticking: false, lookedAt: -Infinity, removed: false,
    };
    player.cursor = new FrameCursor(this.#deps.catalog, cameraId, (skipped) => {
      player.message = `A recording could not be read and was skipped (${skipped.reason}).`;
    });
    this.#players.set(cameraId, player);
    return player;
  }

  #removePlayer(player: Player): Promise<void> {
    player.removed = true;
    this.#cancelTimer(player);
    this.#players.delete(player.cameraId);
    this.#deps.hub.forget(player.key);
    return this.#use(player, () => player.cursor.close());
  }

  #setAnchor(positionMs: number): void {
    this.#anchorPositionMs = Math.max(0, Math.min(positionMs, this.#deps.clock.now()));
    this.#anchorMono = this.#deps.clock.monotonic();
  }

  /** Runs `work` on the player's cursor after whatever uses it now. */
  #use<T>(player: Player, work: () => Promise<T>): Promise<T> {
    const run = player.queue.then(work);
    player.queue = run.then(() => {}, () => {});
    return run;
  }

  async #refreshAll(): Promise<void> {
    await Promise.all([...this.#players.values()].map((p) => this.#refresh(p)));
  }

  /** Shows the frame at the playhead now, whether or not it changed, then goes on pacing. */
  #refresh(player: Player): Promise<void> {
    this.#cancelTimer(player);
    return this.#use(player, () => this.#show(player, true));
  }

  #wakeAll(): void {
    for (const player of this.#players.values()) {
      this.#cancelTimer(player);
      this.#tick(player);
    }
  }

  #tick(player: Player): void {
    if (player.ticking || player.removed || this.#closed) return;
    player.ticking = true;
    void this.#use(player, async () => {
      player.ticking = false;
      await this.#show(player, false);
    });
  }

  async #show(player: Player, force: boolean): Promise<void> {
    if (player.removed || this.#closed) return;
    const before = { state: player.state, message: player.message };
    const hub = this.#deps.hub;
    // Subscribers without credit: read nothing until they have some. Nobody subscribed: look
    // now and then all the same, so the camera's state (a gap beginning or ending) stays true.
    const now = this.#deps.clock.monotonic();
    const unwatched = hub.subscriberCount(player.key) === 0;
    if (!force && !hub.wantsFrame(player.key) && !(unwatched && now - player.lookedAt >= MAX_TICK_MS)) {
      this.#schedule(player, unwatched ? MAX_TICK_MS : CREDIT_WAIT_MS);
      return;
    }
    player.lookedAt = now;
    const target = this.position();
    let frame: PlayedFrame | null = null;
    try {
      frame = await player.cursor.moveTo(target);
    } catch (error) {
      player.state = 'error';
      player.message = `Its recordings cannot be read: ${error instanceof Error ? error.message : String(error)}`;
      this.#deps.onError(`playback ${this.id}, camera ${player.cameraId}: ${player.message}`);
      this.#schedule(player, MAX_TICK_MS);
      this.#changed(player, before);
      return;
    }
    if (player.removed || this.#closed) return;
    if (frame && target - frame.atMs <= FRAME_HOLD_MS) {
      if (force || frame.atMs !== player.frameAtMs) this.#publish(player, frame);
      player.state = 'recorded';
      player.frameAtMs = frame.atMs;
    } else {
      player.state = 'no-recording';
      player.frameAtMs = null;
    }
    this.#changed(player, before);
    this.#pace(player, target, frame);
  }

  #publish(player: Player, frame: PlayedFrame): void {
    const { jpeg } = frame;
    const copy = jpeg.buffer.slice(jpeg.byteOffset, jpeg.byteOffset + jpeg.byteLength) as ArrayBuffer;
    player.published += 1;
    const out: Frame = { cameraId: player.cameraId, seq: player.published, capturedAt: frame.atMs, width: frame.width, height: frame.height, jpeg: copy };
    this.#deps.hub.publish(player.key, out);
  }

  /** Sleeps until the frame shown must change at this speed. */
  #pace(player: Player, target: number, frame: PlayedFrame | null): void {
    if (this.#paused) return;
    if (this.#speed > 0 && target >= this.#deps.clock.now() - 1 && this.#speed > 1) {
      // Faster than real time, the playhead caught up with the present: it stops there.
      this.#setAnchor(target);
      this.#paused = true;
      this.#notice = 'Reached the present; playback paused.';
      this.#deps.onChange(this.state());
      return;
    }
    const speed = Math.abs(this.#speed);
    let waitMs: number;
    if (frame === null || player.state !== 'recorded') {
      waitMs = 1000 / speed;
    } else if (this.#speed > 0) {
      const next = player.cursor.nextTimeHint();
      waitMs = next === null ? MAX_TICK_MS : (next - target) / speed;
    } else {
      waitMs = (target - frame.atMs) / speed + 1;
    }
    this.#schedule(player, Math.min(Math.max(waitMs, MIN_TICK_MS), MAX_TICK_MS));
  }

  #schedule(player: Player, ms: number): void {
    this.#cancelTimer(player);
    if (player.removed || this.#closed || this.#paused) return;
    player.timer = this.#deps.clock.setTimer(() => {
      player.timer = null;
      this.#tick(player);
    }, ms);
  }

  #cancelTimer(player: Player): void {
    player.timer?.cancel();
    player.timer = null;
  }

  #changed(player: Player, before: { state: PlaybackCameraState['state']; message: string | null }): void {
    if (before.state !== player.state || before.message !== player.message) this.#deps.onChange(this.state());
  }
}

/** The capture time of the first frame after `from` (1) or the last one before it (-1), or null. */
async function neighbour(cursor: FrameCursor, from: number, direction: 1 | -1): Promise<number | null> {
  if (direction < 0) return (await cursor.seek(from - 1))?.atMs ?? null;
  const at = await cursor.seek(from);
  const next = at ? await cursor.next() : await cursor.seekAfter(from);
  return next && next.atMs > from ? next.atMs : null;
}
