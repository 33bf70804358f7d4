// The motion service driven by detector reports (MotionReport objects, as the stream workers send
// them) and by a camera's own events, on a real registry file and a hand-moved clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MotionService, RECALIBRATION_LOG_INTERVAL_MS, COVERAGE_TICK_MS } from '../../../main/service/motion-service.ts';
import type { RecordControl } from '../../../main/stream/frame-sink.ts';
import type { MotionEvent } from '../../../shared/motion.ts';
import { ACTIVITY_GRID_BYTES } from '../../../shared/motion.ts';
import type { EventEntry } from '../../../shared/api/domain.ts';
import { openTestRegistry } from '../registry/helpers.ts';
import { ManualClock } from '../stream/session-fakes.ts';

async function setup(t: Parameters<typeof openTestRegistry>[0]) {
  const registry = await openTestRegistry(t);
  const clock = new ManualClock();
  const controls: Array<{ cameraId: string; control: RecordControl }> = [];
  const pushed: MotionEvent[] = [];
  const logged: EventEntry[] = [];
  const live = new Set<string>();
  const service = new MotionService({
    registry, clock, detectorAvailable: true, log: () => {},
    streamLive: (stream) => live.has(`${stream.cameraId}/${stream.kind}`),
    controlRecorder: (cameraId, control) => void controls.push({ cameraId, control }),
    onEvent: (event) => void pushed.push(event),
    onLogged: (entry) => void logged.push(entry),
  });
  t.after(() => service.close());
  const camera = await registry.cameras.add({ name: 'Yard', host: '192.0.2.1', recordMode: 'motion', motion: { enabled: true } });
  return { registry, clock, controls, pushed, logged, service, camera, live };
}

const box = { x: 0.25, y: 0.25, w: 0.25, h: 0.25 };

test('a detector event becomes a row at its start, is completed at its end with the thumbnail, and is pushed both times', async (t) => {
  const { service, camera, pushed, controls } = await setup(t);
  const cameraId = camera.id;
  service.report({ cameraId, code: 'motion-start', atMs: 10_000, score: 0.05, box, zones: ['door'] });
  assert.equal(pushed.length, 1);
  assert.deepEqual({ ...pushed[0]!, id: 0 }, { id: 0, cameraId, source: 'camwall', startMs: 10_000, endMs: null, peakScore: 0.05, box, zones: ['door'], hasThumbnail: false });
  service.report({ cameraId, code: 'activity', secondMs: 10_000, score: 0.05, grid: new Uint8Array(ACTIVITY_GRID_BYTES).fill(1) });
  service.report({ cameraId, code: 'motion-end', startMs: 10_000, endMs: 14_000, peakScore: 0.2, box, zones: ['door'], thumbnail: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) });
  assert.equal(pushed.length, 2);
  assert.equal(pushed[1]!.id, pushed[0]!.id);
  assert.equal(pushed[1]!.endMs, 14_000);
  assert.equal(pushed[1]!.peakScore, 0.2);
  assert.equal(pushed[1]!.hasThumbnail, true);
  assert.deepEqual([...service.store.thumbnail(pushed[0]!.id)!.jpeg], [0xff, 0xd8, 0xff, 0xd9]);
  assert.equal(service.store.activitySeconds(cameraId, 0, 20_000).length, 1);
  // The recorder's gate opened an analysed frame (200 ms at 5 fps) before the first moving frame
  // and closed one after the last: the frames between analysed ones may have moved unseen.
  assert.deepEqual(controls, [
    { cameraId, control: { motion: true, startWallMs: 9_800 } },
    { cameraId, control: { motion: false, endWallMs: 14_200 } },
  ]);
});

test("a camera's own motion events enter through cameraMotion; the gate stays open while either source moves", async (t) => {
  const { service, camera, pushed, controls } = await setup(t);
  const cameraId = camera.id;
  service.cameraMotion({ cameraId, state: 'start', atMs: 1_000, topic: 'tns1:VideoSource/MotionAlarm' });
  service.cameraMotion({ cameraId, state: 'start', atMs: 1_500, topic: 'tns1:VideoSource/MotionAlarm' }); // a repeat changes nothing
  service.report({ cameraId, code: 'motion-start', atMs: 2_000, score: 0.1, box, zones: [] });
  service.cameraMotion({ cameraId, state: 'end', atMs: 3_000, topic: 'tns1:VideoSource/MotionAlarm' });
  assert.deepEqual(controls.map((c) => c.control.motion), [true]);
  service.report({ cameraId, code: 'motion-end', startMs: 2_000, endMs: 4_000, peakScore: 0.1, box, zones: [], thumbnail: null });
  assert.deepEqual(controls.map((c) => c.control), [{ motion: true, startWallMs: 1_000 }, { motion: false, endWallMs: 4_200 }]);
  const own = pushed.filter((e) => e.source === 'camera');
  assert.deepEqual(own.map((e) => [e.startMs, e.endMs, e.zones]), [[1_000, null, ['tns1:VideoSource/MotionAlarm']], [1_000, 3_000, ['tns1:VideoSource/MotionAlarm']]]);
  assert.equal(service.store.events({ fromMs: 0, toMs: 10_000, limit: 10 }).length, 2);
});

