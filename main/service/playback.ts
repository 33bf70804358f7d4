// Playback for the API: the sessions of every client (each owned by the client that opened it,
// bounded per client and in all, closed when the client goes away), their frame subscriptions,
// one-frame reads for thumbnails, and the timeline. Both shells reach it through the core.
import type { PlaybackState, RecordedFrame, Timeline } from '../../shared/api/calls.ts';
import { playbackStream } from '../../shared/stream-key.ts';
import type { Clock } from '../base/clock.ts';
import type { FrameHub, FrameSubscriber, Subscription } from '../stream/frame-hub.ts';
import type { ClientHandle } from './dispatch.ts';
import { ServiceError } from './service-error.ts';
import { frameAt } from '../playback/frame-at.ts';
import { FrameCursor, type SegmentCatalog } from '../playback/frame-cursor.ts';
import { PlaybackSession } from '../playback/playback-session.ts';
import type { TimelineQuery, TimelineReader } from '../playback/timeline.ts';

/** Sessions one client (a window, a browser) holds at once; opening one more closes its oldest. */
export const MAX_PLAYBACK_SESSIONS_PER_CLIENT = 8;
/** Sessions in all; past it a new one is refused until others close. */
export const MAX_PLAYBACK_SESSIONS = 64;
/**
 * Cameras played at once over all sessions. Each holds an open file and at most one Cluster
 * (about 2 MiB as recorded): this bounds playback's memory to a few hundred MiB at worst.
 */
export const MAX_PLAYBACK_PLAYERS = 256;
/** Single-frame reads (thumbnails) running at once, and waiting for their turn. */
export const MAX_FRAME_READS_IN_FLIGHT = 4;
export const MAX_FRAME_READS_WAITING = 32;


export type PlaybackServiceDeps = {
  hub: FrameHub;
  catalog: SegmentCatalog;
  timeline: TimelineReader;
  clock: Clock;
  log(line: string): void;
};

export type OpenArgs = { cameraIds: string[]; atMs: number; speed?: number; paused?: boolean };

export class PlaybackService {
  readonly #deps: PlaybackServiceDeps;
  readonly #sessions = new Map<number, PlaybackSession>();
  readonly #clients = new Set<string>();
  readonly #closedListeners = new Set<(session: number, owner: string) => void>();
  #nextId = 1;
  #readsInFlight = 0;
  readonly #readsWaiting: Array<() => void> = [];

