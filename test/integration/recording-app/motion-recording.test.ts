// Recording on motion as the app does it: a simulator camera set to record on motion, motion
// reported through the motion service's entry point for a camera's own events (the path Camwall's
// detector takes too, from its stream's worker through the main thread), the recorder's pre-roll
// gate in the stream worker, the stamps read back from the recording with the playback
// FrameCursor, and the simulator's connections counted throughout.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { FrameCursor } from '../../../main/playback/frame-cursor.ts';
import { IndexCatalog } from '../../../main/playback/catalogs.ts';
import { PRE_ROLL_SLACK_MS } from '../../../main/recording/motion-gate.ts';
import { parseScene, sceneMotionTruth } from '../../../main/simulator/scenes.ts';
import type { CamwallCore } from '../../../main/service/core.ts';
import { waitFor } from '../../support/wait-for.ts';
import { call, collect, DrivenClock, openTestCore, simulatedCamera, tempDir } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
const WAIT = { timeoutMs: 60_000 };

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  cleanups.push(() => sim.close());
  return sim;
}

async function core(recording: Parameters<typeof openTestCore>[1] = {}): Promise<{ core: CamwallCore; dataDir: string }> {
  const dir = tempDir('motion-rec');
  cleanups.push(() => dir.remove());
  const opened = await openTestCore(dir.path, { segmentSeconds: 60, ...recording });
  cleanups.push(() => opened.close());
  await call(opened, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
  return { core: opened, dataDir: dir.path };
}

/** Every frame recorded of a camera: capture time and size, oldest first. */
async function recordedFrames(core: CamwallCore, cameraId: string): Promise<Array<{ atMs: number; bytes: number }>> {
  const cursor = new FrameCursor(new IndexCatalog(core.registry.db, core.recording.root), cameraId);
  const frames: Array<{ atMs: number; bytes: number }> = [];
  for (let frame = await cursor.seekAfter(0); frame; frame = await cursor.next()) frames.push({ atMs: frame.atMs, bytes: frame.jpeg.length });
  await cursor.close();
  return frames;
}

const received = (core: CamwallCore, cameraId: string) => core.streams.stats(cameraId)?.framesReceived ?? 0;
const segmentsOf = (core: CamwallCore, cameraId: string) => call(core, 'recordings.query', { cameraId, fromMs: 0, toMs: Date.now() + 86_400_000 });

test('recording on motion keeps the pre-roll before the first moving frame and the post-roll after the last, and never reconnects the camera', { timeout: 120_000 }, async () => {
  const sim = await simulator();
  const { core: app } = await core();
  const states = collect(app, 'recording.state');
  const pushed = collect(app, 'motion.event');
  const camera = await call(app, 'cameras.add', {
    camera: { ...simulatedCamera(sim.port, 1, 'Door'), recordMode: 'motion', motion: { enabled: true, source: 'camera', preRollMs: 3000, postRollMs: 1000 } },
  });
  // A tile watches the camera all along: its live view must not notice any of what follows.
  let shown = 0;
  const tile = app.subscribeFrames(camera.id, 'main', { deliver: () => void (shown++, tile.ack()) });
  cleanups.push(() => tile.unsubscribe());
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.message === 'Waiting for motion'), { what: 'waiting for motion', ...WAIT });
  // 7 s of frames: more than the pre-roll and its slack.
  await waitFor(() => received(app, camera.id) >= 70, { what: '70 frames received', ...WAIT });
  assert.deepEqual(await segmentsOf(app, camera.id), [], 'nothing is recorded before motion');

  const startMs = Date.now();
  app.motion.cameraMotion({ cameraId: camera.id, state: 'start', atMs: startMs, topic: 'tns1:VideoSource/MotionAlarm' });
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording on motion', ...WAIT });
  const atStart = received(app, camera.id);
  await waitFor(() => received(app, camera.id) >= atStart + 20, { what: '2 s of motion', ...WAIT });
  const endMs = Date.now();
  app.motion.cameraMotion({ cameraId: camera.id, state: 'end', atMs: endMs, topic: 'tns1:VideoSource/MotionAlarm' });
  await waitFor(async () => (await segmentsOf(app, camera.id)).find((s) => s.status === 'complete'), { what: 'the motion segment finished after the post-roll', ...WAIT });
  await waitFor(() => states.find((s, i) => i > 0 && s.cameraId === camera.id && s.message === 'Waiting for motion' && states.slice(0, i).some((p) => p.state === 'recording')), { what: 'waiting for motion again', ...WAIT });

  const frames = await recordedFrames(app, camera.id);
  const first = frames[0]!.atMs;
  const last = frames.at(-1)!.atMs;
  assert.ok(first <= startMs - 3000, `the recording starts ${startMs - first} ms before the first moving frame (pre-roll 3000 ms)`);
  assert.ok(first >= startMs - 3000 - PRE_ROLL_SLACK_MS, `and not more than the pre-roll and its slack before it (${startMs - first} ms)`);
  assert.ok(last >= endMs + 1000 - 200, `the recording runs ${last - endMs} ms past the last moving frame (post-roll 1000 ms)`);
  assert.ok(last <= endMs + 1000 + 1500, `and stops soon after the post-roll (${last - endMs} ms)`);
  // Gaps between recorded frames: none longer than a few frame intervals (the pre-roll was kept whole).
  const longestGap = Math.max(...frames.slice(1).map((f, i) => f.atMs - frames[i]!.atMs));
  assert.ok(longestGap < 1000, `longest gap ${longestGap} ms`);

  // The camera's own event is a motion event, pushed at its start and its end.
  const events = await call(app, 'motion.events', { fromMs: startMs - 1, toMs: Date.now() + 1 });
  assert.equal(events.length, 1);
  assert.deepEqual([events[0]!.source, events[0]!.startMs, events[0]!.endMs], ['camera', startMs, endMs]);
  assert.deepEqual(pushed.map((p) => p.event.endMs), [null, endMs]);

  // Recording started and stopped by the user and by the schedule: the same connection throughout.
  const now = new Date();
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));
  const notToday = [{ day: (now.getDay() + 3) % 7, from: hh(1), to: hh(2) }];
  for (const patch of [
    { recordMode: 'continuous' as const },
    { recordMode: 'off' as const },
    { recordMode: 'scheduled' as const, schedule: allDay },
    { recordMode: 'scheduled' as const, schedule: notToday },
    { recordMode: 'motion' as const },
  ]) {
    const before = states.length;
    await call(app, 'cameras.update', { id: camera.id, patch });
    const want = patch.recordMode === 'off' ? 'off' : patch.recordMode === 'motion' || patch.schedule === notToday ? 'waiting' : 'recording';
    await waitFor(() => states.slice(before).find((s) => s.cameraId === camera.id && s.state === want), { what: `recording.state ${want} after ${JSON.stringify(patch)}`, ...WAIT });
  }
  const shownBefore = shown;
  await waitFor(() => shown > shownBefore + 5, { what: 'the tile still shows frames', ...WAIT });
  assert.equal(sim.stats().streamsServed, 1, 'one connection served all along: no reconnect for motion, the schedule or the user');
  assert.equal(sim.stats().clients, 1);
});

