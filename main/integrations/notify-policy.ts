// Which desktop notification to show, and when: the deciding logic, pure but for the injected
// Clock, fed the core's pushes (camera states, recorder states, storage, motion events) and
// handing out Notices that each shell shows its own way (Electron's Notification, the page's Web
// Notifications). Rules, in order:
//   1. the master switch, the kind's switch, the camera's own choices;
//   2. offline means "not live for offlineAfterS" after having been live (a flapping camera that
//      comes back in time is not worth a notification);
//   3. quiet hours hold everything back; one summary says what happened when they end;
//   4. notices are gathered for COALESCE_MS, so twenty cameras dropping together make one summary,
//      and at most MAX_NOTICES_PER_WINDOW notices go out per RATE_WINDOW_MS (the rest wait and
//      come as one summary).
import type { Clock, TimerHandle } from '../base/clock.ts';
import type { StorageInfo } from '../../shared/api/calls.ts';
import type { RecordingState } from '../../shared/api/pushes.ts';
import type { CameraState, CameraStatus } from '../../shared/camera-status.ts';
import type { Notice, NotificationKind, NotificationSettings } from '../../shared/integrations.ts';
import type { MotionEvent } from '../../shared/motion.ts';

/** How long candidates are gathered before they go out (alone, or as one summary). */
export const COALESCE_MS = 2_000;
export const RATE_WINDOW_MS = 60_000;
export const MAX_NOTICES_PER_WINDOW = 3;
/** A camera gets at most one notice of a kind per this long (a busy scene, a flapping link). */
export const PER_CAMERA_COOLDOWN_MS = 60_000;
/** Candidates kept for a summary; more are only counted. */
export const MAX_HELD_CANDIDATES = 1_000;
/** Camera names a summary lists per kind before "and N more". */
export const MAX_SUMMARY_NAMES = 4;
const DAY_MS = 86_400_000;
/** Not live, after having been: stopped means removed or not needed, which is no alarm. */
const DOWN_STATES: ReadonlySet<CameraState> = new Set(['stalled', 'error', 'auth-failed', 'backoff', 'connecting']);

type Candidate = { kind: NotificationKind; cameraId: string | null; atMs: number; title: string; body: string };

export type NotifyPolicyOptions = {
  clock: Clock;
  settings(): { notifications: NotificationSettings; notifyOnOffline: boolean };
  cameraName(cameraId: string): string;
  show(notice: Notice): void;
  /** Ms since local midnight of a wall-clock instant (tests pass a fixed zone). */
  timeOfDayMs?(atMs: number): number;
};

type CameraTrack = { wasLive: boolean; downSinceMs: number | null; reason: string; timer: TimerHandle | null; recording: RecordingState | null };

export class NotifyPolicy {
  readonly #o: NotifyPolicyOptions;
  readonly #clock: Clock;
  readonly #timeOfDayMs: (atMs: number) => number;
  readonly #cameras = new Map<string, CameraTrack>();
  readonly #lastByCameraKind = new Map<string, number>();
  #pending: Candidate[] = [];
  #pendingOverflow = 0;
  #quietHeld: Candidate[] = [];
  #quietOverflow = 0;
  #flushTimer: TimerHandle | null = null;
  #quietTimer: TimerHandle | null = null;
  /** Monotonic times of the notices shown in the last RATE_WINDOW_MS. */
  #shown: number[] = [];
  #diskAlarm = false;
  #nextId = 1;

  constructor(options: NotifyPolicyOptions) {
    this.#o = options;
    this.#clock = options.clock;
    this.#timeOfDayMs = options.timeOfDayMs ?? localTimeOfDayMs;
  }

