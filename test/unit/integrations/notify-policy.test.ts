// The notification policy on a hand-driven clock: offline after N s, per-camera and per-kind
// switches, the storm of twenty cameras as one summary, the rate limit, quiet hours across
// midnight with their summary, recording errors, the disk, motion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../stream/session-fakes.ts';
import { COALESCE_MS, MAX_NOTICES_PER_WINDOW, NotifyPolicy, PER_CAMERA_COOLDOWN_MS, quietRemainingMs, RATE_WINDOW_MS } from '../../../main/integrations/notify-policy.ts';
import { notificationSettingsSchema, type Notice, type NotificationSettings } from '../../../shared/integrations.ts';
import type { CameraStatus, CameraState } from '../../../shared/camera-status.ts';
import type { MotionEvent } from '../../../shared/motion.ts';

const HOUR = 3_600_000;

function setup(patch: Partial<NotificationSettings> = {}, options: { notifyOnOffline?: boolean; startOfDayMs?: number } = {}) {
  const clock = new ManualClock();
  const shown: Notice[] = [];
  let settings = notificationSettingsSchema.parse({ offlineAfterS: 30, ...patch });
  // The test's own time zone: the clock's wall time 0 is `startOfDayMs` into a local day.
  const start = options.startOfDayMs ?? 12 * HOUR;
  const policy = new NotifyPolicy({
    clock,
    settings: () => ({ notifications: settings, notifyOnOffline: options.notifyOnOffline ?? true }),
    cameraName: (id) => `Camera ${id}`,
    show: (notice) => shown.push(notice),
    timeOfDayMs: (atMs) => (((atMs - clock.wallOffset + start) % 86_400_000) + 86_400_000) % 86_400_000,
  });
  return { clock, shown, policy, set: (p: Partial<NotificationSettings>) => (settings = notificationSettingsSchema.parse({ ...settings, ...p })) };
}

const status = (state: CameraState, reason = ''): CameraStatus => ({ state, reason, since: 0 });
const motionStart = (cameraId: string, startMs: number): MotionEvent => ({
  id: 1, cameraId, source: 'camwall', startMs, endMs: null, peakScore: 0.2, box: null, zones: ['Door'], hasThumbnail: false,
});

test('a camera offline for longer than offlineAfterS gives one notice at the moment it went down', async () => {
  const { clock, shown, policy } = setup({ offlineAfterS: 30 });
  policy.cameraStatus('a', status('live'));
  await clock.advance(1000);
  const downAt = clock.now();
  policy.cameraStatus('a', status('stalled', 'no frame for 10 s'));
  policy.cameraStatus('a', status('backoff'));
  await clock.advance(29_000 + COALESCE_MS);
  assert.equal(shown.length, 0, 'not before 30 s');
  await clock.advance(1000 + COALESCE_MS);
  assert.equal(shown.length, 1);
  assert.equal(shown[0]!.kind, 'offline');
  assert.equal(shown[0]!.cameraId, 'a');
  assert.equal(shown[0]!.atMs, downAt, 'a click opens playback when it went down');
  assert.match(shown[0]!.title, /Camera a is offline/);
  assert.match(shown[0]!.body, /no frame for 10 s/);
});

test('a camera back live within offlineAfterS gives no notice; one never live gives none either', async () => {
  const { clock, shown, policy } = setup({ offlineAfterS: 30 });
  policy.cameraStatus('a', status('live'));
  policy.cameraStatus('a', status('error', 'HTTP 503'));
  await clock.advance(20_000);
  policy.cameraStatus('a', status('live'));
  policy.cameraStatus('b', status('error', 'refused'));
  await clock.advance(120_000);
  assert.deepEqual(shown, []);
});

test('the offline switch (notifyOnOffline), the master switch and a camera muted for a kind are obeyed', async () => {
  const cases: Array<[Partial<NotificationSettings>, boolean]> = [[{ enabled: false }, true], [{}, false], [{ mutedCameras: { a: ['offline'] } }, true]];
  for (const [patch, offline] of cases) {
    const { clock, shown, policy } = setup({ offlineAfterS: 0, ...patch }, { notifyOnOffline: offline });
    policy.cameraStatus('a', status('live'));
    policy.cameraStatus('a', status('stalled'));
    await clock.advance(60_000);
    assert.deepEqual(shown, [], JSON.stringify(patch));
  }
  const { clock, shown, policy } = setup({ offlineAfterS: 0, motion: true, mutedCameras: { a: ['offline'] } });
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 1, 'muting offline leaves motion on');
  assert.equal(shown[0]!.kind, 'motion');
});

test('twenty cameras dropping together make one summary, not twenty notices', async () => {
  const { clock, shown, policy } = setup({ offlineAfterS: 10 });
  const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
  for (const id of ids) policy.cameraStatus(id, status('live'));
  const downAt = clock.now();
  for (const id of ids) policy.cameraStatus(id, status('error', 'network'));
  await clock.advance(10_000 + COALESCE_MS);
  assert.equal(shown.length, 1);
  assert.equal(shown[0]!.kind, 'summary');
  assert.equal(shown[0]!.title, '20 cameras are offline');
  assert.equal(shown[0]!.cameraId, null);
  assert.equal(shown[0]!.atMs, downAt);
  assert.match(shown[0]!.body, /^Offline: Camera c0, Camera c1, Camera c2, Camera c3 and 16 more$/);
});