test('a start for a camera that is not registered is ignored', async (t) => {
  const { service, pushed } = await setup(t);
  service.cameraMotion({ cameraId: 'cam-gone', state: 'start', atMs: 1_000, topic: 'x' });
  assert.deepEqual(pushed, []);
});

test('an end whose start was never seen (a restart between them) is recorded whole', async (t) => {
  const { service, camera, pushed } = await setup(t);
  service.report({ cameraId: camera.id, code: 'motion-end', startMs: 5_000, endMs: 9_000, peakScore: 0.3, box, zones: [], thumbnail: null });
  assert.equal(pushed.length, 1);
  assert.deepEqual([pushed[0]!.startMs, pushed[0]!.endMs, pushed[0]!.peakScore], [5_000, 9_000, 0.3]);
});

test('recalibrated is logged at most once a minute per camera', async (t) => {
  const { service, camera, logged, clock } = await setup(t);
  service.report({ cameraId: camera.id, code: 'recalibrated', atMs: clock.now(), changedFraction: 0.8 });
  service.report({ cameraId: camera.id, code: 'recalibrated', atMs: clock.now(), changedFraction: 0.9 });
  await clock.advance(RECALIBRATION_LOG_INTERVAL_MS - 1);
  service.report({ cameraId: camera.id, code: 'recalibrated', atMs: clock.now(), changedFraction: 0.9 });
  assert.equal(logged.length, 1);
  assert.equal(logged[0]!.kind, 'motion.recalibrated');
  assert.match(logged[0]!.message, /80% of the picture changed at once/);
  await clock.advance(1);
  service.report({ cameraId: camera.id, code: 'recalibrated', atMs: clock.now(), changedFraction: 0.9 });
  assert.equal(logged.length, 2);
});

test('coverage grows while the analysing stream is live and closes when it stops or the detector is switched off', async (t) => {
  const { service, camera, clock, registry } = await setup(t);
  const start = clock.now();
  service.streamStatus({ cameraId: camera.id, kind: 'live-main' }, { state: 'live', reason: 'live', since: start });
  await clock.advance(COVERAGE_TICK_MS * 2);
  assert.deepEqual(service.store.coverage(camera.id, 0, Number.MAX_SAFE_INTEGER), [{ fromMs: start, toMs: start + 2 * COVERAGE_TICK_MS }]);
  await clock.advance(5_000);
  service.streamStatus({ cameraId: camera.id, kind: 'live-main' }, { state: 'reconnecting', reason: 'x', since: clock.now() } as never);
  await clock.advance(COVERAGE_TICK_MS * 2);
  assert.deepEqual(service.store.coverage(camera.id, 0, Number.MAX_SAFE_INTEGER), [{ fromMs: start, toMs: start + 2 * COVERAGE_TICK_MS + 5_000 }]);
  // Switched off while an event is open: the event ends then.
  service.streamStatus({ cameraId: camera.id, kind: 'live-main' }, { state: 'live', reason: 'live', since: clock.now() });
  service.report({ cameraId: camera.id, code: 'motion-start', atMs: clock.now(), score: 0.1, box, zones: [] });
  await registry.cameras.update(camera.id, { recordMode: 'continuous', motion: { enabled: false } });
  service.camerasChanged();
  const [event] = service.store.events({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, limit: 1 });
  assert.equal(event!.endMs, clock.now());
  // The detector's own closing report comes after: it completes the same event, with its thumbnail.
  service.report({ cameraId: camera.id, code: 'motion-end', startMs: event!.startMs, endMs: event!.startMs + 500, peakScore: 0.3, box, zones: [], thumbnail: new Uint8Array([1]) });
  const events = service.store.events({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, limit: 10 });
  assert.equal(events.length, 1);
  assert.deepEqual([events[0]!.endMs, events[0]!.peakScore, events[0]!.hasThumbnail], [event!.startMs + 500, 0.3, true]);
  assert.equal(service.store.coverage(camera.id, 0, Number.MAX_SAFE_INTEGER).length, 2);
});

test('the detector runs on the smaller stream when the camera has one, else on the main stream, and only when on', async (t) => {
  const { service, camera, registry } = await setup(t);
  assert.ok(service.detectorSettings(camera, 'main'));
  assert.equal(service.detectorSettings(camera, 'sub'), undefined);
  const withSub = await registry.cameras.update(camera.id, { subResolution: '320x240' });
  assert.equal(service.detectorSettings(withSub, 'main'), undefined);
  assert.deepEqual(service.detectorSettings(withSub, 'sub'), withSub.motion);
  const cameraSource = await registry.cameras.update(camera.id, { motion: { enabled: true, source: 'camera' } });
  assert.equal(service.detectorSettings(cameraSource, 'sub'), undefined);
});

