// What the stream core tells the rest of the app about each camera: its lifecycle state with a
// reason, and its figures about once a second. Types and one constant, no imports, so the API and
// the renderer's overlays can use them as they are.

/**
 * connecting → live → (stalled | error | auth-failed) → backoff → connecting; `stopped` when the
 * camera is removed or nobody needs its stream (no subscriber and no recording).
 */
export type CameraState = 'connecting' | 'live' | 'stalled' | 'error' | 'auth-failed' | 'backoff' | 'stopped';

/** States in which a camera sends no frames because something went wrong (its reason says what). */
export const FAILING_STATES: ReadonlySet<CameraState> = new Set<CameraState>(['stalled', 'error', 'auth-failed', 'backoff']);

export type StreamErrorKind = 'auth' | 'http' | 'protocol' | 'network' | 'timeout' | 'tls' | 'crash';

export type CameraStatus = {
  state: CameraState;
  /** A sentence for people: why the camera is in this state ("HTTP 503", "no frame for 10 s"). */
  reason: string;
  /** Wall-clock ms when the camera entered this state. */
  since: number;
  /** The error that caused this state or the backoff that follows it. */
  error?: { kind: StreamErrorKind; status?: number; message: string };
  /** In `backoff` (and the error states that lead to it): ms until the next attempt. */
  retryInMs?: number;
  /**
   * Set while the camera's connections keep breaking soon after their first frame (several in a
   * row): why, for people. Cleared once a connection stays up (STABLE_CONNECTION_MS).
   */
  unstable?: string;
};

export type CameraStats = {
  state: CameraState;
  /** Frames and kilobits per second over the last stats interval. */
  fps: number;
  kbps: number;
  lastFrameBytes: number;
  width: number;
  height: number;
  /** Frames the camera's connection produced, in total. */
  framesReceived: number;
  /** Frames handed to subscribers, and frames replaced before a subscriber was ready. */
  framesDelivered: number;
  framesDropped: number;
  subscribers: number;
  /** Connections opened after the first. */
  reconnects: number;
  lastError: string | null;
  /** How long the current live period has lasted (0 when not live), and all live periods. */
  liveMs: number;
  totalLiveMs: number;
};