test('the pre-roll stays within its byte bound: the oldest buffered frames go first', { timeout: 120_000 }, async () => {
  const sim = await simulator();
  const bound = 40_000;
  const { core: app } = await core({ preRollMaxBytes: bound });
  const states = collect(app, 'recording.state');
  const camera = await call(app, 'cameras.add', {
    camera: { ...simulatedCamera(sim.port, 1, 'Gate'), recordMode: 'motion', motion: { enabled: true, source: 'camera', preRollMs: 5000, postRollMs: 0 } },
  });
  await waitFor(() => received(app, camera.id) >= 90, { what: '90 frames received', ...WAIT });
  const startMs = Date.now();
  app.motion.cameraMotion({ cameraId: camera.id, state: 'start', atMs: startMs, topic: 'test' });
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording on motion', ...WAIT });
  app.motion.cameraMotion({ cameraId: camera.id, state: 'end', atMs: Date.now(), topic: 'test' });
  await waitFor(async () => (await segmentsOf(app, camera.id)).find((s) => s.status === 'complete'), { what: 'the motion segment finished', ...WAIT });
  const frames = await recordedFrames(app, camera.id);
  const preRoll = frames.filter((f) => f.atMs < startMs);
  const bytes = preRoll.reduce((sum, f) => sum + f.bytes, 0);
  assert.ok(preRoll.length > 0, 'some pre-roll was kept');
  assert.ok(bytes <= bound, `pre-roll of ${bytes} bytes within the bound of ${bound}`);
  // 5 s at 10 fps would be 50 frames; the bound kept only the newest of them.
  assert.ok(preRoll.length < 50, `${preRoll.length} pre-roll frames`);
  assert.ok(startMs - frames[0]!.atMs < 5000, 'the oldest frames went first');
});