test('the rate limit: after MAX_NOTICES_PER_WINDOW notices the rest wait for the window and come as one summary', async () => {
  const { clock, shown, policy } = setup({ motion: true });
  for (let i = 0; i < MAX_NOTICES_PER_WINDOW; i++) {
    policy.motion(motionStart(`m${i}`, clock.now()));
    await clock.advance(COALESCE_MS + 1);
  }
  assert.equal(shown.length, MAX_NOTICES_PER_WINDOW);
  assert.ok(shown.every((n) => n.kind === 'motion'));
  for (let i = 0; i < 5; i++) policy.motion(motionStart(`n${i}`, clock.now()));
  await clock.advance(COALESCE_MS * 3);
  assert.equal(shown.length, MAX_NOTICES_PER_WINDOW, 'held back inside the window');
  await clock.advance(RATE_WINDOW_MS);
  assert.equal(shown.length, MAX_NOTICES_PER_WINDOW + 1);
  assert.equal(shown.at(-1)!.title, 'Motion on 5 cameras');
});

test('one camera gets at most one notice of a kind per PER_CAMERA_COOLDOWN_MS', async () => {
  const { clock, shown, policy } = setup({ motion: true });
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(COALESCE_MS);
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(PER_CAMERA_COOLDOWN_MS - COALESCE_MS - 1);
  assert.equal(shown.length, 1);
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 1);
  await clock.advance(2);
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 2);
  // The end of an event is not news.
  policy.motion({ ...motionStart('b', clock.now()), endMs: clock.now() });
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 2);
});

test('quiet hours across midnight hold everything back and one summary follows when they end', async () => {
  // Local 23:00; quiet from 22:00 to 07:00.
  const { clock, shown, policy } = setup({ motion: true, quietHours: { enabled: true, start: '22:00', end: '07:00' } }, { startOfDayMs: 23 * HOUR });
  const firstAt = clock.now();
  policy.motion(motionStart('a', firstAt));
  await clock.advance(3 * HOUR); // 02:00, still quiet
  policy.recordingState('b', 'error', 'The disk is full');
  await clock.advance(4 * HOUR); // 06:00
  assert.equal(shown.length, 0);
  await clock.advance(HOUR); // 07:00: over
  assert.equal(shown.length, 1);
  assert.equal(shown[0]!.kind, 'summary');
  assert.equal(shown[0]!.title, 'During the quiet hours: 2 alerts');
  assert.equal(shown[0]!.atMs, firstAt);
  assert.match(shown[0]!.body, /Motion: Camera a\nRecording stopped: Camera b/);
  // Daytime: notices go out again.
  policy.motion(motionStart('c', clock.now()));
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 2);
  assert.equal(shown[1]!.kind, 'motion');
});

test('quietRemainingMs: inside and outside, the same day and across midnight', () => {
  const q = (start: string, end: string) => ({ enabled: true, start, end });
  assert.equal(quietRemainingMs(q('22:00', '07:00'), 23 * HOUR), 8 * HOUR);
  assert.equal(quietRemainingMs(q('22:00', '07:00'), 1 * HOUR), 6 * HOUR);
  assert.equal(quietRemainingMs(q('22:00', '07:00'), 7 * HOUR), 0);
  assert.equal(quietRemainingMs(q('22:00', '07:00'), 12 * HOUR), 0);
  assert.equal(quietRemainingMs(q('12:30', '13:00'), 12.5 * HOUR), 0.5 * HOUR);
  assert.equal(quietRemainingMs(q('12:30', '13:00'), 13 * HOUR), 0);
  assert.equal(quietRemainingMs({ ...q('22:00', '07:00'), enabled: false }, 23 * HOUR), 0);
});

test('a recording error is news once until the recorder recovers; the disk once until space returns', async () => {
  const { clock, shown, policy } = setup();
  policy.recordingState('a', 'recording', null);
  policy.recordingState('a', 'error', 'Recording stopped: the disk is full');
  policy.recordingState('a', 'error', 'Recording stopped: the disk is full');
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 1);
  assert.equal(shown[0]!.kind, 'recording');
  assert.equal(shown[0]!.body, 'Recording stopped: the disk is full');
  const warn = { state: 'ok' as const, startedFull: false, message: null, warnings: ['Only 1.2 GB free on /data'] };
  policy.storage(warn);
  policy.storage(warn);
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 2);
  assert.equal(shown[1]!.kind, 'disk');
  assert.equal(shown[1]!.cameraId, null);
  assert.equal(shown[1]!.title, 'The disk is nearly full');
  assert.equal(shown[1]!.body, 'Only 1.2 GB free on /data');
  policy.storage({ ...warn, warnings: [] });
  policy.storage({ ...warn, state: 'full', message: 'The disk is full' });
  await clock.advance(COALESCE_MS);
  assert.equal(shown.length, 3);
  assert.equal(shown[2]!.title, 'The disk is full');
});

test('notice ids grow; nothing is left scheduled after close', async () => {
  const { clock, shown, policy } = setup({ motion: true, offlineAfterS: 5 });
  policy.motion(motionStart('a', clock.now()));
  await clock.advance(COALESCE_MS);
  policy.motion(motionStart('b', clock.now()));
  await clock.advance(COALESCE_MS);
  assert.deepEqual(shown.map((n) => n.id), [1, 2]);
  policy.cameraStatus('c', status('live'));
  policy.cameraStatus('c', status('stalled'));
  policy.close();
  await clock.advance(60_000);
  assert.equal(shown.length, 2);
});

test('a removed camera is forgotten, and the stopped status its stream reports afterwards does not bring it back', async () => {
  const { policy } = setup();
  policy.cameraStatus('gone', status('live'));
  policy.recordingState('gone', 'recording', null);
  assert.equal(policy.trackedCameras, 1);
  policy.forget('gone');
  policy.cameraStatus('gone', status('stopped'));
  policy.recordingState('gone', 'off', null);
  assert.equal(policy.trackedCameras, 0);
});