test('switching the detector on for a stream that is already live opens coverage at once; moving it to the smaller stream moves the span', async (t) => {
  const { service, camera, clock, registry, live } = await setup(t);
  await registry.cameras.update(camera.id, { recordMode: 'off', motion: { enabled: false } });
  service.camerasChanged();
  live.add(`${camera.id}/live-main`);
  await clock.advance(1_000);
  const on = clock.now();
  await registry.cameras.update(camera.id, { motion: { enabled: true } });
  service.camerasChanged();
  await clock.advance(COVERAGE_TICK_MS);
  assert.deepEqual(service.coverage(camera.id, 0, Number.MAX_SAFE_INTEGER), [{ fromMs: on, toMs: on + COVERAGE_TICK_MS }]);
  // A smaller stream is added: the detector moves there, and its span starts when that stream is live.
  await registry.cameras.update(camera.id, { subResolution: '320x240' });
  service.camerasChanged();
  await clock.advance(5_000);
  live.add(`${camera.id}/live-sub`);
  service.streamStatus({ cameraId: camera.id, kind: 'live-sub' }, { state: 'live', reason: 'live', since: clock.now() });
  await clock.advance(COVERAGE_TICK_MS);
  assert.deepEqual(service.coverage(camera.id, 0, Number.MAX_SAFE_INTEGER), [
    { fromMs: on, toMs: on + COVERAGE_TICK_MS },
    { fromMs: on + COVERAGE_TICK_MS + 5_000, toMs: on + 2 * COVERAGE_TICK_MS + 5_000 },
  ]);
});

test("a detector's session that is gone ends its open event, and a detector that starts afresh ends the one it forgot", async (t) => {
  const { service, camera, pushed, controls, clock } = await setup(t);
  const cameraId = camera.id;
  service.streamStatus({ cameraId, kind: 'live-main' }, { state: 'live', reason: 'live', since: clock.now() });
  service.report({ cameraId, code: 'motion-start', atMs: clock.now(), score: 0.1, box, zones: [] });
  await clock.advance(3_000);
  service.streamStatus({ cameraId, kind: 'live-main' }, { state: 'error', reason: 'worker died', since: clock.now(), error: { kind: 'crash', message: 'x' } });
  assert.equal(pushed.at(-1)!.endMs, clock.now());
  assert.equal(controls.at(-1)!.control.motion, false);
  // Restarted: a new start while the service still thought one open (no status came between).
  service.report({ cameraId, code: 'motion-start', atMs: clock.now() + 1_000, score: 0.1, box, zones: [] });
  service.report({ cameraId, code: 'motion-start', atMs: clock.now() + 5_000, score: 0.1, box, zones: [] });
  const events = service.store.events({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, limit: 10 });
  assert.equal(events.length, 3);
  assert.deepEqual(events.map((e) => e.endMs === null), [true, false, false]);
  assert.equal(events[1]!.endMs, clock.now() + 5_000);
});

test('a removed camera is forgotten once what it had open has ended, however late its stream and its own motion report', async (t) => {
  const { service, camera, clock, registry, controls } = await setup(t);
  const cameraId = camera.id;
  service.streamStatus({ cameraId, kind: 'live-main' }, { state: 'live', reason: 'live', since: clock.now() });
  service.report({ cameraId, code: 'motion-start', atMs: clock.now(), score: 0.1, box, zones: [] });
  service.cameraMotion({ cameraId, state: 'start', atMs: clock.now(), topic: 'tns1:VideoSource/MotionAlarm' });
  assert.equal(service.trackedCameras, 1);
  await registry.cameras.remove(cameraId);
  // As the core does it: the streams stop (status 'stopped'), then camerasChanged.
  service.streamStatus({ cameraId, kind: 'live-main' }, { state: 'stopped', reason: 'removed', since: clock.now() } as never);
  service.camerasChanged();
  assert.equal(service.trackedCameras, 1, "kept while the camera's own motion is open");
  // The camera's event stream closes later and ends its motion; then nothing of it is left.
  await clock.advance(1_000);
  service.cameraMotion({ cameraId, state: 'end', atMs: clock.now(), topic: 'tns1:VideoSource/MotionAlarm' });
  assert.equal(service.trackedCameras, 0);
  assert.ok(service.store.events({ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, limit: 10 }).every((e) => e.endMs !== null), 'every event ended');
  assert.equal(controls.at(-1)?.control.motion, false, 'the gate closed');
  // Late reports of the removed camera create no state again.
  service.streamStatus({ cameraId, kind: 'live-sub' }, { state: 'stopped', reason: 'removed', since: clock.now() } as never);
  service.cameraMotion({ cameraId, state: 'end', atMs: clock.now(), topic: 'tns1:VideoSource/MotionAlarm' });
  service.report({ cameraId, code: 'sink-failed', message: 'gone' } as never);
  assert.equal(service.trackedCameras, 0);
});