  cameraStatus(cameraId: string, status: CameraStatus): void {
    // Only 'live' starts tracking a camera: anything else about one never live here changes
    // nothing, and a removed camera's stream reports 'stopped' after forget().
    const track = status.state === 'live' ? this.#track(cameraId) : this.#cameras.get(cameraId);
    if (!track) return;
    if (status.state === 'live') {
      track.wasLive = true;
      track.downSinceMs = null;
      track.timer?.cancel();
      track.timer = null;
      return;
    }
    if (status.state === 'stopped') {
      track.downSinceMs = null;
      track.timer?.cancel();
      track.timer = null;
      return;
    }
    if (!DOWN_STATES.has(status.state) || !track.wasLive) return;
    // The reason of the failure, not of the backoff or the next attempt that follow it.
    if (status.state !== 'connecting' && status.state !== 'backoff' && status.reason !== '') track.reason = status.reason;
    if (track.downSinceMs !== null) return;
    track.downSinceMs = this.#clock.now();
    const afterMs = this.#o.settings().notifications.offlineAfterS * 1000;
    track.timer = this.#clock.setTimer(() => {
      track.timer = null;
      if (track.downSinceMs === null) return;
      const seconds = Math.round((this.#clock.now() - track.downSinceMs) / 1000);
      this.#candidate({
        kind: 'offline',
        cameraId,
        atMs: track.downSinceMs,
        title: `${this.#o.cameraName(cameraId)} is offline`,
        body: `${track.reason || 'No picture'}${seconds > 0 ? ` (for ${seconds} s)` : ''}`,
      });
    }, afterMs);
  }

  recordingState(cameraId: string, state: RecordingState, message: string | null): void {
    // Only an error is remembered for an untracked camera (a removed one reports 'off' after forget()).
    if (state !== 'error' && !this.#cameras.has(cameraId)) return;
    const track = this.#track(cameraId);
    const previous = track.recording;
    track.recording = state;
    if (state !== 'error' || previous === 'error') return;
    this.#candidate({
      kind: 'recording',
      cameraId,
      atMs: this.#clock.now(),
      title: `${this.#o.cameraName(cameraId)} stopped recording`,
      body: message ?? 'The recorder stopped with an error; it retries by itself.',
    });
  }

  storage(info: StorageInfo): void {
    const alarm = info.state === 'full' || info.warnings.length > 0;
    const was = this.#diskAlarm;
    this.#diskAlarm = alarm;
    if (!alarm || was) return;
    this.#candidate({
      kind: 'disk',
      cameraId: null,
      atMs: this.#clock.now(),
      title: info.state === 'full' ? 'The disk is full' : 'The disk is nearly full',
      body: info.message ?? info.warnings[0] ?? 'Free some space or lower the retention in Settings.',
    });
  }

  motion(event: MotionEvent): void {
    if (event.endMs !== null) return; // the start is the news; the end of the same event is not
    this.#candidate({
      kind: 'motion',
      cameraId: event.cameraId,
      atMs: event.startMs,
      title: `Motion on ${this.#o.cameraName(event.cameraId)}`,
      body: event.zones.length > 0 ? `In ${event.zones.join(', ')}` : 'Click to watch it in playback.',
    });
  }

  forget(cameraId: string): void {
    this.#cameras.get(cameraId)?.timer?.cancel();
    this.#cameras.delete(cameraId);
    for (const key of [...this.#lastByCameraKind.keys()]) if (key.startsWith(`${cameraId}\n`)) this.#lastByCameraKind.delete(key);
  }

  /** How many cameras the policy holds state for (a removed one is forgotten). */
  get trackedCameras(): number {
    return this.#cameras.size;
  }

  close(): void {
    for (const track of this.#cameras.values()) track.timer?.cancel();
    this.#flushTimer?.cancel();
    this.#quietTimer?.cancel();
    this.#cameras.clear();
  }

  #track(cameraId: string): CameraTrack {
    let track = this.#cameras.get(cameraId);
    if (!track) this.#cameras.set(cameraId, (track = { wasLive: false, downSinceMs: null, reason: '', timer: null, recording: null }));
    return track;
  }

  #candidate(candidate: Candidate): void {
    const { notifications, notifyOnOffline } = this.#o.settings();
    if (!notifications.enabled) return;
    const kindOn = candidate.kind === 'offline' ? notifyOnOffline : notifications[candidate.kind];
    if (!kindOn) return;
    if (candidate.cameraId !== null) {
      const muted = notifications.mutedCameras[candidate.cameraId] ?? [];
      if ((muted as string[]).includes(candidate.kind)) return;
      const key = `${candidate.cameraId}\n${candidate.kind}`;
      const last = this.#lastByCameraKind.get(key);
      const now = this.#clock.monotonic();
      if (last !== undefined && now - last < PER_CAMERA_COOLDOWN_MS) return;
      this.#lastByCameraKind.set(key, now);
    }
    const untilQuietEnds = quietRemainingMs(notifications.quietHours, this.#timeOfDayMs(this.#clock.now()));
    if (untilQuietEnds > 0) {
      if (this.#quietHeld.length < MAX_HELD_CANDIDATES) this.#quietHeld.push(candidate);
      else this.#quietOverflow++;
      this.#quietTimer ??= this.#clock.setTimer(() => this.#quietEnded(), untilQuietEnds);
      return;
    }
    this.#hold(candidate);
  }

  #hold(candidate: Candidate): void {
    if (this.#pending.length < MAX_HELD_CANDIDATES) this.#pending.push(candidate);
    else this.#pendingOverflow++;
    this.#flushTimer ??= this.#clock.setTimer(() => this.#flush(), COALESCE_MS);
  }

  #quietEnded(): void {
    this.#quietTimer = null;
    const held = this.#quietHeld;
    const overflow = this.#quietOverflow;
    this.#quietHeld = [];
    this.#quietOverflow = 0;
    if (held.length === 0) return;
    this.#emit(summaryOf(held, overflow, 'During the quiet hours', this.#o.cameraName));
  }

  #flush(): void {
    this.#flushTimer = null;
    const now = this.#clock.monotonic();
    this.#shown = this.#shown.filter((t) => now - t < RATE_WINDOW_MS);
    if (this.#shown.length >= MAX_NOTICES_PER_WINDOW) {
      this.#flushTimer = this.#clock.setTimer(() => this.#flush(), this.#shown[0]! + RATE_WINDOW_MS - now);
      return;
    }
    const batch = this.#pending;
    const overflow = this.#pendingOverflow;
    this.#pending = [];
    this.#pendingOverflow = 0;
    if (batch.length === 0) return;
    if (batch.length === 1 && overflow === 0) {
      const only = batch[0]!;
      this.#emit({ kind: only.kind, cameraId: only.cameraId, atMs: only.atMs, title: only.title, body: only.body });
    } else {
      this.#emit(summaryOf(batch, overflow, null, this.#o.cameraName));
    }
  }

  #emit(notice: Omit<Notice, 'id'>): void {
    this.#shown.push(this.#clock.monotonic());
    this.#o.show({ id: this.#nextId++, ...notice });
  }
}