  constructor(deps: PlaybackServiceDeps) {
    this.#deps = deps;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  async open(client: ClientHandle, args: OpenArgs): Promise<PlaybackState> {
    if (!this.#clients.has(client.id)) {
      this.#clients.add(client.id);
      client.onClose(() => {
        this.#clients.delete(client.id);
        void this.closeClient(client.id);
      });
    }
    const own = [...this.#sessions.values()].filter((s) => s.owner === client.id);
    if (own.length >= MAX_PLAYBACK_SESSIONS_PER_CLIENT) await this.#close(own[0]!);
    if (this.#sessions.size >= MAX_PLAYBACK_SESSIONS) {
      throw new ServiceError('unavailable', `Camwall is already playing ${MAX_PLAYBACK_SESSIONS} sessions for its windows and browsers; close playback somewhere and try again.`);
    }
    this.#checkPlayers(unique(args.cameraIds).length);
    const id = this.#nextId++;
    const session = new PlaybackSession(id, client.id, {
      hub: this.#deps.hub,
      catalog: this.#deps.catalog,
      clock: this.#deps.clock,
      onChange: (state) => client.push('playback.state', { state }),
      onError: (message) => this.#deps.log(message),
    }, { cameraIds: unique(args.cameraIds), atMs: args.atMs, speed: args.speed ?? 1, paused: args.paused ?? true });
    this.#sessions.set(id, session);
    return session.start();
  }

  /** The session, if `owner` opened it; 'not-found' otherwise (another client's id is no key). */
  session(owner: string, id: number): PlaybackSession {
    const session = this.#sessions.get(id);
    if (!session || session.owner !== owner) {
      throw new ServiceError('not-found', `There is no playback session ${id} for this window; it was closed (or never opened here). Open playback again.`);
    }
    return session;
  }

  /** Changes a session's cameras, within MAX_PLAYBACK_PLAYERS over all sessions. */
  setCameras(owner: string, id: number, cameraIds: string[]): Promise<PlaybackState> {
    const session = this.session(owner, id);
    this.#checkPlayers(unique(cameraIds).length - session.cameraIds.length);
    return session.setCameras(unique(cameraIds));
  }

  async closeSession(owner: string, id: number): Promise<void> {
    await this.#close(this.session(owner, id));
  }

  async closeClient(owner: string): Promise<void> {
    await Promise.all([...this.#sessions.values()].filter((s) => s.owner === owner).map((s) => this.#close(s)));
  }

  /** Called when a session closes, so a client's frame subscriptions to it end. */
  onSessionClosed(listener: (session: number, owner: string) => void): () => void {
    this.#closedListeners.add(listener);
    return () => this.#closedListeners.delete(listener);
  }

  /** Frames of one camera of a session; the newest one at once (a paused session sends no other). */
  subscribe(owner: string, id: number, cameraId: string, subscriber: FrameSubscriber, maxInFlight: 1 | 2): Subscription {
    const session = this.session(owner, id);
    if (!session.cameraIds.includes(cameraId)) {
      throw new ServiceError('not-found', `Playback session ${id} does not play camera ${cameraId}; add it with playback.setCameras first.`);
    }
    return this.#deps.hub.subscribe(playbackStream(cameraId, id), subscriber, { maxInFlight, replayLatest: true });
  }

  /** The frame recorded at `atMs`, copied; 'not-found' with the nearest recorded times. */
  async frameAt(cameraId: string, atMs: number): Promise<RecordedFrame> {
    await this.#readSlot();
    const cursor = new FrameCursor(this.#deps.catalog, cameraId);
    try {
      const result = await frameAt(cursor, atMs);
      if (!result.found) {
        const iso = (t: number | null) => (t === null ? 'none' : new Date(t).toISOString());
        throw new ServiceError('not-found', `Camera ${cameraId} recorded nothing at ${new Date(atMs).toISOString()}; nearest recording before: ${iso(result.before)}, after: ${iso(result.after)}.`);
      }
      const { frame } = result;
      const jpeg = frame.jpeg.buffer.slice(frame.jpeg.byteOffset, frame.jpeg.byteOffset + frame.jpeg.byteLength) as ArrayBuffer;
      return { cameraId, seq: 0, capturedAt: frame.atMs, width: frame.width, height: frame.height, jpeg };
    } finally {
      await cursor.close();
      this.#releaseSlot();
    }
  }

  timeline(query: TimelineQuery): Timeline {
    return this.#deps.timeline.query(query);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((s) => this.#close(s)));
  }

  async #close(session: PlaybackSession): Promise<void> {
    if (this.#sessions.get(session.id) !== session) return;
    this.#sessions.delete(session.id);
    for (const listener of this.#closedListeners) listener(session.id, session.owner);
    await session.close();
  }

  #checkPlayers(more: number): void {
    const players = [...this.#sessions.values()].reduce((sum, s) => sum + s.cameraIds.length, 0);
    if (more > 0 && players + more > MAX_PLAYBACK_PLAYERS) {
      throw new ServiceError('unavailable', `Camwall is already playing ${players} cameras for its windows and browsers (at most ${MAX_PLAYBACK_PLAYERS}); close playback somewhere and try again.`);
    }
  }

  #readSlot(): Promise<void> {
    if (this.#readsInFlight < MAX_FRAME_READS_IN_FLIGHT) {
      this.#readsInFlight += 1;
      return Promise.resolve();
    }
    if (this.#readsWaiting.length >= MAX_FRAME_READS_WAITING) {
      return Promise.reject(new ServiceError('unavailable', `${MAX_FRAME_READS_IN_FLIGHT + MAX_FRAME_READS_WAITING} recorded frames are being read already; try again in a moment.`));
    }
    return new Promise((resolve) => this.#readsWaiting.push(() => resolve()));
  }

  #releaseSlot(): void {
    const next = this.#readsWaiting.shift();
    if (next) next();
    else this.#readsInFlight -= 1;
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