test("Camwall's detector on the smaller stream records the main stream on motion: the pre-roll before the walker's first moving frame, one connection per stream", { timeout: 180_000 }, async () => {
  // The walker crosses during [3, 7) and [12, 14.5) s of every 20 s cycle (main/simulator/scenes.ts).
  const sim = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240', scenes: [parseScene('walker')] });
  cleanups.push(() => sim.close());
  const { core: app } = await core();
  const camera = await call(app, 'cameras.add', {
    camera: {
      ...simulatedCamera(sim.port, 1, 'Walk'), resolution: '640x480', subResolution: '320x240',
      recordMode: 'motion', motion: { enabled: true, quietMs: 1000, preRollMs: 2000, postRollMs: 1000 },
    },
  });
  const addedAt = Date.now();
  // A crossing that begins at least 6 s after the camera was added (the buffer and the detector are ready).
  const truth = sceneMotionTruth(['walker'], sim.startedAtMs, addedAt, addedAt + 60_000).find((t) => t.startMs >= addedAt + 6_000)!;
  const pushed = collect(app, 'motion.event');
  await waitFor(async () => (await segmentsOf(app, camera.id)).find((s) => s.status === 'complete' && s.startMs >= truth.startMs - 4_000), { what: 'a motion recording of the crossing', timeoutMs: 90_000 });
  const event = pushed.map((p) => p.event).find((e) => e.startMs >= truth.startMs - 1_000 && e.endMs !== null);
  assert.ok(event, 'the detector found the crossing');
  assert.equal(event.source, 'camwall');
  const frames = (await recordedFrames(app, camera.id)).filter((f) => f.atMs >= truth.startMs - 4_000 - PRE_ROLL_SLACK_MS);
  const first = frames[0]!.atMs;
  const last = frames.at(-1)!.atMs;
  assert.ok(first <= truth.startMs - 2000, `the recording starts ${truth.startMs - first} ms before the walker's first moving frame (pre-roll 2000 ms)`);
  assert.ok(last >= truth.endMs - 100 + 1000 - 200, `and ends ${last - truth.endMs} ms after its last (post-roll 1000 ms)`);
  // The recording is the main stream's, 640x480; the detector ran on the 320x240 one.
  const [segment] = (await segmentsOf(app, camera.id)).filter((s) => s.status === 'complete');
  assert.deepEqual([segment!.width, segment!.height], [640, 480]);
  assert.equal(sim.stats().streamsServed, 2, 'one connection for the main stream (recorder), one for the smaller (detector): none remade');
});

test("recording started and stopped at the schedule's boundaries keeps the watched camera's one connection", { timeout: 120_000 }, async () => {
  const sim = await simulator();
  // Monday 07:59:50 local time; the schedule records Mondays 08:00-08:01.
  const clock = new DrivenClock(new Date(2030, 0, 7, 7, 59, 50).getTime());
  const { core: app } = await core({ clock });
  const states = collect(app, 'recording.state');
  const camera = await call(app, 'cameras.add', {
    camera: { ...simulatedCamera(sim.port, 1, 'Gate'), recordMode: 'scheduled', schedule: [{ day: 1, from: '08:00', to: '08:01' }] },
  });
  let shown = 0;
  const tile = app.subscribeFrames(camera.id, 'main', { deliver: () => void (shown++, tile.ack()) });
  cleanups.push(() => tile.unsubscribe());
  await waitFor(() => (shown > 5 ? true : undefined), { what: 'the tile shows frames', ...WAIT });
  clock.fireNext();
  await waitFor(() => states.find((s) => s.cameraId === camera.id && s.state === 'recording'), { what: 'recording at 08:00', ...WAIT });
  const before = states.length;
  clock.fireNext();
  await waitFor(() => states.slice(before).find((s) => s.cameraId === camera.id && s.state === 'waiting'), { what: 'waiting again at 08:01', ...WAIT });
  await waitFor(async () => {
    const all = await segmentsOf(app, camera.id);
    return all.length > 0 && all.every((s) => s.status === 'complete') ? all : undefined;
  }, { what: 'the scheduled segment finished', ...WAIT });
  const shownBefore = shown;
  await waitFor(() => (shown > shownBefore + 5 ? true : undefined), { what: 'the tile still shows frames', ...WAIT });
  assert.equal(sim.stats().streamsServed, 1, 'one connection through both boundaries');
});
