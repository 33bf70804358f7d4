// Live or playback, for the whole layout and for each tile. In playback the layout's tiles follow
// one session (one clock: seek, speed and back-to-live apply to all); a tile can be taken out of
// sync (a session of its own, with its own small controls) or left live, and a tile of a live
// wall can play back on its own. Re-renders on session state changes only, never per frame.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CamwallApi, PlaybackCameraState } from '../../shared/api/index.ts';
import { onReconnected } from '../app-api.ts';
import { PlaybackSessionClient } from './session-client.ts';

/** Where a wall or a tile switched to playback starts when no instant was asked for. */
export const DEFAULT_REWIND_MS = 60_000;

export type TileMode = 'live' | 'sync' | 'own';

/** What a tile needs to play back: its session (for frames), its camera's state, whose clock it is. */
export type TilePlayback = {
  client: PlaybackSessionClient;
  camera: PlaybackCameraState | null;
  own: boolean;
};

type Override = { cameraId: string; kind: 'live' } | { cameraId: string; kind: 'own'; client: PlaybackSessionClient };

export type WallPlayback = {
  mode: 'live' | 'playback';
  /** The layout's session while the wall plays back. */
  session: PlaybackSessionClient | null;
  error: string | null;
  /** Switches the layout to playback at `atMs` (a minute ago by default), or moves it there. */
  start(atMs?: number, options?: { paused?: boolean }): Promise<void>;
  /** Every tile back to live; every session closes. */
  backToLive(): void;
  tileMode(index: number): TileMode;
  tilePlayback(index: number): TilePlayback | null;
  /** Sets one tile's mode: live, following the wall's session, or a session of its own. */
  setTileMode(index: number, mode: TileMode): Promise<void>;
};

export function useWallPlayback(api: CamwallApi, tiles: ReadonlyArray<string | null>): WallPlayback {
  const [session, setSession] = useState<PlaybackSessionClient | null>(null);
  const [overrides, setOverrides] = useState<ReadonlyMap<number, Override>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((v) => v + 1);
  const latest = useRef({ session, overrides });
  latest.current = { session, overrides };

  // Re-render on every state a session reports (camera states, notices, pause at the present).
  useEffect(() => session?.subscribe(rerender), [session]);
  useEffect(() => {
    const offs = [...overrides.values()].flatMap((o) => (o.kind === 'own' ? [o.client.subscribe(rerender)] : []));
    return () => offs.forEach((off) => off());
  }, [overrides]);

  // An override belongs to the camera it was made for: another camera in the tile starts over.
  useEffect(() => {
    const stale = [...overrides].filter(([index, o]) => tiles[index] !== o.cameraId);
    if (stale.length === 0) return;
    const next = new Map(overrides);
    for (const [index, o] of stale) {
      if (o.kind === 'own') o.client.close();
      next.delete(index);
    }
    setOverrides(next);
  }, [tiles, overrides]);

  // The wall's session plays the cameras of the tiles that follow it.
  const synced = tiles.flatMap((id, index) => (id !== null && !overrides.has(index) ? [id] : []));
  const syncedKey = [...new Set(synced)].join('\n');
  useEffect(() => {
    if (session && synced.length > 0) void session.setCameras([...new Set(synced)]).then(rerender);
  }, [session, syncedKey]);

  // A dropped connection closed our sessions in the core: the same playback goes on in new ones.
  useEffect(
    () =>
      onReconnected(api, () => {
        const { session: wall, overrides: before } = latest.current;
        if (wall) void wall.reopen().then((next) => setSession(next));
        for (const [index, o] of before) {
          if (o.kind !== 'own') continue;
          void o.client.reopen().then((client) => {
            const next = new Map(latest.current.overrides);
            if (client) next.set(index, { ...o, client });
            else next.delete(index);
            setOverrides(next);
          });
        }
      }),
    [api],
  );

  // Sessions close with the wall (the core closes them with the window too).
  useEffect(
    () => () => {
      latest.current.session?.close();
      for (const o of latest.current.overrides.values()) if (o.kind === 'own') o.client.close();
    },
    [],
  );

  const openSession = async (cameraIds: string[], atMs: number, paused: boolean): Promise<PlaybackSessionClient | null> => {
    const result = await PlaybackSessionClient.open(api, cameraIds, atMs, { paused });
    setError(result.ok ? null : result.error.message);
    return result.ok ? result.value : null;
  };

  const setOverride = (index: number, override: Override | null) => {
    const next = new Map(latest.current.overrides);
    const previous = next.get(index);
    if (previous?.kind === 'own' && (override?.kind !== 'own' || override.client !== previous.client)) previous.client.close();
    if (override) next.set(index, override);
    else next.delete(index);
    setOverrides(next);
  };

  const start = async (atMs?: number, options: { paused?: boolean } = {}) => {
    const at = atMs ?? Date.now() - DEFAULT_REWIND_MS;
    const current = latest.current.session;
    if (current) {
      current.seek(at);
      if (options.paused !== undefined) await current.pause(options.paused);
      return;
    }
    const ids = [...new Set(tiles.filter((id): id is string => id !== null))];
    if (ids.length === 0) return;
    // Tiles left live on a live wall follow the new session; tiles playing on their own keep their clock.
    const kept = new Map([...latest.current.overrides].filter(([, o]) => o.kind === 'own'));
    setOverrides(kept);
    const opened = await openSession(ids, at, options.paused ?? false);
    if (opened) setSession(opened);
  };

  return {
    mode: session ? 'playback' : 'live',
    session,
    error,
    start,
    backToLive() {
      latest.current.session?.close();
      for (const o of latest.current.overrides.values()) if (o.kind === 'own') o.client.close();
      setSession(null);
      setOverrides(new Map());
      setError(null);
    },
    tileMode(index) {
      const o = overrides.get(index);
      if (o) return o.kind;
      return session && tiles[index] ? 'sync' : 'live';
    },
    tilePlayback(index) {
      const cameraId = tiles[index];
      if (!cameraId) return null;
      const o = overrides.get(index);
      const client = o?.kind === 'own' ? o.client : o?.kind === 'live' ? null : session;
      if (!client) return null;
      return { client, camera: client.state.cameras.find((c) => c.cameraId === cameraId) ?? null, own: o?.kind === 'own' };
    },
    async setTileMode(index, mode) {
      const cameraId = tiles[index];
      if (!cameraId) return;
      const wall = latest.current.session;
      if (mode === 'sync') {
        if (wall) setOverride(index, null);
        else await start();
        return;
      }
      if (mode === 'live') {
        setOverride(index, wall ? { cameraId, kind: 'live' } : null);
        return;
      }
      const own = await openSession([cameraId], wall ? wall.position() : Date.now() - DEFAULT_REWIND_MS, wall ? wall.state.paused : false);
      if (own && wall) await own.setSpeed(wall.state.speed).then(() => (wall.state.paused ? own.pause(true) : undefined));
      if (own) setOverride(index, { cameraId, kind: 'own', client: own });
    },
  };
}
