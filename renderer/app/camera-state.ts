// One wording for a camera's state everywhere it shows (tile overlay, camera list): a short
// label, a tone for the colour, and the reason when there is one.
import type { CameraStatus } from '../../shared/camera-status.ts';

/** Why a camera shows as Idle: not that something is wrong with it. */
export const IDLE_REASON = 'not connected: no tile shows it and it is not recording';

export type StateTone = 'live' | 'pending' | 'warning' | 'error' | 'idle';
export type StateView = { label: string; tone: StateTone; reason: string | null };

/**
 * `status` is the core's last word (null before the first event reaches this window);
 * `receiving` says whether this window painted a frame in the last seconds, which settles
 * "live" for a camera whose state event came before we connected.
 */
export function describeState(status: CameraStatus | null, receiving: boolean, enabled = true, now = Date.now()): StateView {
  const view = describeLifecycle(status, receiving, enabled, now);
  // Connections that keep breaking soon after their first frame: say so, whatever the state now.
  if (!enabled || status?.unstable === undefined || status.state === 'stopped') return view;
  if (status.state === 'live') return { label: 'Live, unstable', tone: 'warning', reason: `Unstable: ${status.unstable}` };
  return { ...view, label: `${view.label} (unstable)`, reason: view.reason ? `${view.reason}. Unstable: ${status.unstable}` : `Unstable: ${status.unstable}` };
}

function describeLifecycle(status: CameraStatus | null, receiving: boolean, enabled: boolean, now: number): StateView {
  if (!enabled) return { label: 'Disabled', tone: 'idle', reason: null };
  if (!status) return receiving ? { label: 'Live', tone: 'live', reason: null } : { label: 'Connecting', tone: 'pending', reason: null };
  const reason = status.reason.trim() === '' ? null : status.reason;
  switch (status.state) {
    case 'live':
      return { label: 'Live', tone: 'live', reason: null };
    case 'connecting':
      return { label: 'Connecting', tone: 'pending', reason };
    case 'stalled':
      return { label: 'Reconnecting', tone: 'warning', reason: reason ?? 'no frames' };
    case 'backoff': {
      const left = status.retryInMs !== undefined ? Math.max(0, Math.ceil((status.since + status.retryInMs - now) / 1000)) : null;
      return { label: left !== null && left > 0 ? `Reconnecting in ${left} s` : 'Reconnecting', tone: 'warning', reason };
    }
    case 'auth-failed':
      return { label: 'Auth failed', tone: 'error', reason: reason ?? 'the camera refused the username or password' };
    case 'error':
      return { label: 'Offline', tone: 'error', reason };
    case 'stopped':
      // No tile shows the camera and it does not record, so Camwall keeps no connection open to it.
      return receiving ? { label: 'Live', tone: 'live', reason: null } : { label: 'Idle', tone: 'idle', reason: IDLE_REASON };
  }
}