const KIND_LABEL: Record<NotificationKind, string> = {
  offline: 'Offline',
  motion: 'Motion',
  recording: 'Recording stopped',
  disk: 'Disk',
};
const KIND_ALL: Record<NotificationKind, (n: number) => string> = {
  offline: (n) => `${n} cameras are offline`,
  motion: (n) => `Motion on ${n} cameras`,
  recording: (n) => `${n} cameras stopped recording`,
  disk: () => 'The disk is nearly full',
};

/** One notice for several: per kind, the cameras' names (a few, then "and N more"). */
export function summaryOf(batch: Candidate[], overflow: number, heading: string | null, cameraName: (id: string) => string): Omit<Notice, 'id'> {
  const total = batch.length + overflow;
  const kinds = [...new Set(batch.map((c) => c.kind))];
  const cameras = [...new Set(batch.map((c) => c.cameraId))];
  const lines = kinds.map((kind) => {
    const ids = [...new Set(batch.filter((c) => c.kind === kind && c.cameraId !== null).map((c) => c.cameraId!))];
    if (ids.length === 0) return `${KIND_LABEL[kind]}: ${batch.find((c) => c.kind === kind)!.title}`;
    const names = ids.slice(0, MAX_SUMMARY_NAMES).map(cameraName).join(', ');
    return `${KIND_LABEL[kind]}: ${names}${ids.length > MAX_SUMMARY_NAMES ? ` and ${ids.length - MAX_SUMMARY_NAMES} more` : ''}`;
  });
  if (overflow > 0) lines.push(`and ${overflow} more alerts`);
  const sameKind = kinds.length === 1 && overflow === 0 && kinds[0] !== 'disk';
  const title = heading ? `${heading}: ${total} alerts` : sameKind ? KIND_ALL[kinds[0]!](cameras.length) : `${total} alerts`;
  return {
    kind: 'summary',
    cameraId: cameras.length === 1 ? cameras[0]! : null,
    atMs: Math.min(...batch.map((c) => c.atMs)),
    title,
    body: lines.join('\n'),
  };
}

/** Ms until the quiet hours end, or 0 outside them. An end before the start spans midnight. */
export function quietRemainingMs(quiet: NotificationSettings['quietHours'], timeOfDayMs: number): number {
  if (!quiet.enabled) return 0;
  const start = clockMs(quiet.start);
  const end = clockMs(quiet.end);
  if (start === end) return 0;
  const inside = start < end ? timeOfDayMs >= start && timeOfDayMs < end : timeOfDayMs >= start || timeOfDayMs < end;
  if (!inside) return 0;
  return (end - timeOfDayMs + DAY_MS) % DAY_MS;
}

function clockMs(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h! * 60 + m!) * 60_000;
}

function localTimeOfDayMs(atMs: number): number {
  const d = new Date(atMs);
  return ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();
}
