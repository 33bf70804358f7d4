// Which stream a frame belongs to: a camera's main or tile (sub) stream seen live, or a camera
// played back in one playback session. The frame hub, the stream manager and the playback
// engine key everything by it, so a recorded camera rides the same hub, credits and tiles as a
// live one. Never a string with a suffix: `streamKeyId` makes the map key, and nothing parses it.

export type LiveStreamKind = 'live-main' | 'live-sub';
export type StreamKind = LiveStreamKind | 'playback';

export type LiveStreamKey = { readonly cameraId: string; readonly kind: LiveStreamKind };
export type PlaybackStreamKey = { readonly cameraId: string; readonly kind: 'playback'; readonly session: number };
export type StreamKey = LiveStreamKey | PlaybackStreamKey;

/** A camera's live stream: 'main' is its full stream, 'sub' its smaller tile stream. */
export function liveStream(cameraId: string, stream: 'main' | 'sub' = 'main'): LiveStreamKey {
  return { cameraId, kind: stream === 'sub' ? 'live-sub' : 'live-main' };
}

export function playbackStream(cameraId: string, session: number): PlaybackStreamKey {
  return { cameraId, kind: 'playback', session };
}

/** A map key for the stream: equal for equal keys, distinct otherwise. Opaque; never parse it. */
export function streamKeyId(key: StreamKey): string {
  if (key.kind === 'playback') return JSON.stringify([key.kind, key.cameraId, key.session]);
  return JSON.stringify([key.kind, key.cameraId]);
}

/** For messages: "camera cam1 (tile stream)", "camera cam1 (playback 3)". */
export function describeStream(key: StreamKey): string {
  if (key.kind === 'playback') return `camera ${key.cameraId} (playback ${key.session})`;
  return key.kind === 'live-sub' ? `camera ${key.cameraId} (tile stream)` : `camera ${key.cameraId}`;
}
