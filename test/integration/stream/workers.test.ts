// The stream workers and the hub against the real simulator over loopback: frames, fan-out,
// demand, restarts of one camera, and a crashed worker coming back.
import { test } from 'node:test';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { StreamManager } from '../../../main/stream/stream-manager.ts';
import type { WorkerExit } from '../../../main/stream/stream-manager.ts';
import type { CameraStats } from '../../../shared/camera-status.ts';
import { liveStream, type LiveStreamKey } from '../../../shared/stream-key.ts';
import { startSimulator } from '../../../main/simulator/server.ts';
import type { Simulator } from '../../../main/simulator/server.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { SegmentIndex, type SegmentRow } from '../../../main/recording/segment-index.ts';
import { decodeErrors, probePackets } from '../../unit/recording/helpers.ts';
import { RECORD_SINK_MODULE } from '../../../main/recording/worker-recorder.ts';
import { StatusLog, collect, nextEvent, WAIT_MS } from './lifecycle-helpers.ts';
import { waitFor } from '../../support/wait-for.ts';

/** Several waits of up to WAIT_MS each: a safety net against a hang, not a speed target. */
const TEST_TIMEOUT_MS = 180_000;

/** A simulator and a manager with its cameras, both closed when the test ends. */
async function setup(t: TestContext, cameras: number, options: ConstructorParameters<typeof StreamManager>[0] = {}) {
  const simulator: Simulator = await startSimulator({ cameras, fps: 10, resolution: '320x240' });
  const manager = new StreamManager({ workers: 2, ...options });
  t.after(async () => {
    await manager.close();
    await simulator.close();
  });
  const log = new StatusLog(manager);
  manager.setCameras(simulator.urls.map((url, i) => ({ id: `cam${i + 1}`, target: { url } })));
  return { simulator, manager, log };
}

test('workers: frames come from the right camera as whole JPEGs with rising seq and their size', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 3);
  const views = ['cam1', 'cam2', 'cam3'].map((id) => collect(s.manager, id));
  await Promise.all(views.map((v) => v.more(10)));
  views.forEach((view, index) => {
    const frames = view.frames;
    for (let i = 1; i < frames.length; i++) assert.equal(frames[i]!.seq, frames[i - 1]!.seq + 1, 'no frame lost between worker and hub');
    for (const frame of frames) {
      const bytes = new Uint8Array(frame.jpeg);
      assert.equal(frame.cameraId, `cam${index + 1}`);
      assert.deepEqual([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)], [0xff, 0xd8, 0xff, 0xd9]);
      assert.equal(readCaptureComment(bytes)?.cam, index + 1);
      assert.deepEqual([frame.width, frame.height], [320, 240]);
      assert.ok(Math.abs(frame.capturedAt - Date.now()) < WAIT_MS);
    }
  });
  assert.equal((await s.manager.snapshot('cam2'))?.cameraId, 'cam2');
  const [, stats] = await nextEvent<[LiveStreamKey, CameraStats]>(
    s.manager, 'stats', (key, st) => key.cameraId === 'cam1' && st.framesReceived > 10 && st.fps > 0,
  );
  assert.equal(stats.state, 'live');
  assert.deepEqual([stats.width, stats.height, stats.subscribers], [320, 240, 1]);
  assert.ok(stats.kbps > 0 && stats.lastFrameBytes > 1000);
  assert.ok(stats.framesDelivered <= stats.framesReceived);
});

test('workers: one camera connection serves every subscriber', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 1);
  const views = [collect(s.manager, 'cam1'), collect(s.manager, 'cam1'), collect(s.manager, 'cam1')];
  await Promise.all(views.map((v) => v.more(5)));
  assert.equal(s.simulator.stats().clients, 1);
  for (const view of views) {
    const st = view.subscription.stats();
    assert.equal(st.received, st.delivered + st.dropped + (st.pending ? 1 : 0));
  }
});

test('workers: no connection without demand; it ends after the grace period and comes back on subscribe', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 1, { graceMs: 300 });
  assert.equal(s.simulator.stats().clients, 0);
  assert.equal(s.manager.status('cam1')?.state, 'stopped');
  assert.equal(s.manager.workerCount, 0, 'no worker is started before a camera is needed');
  const first = collect(s.manager, 'cam1');
  await first.more(3);
  assert.equal(s.simulator.stats().clients, 1);
  const before = s.log.history('cam1').length;
  first.subscription.unsubscribe();
  const stopped = await s.log.waitForState('cam1', 'stopped', before);
  assert.match(stopped.reason, /nobody is watching/);
  await waitFor(() => s.simulator.stats().clients === 0, { what: 'the simulator to see the connection closed', timeoutMs: WAIT_MS });
  const second = collect(s.manager, 'cam1');
  await second.more(3);
  assert.ok(second.frames[0]!.seq > first.frames.at(-1)!.seq, 'seq goes on after an idle period');

  // Recording keeps the connection without subscribers.
  s.manager.setRecording('cam1', true);
  second.subscription.unsubscribe();
  const afterUnsubscribe = s.log.history('cam1').length;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(s.log.history('cam1').length, afterUnsubscribe, 'no state change while recording');
  assert.equal(s.simulator.stats().clients, 1);
});

test('workers: changing one camera restarts only that camera; removing one stops it', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 2);
  const one = collect(s.manager, 'cam1');
  const two = collect(s.manager, 'cam2');
  await Promise.all([one.more(3), two.more(3)]);
  const cam2Before = s.log.history('cam2').length;
  const cam1Before = s.log.history('cam1').length;
  const [url1, url2] = s.simulator.urls as [string, string];
  s.manager.setCameras([
    { id: 'cam1', target: { url: `${url1}&compression=40` } },
    { id: 'cam2', name: 'renamed, same stream', target: { url: url2 } },
  ]);
  await s.log.waitForState('cam1', 'connecting', cam1Before);
  await s.log.waitForState('cam1', 'live', cam1Before);
  await Promise.all([one.more(3), two.more(3)]);
  assert.equal(s.log.history('cam2').length, cam2Before, 'cam2 was not touched');
  s.manager.setCameras([{ id: 'cam2', target: { url: url2 } }]);
  assert.equal(s.log.history('cam1').at(-1)?.reason, 'camera removed');
  await waitFor(() => s.simulator.stats().clients === 1, { what: 'one connection left', timeoutMs: WAIT_MS });
  await two.more(3);
});

test('workers: a crashed worker is reported and its cameras come back; the other worker never notices', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 2, { workers: 2, workerRestart: { initialMs: 200, maxMs: 1000 } });
  const one = collect(s.manager, 'cam1');
  const two = collect(s.manager, 'cam2');
  await Promise.all([one.more(3), two.more(3)]);
  const cam1Before = s.log.history('cam1').length;
  const cam2Before = s.log.history('cam2').length;
  const exit = nextEvent<[WorkerExit]>(s.manager, 'worker-exit', () => true);
  s.manager.injectWorkerCrash('cam1', 'boom in test');
  const [info] = await exit;
  assert.deepEqual(info.streams, [liveStream('cam1')]);
  assert.match(info.error, /boom in test/);
  const crashed = await s.log.waitFor('cam1', 'the crash', (st) => st.error?.kind === 'crash', cam1Before);
  assert.equal(crashed.state, 'error');
  await s.log.waitForState('cam1', 'live', cam1Before);
  const seqBefore = one.frames.at(-1)!.seq;
  await one.more(5);
  assert.ok(one.frames.at(-1)!.seq > seqBefore);
  await two.more(3);
  assert.equal(s.log.history('cam2').length, cam2Before, 'cam2 on the other worker kept streaming');
});

test('workers: one worker per camera works the same way', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 3, { workers: 'per-camera' });
  const views = ['cam1', 'cam2', 'cam3'].map((id) => collect(s.manager, id));
  await Promise.all(views.map((v) => v.more(5)));
  assert.equal(s.manager.workerCount, 3);
  s.manager.setCameras([{ id: 'cam1', target: { url: s.simulator.urls[0]! } }]);
  await waitFor(() => s.manager.workerCount === 1, { what: 'the removed cameras\' workers to end', timeoutMs: WAIT_MS });
});

test('workers: a camera with record settings stays connected unwatched and its worker writes segments', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'camwall-streams-'));
  const simulator = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  const manager = new StreamManager({ workers: 1, sinkModules: { record: RECORD_SINK_MODULE } });
  t.after(async () => {
    await manager.close();
    await simulator.close();
    await rm(directory, { recursive: true, force: true });
  });
  const log = new StatusLog(manager);
  manager.setCameras([{ id: 'cam1', target: { url: simulator.urls[0]! }, record: { directory } }]);
  await log.waitForState('cam1', 'live');
  const segmentBytes = async () => {
    const files = await readdir(join(directory, 'cam1'), { recursive: true }).catch(() => [] as string[]);
    const sizes = await Promise.all(files.filter((f) => f.endsWith('.mkv')).map(async (f) => (await stat(join(directory, 'cam1', f))).size));
    return sizes.reduce((a, b) => a + b, 0);
  };
  await waitFor(async () => (await segmentBytes()) >= 50_000, { what: 'a recording of 50 kB', timeoutMs: WAIT_MS, pollMs: 200 });
  assert.equal(manager.hub.subscriberCount(liveStream('cam1')), 0);
  assert.equal(simulator.stats().clients, 1);
});

test('workers: recording turns on and off while a subscriber watches, on the one connection, and the segment is finished and playable', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'camwall-sinks-'));
  const simulator = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  const manager = new StreamManager({ workers: 1, sinkModules: { record: RECORD_SINK_MODULE } });
  const db = openDatabase(join(directory, 'index.sqlite'));
  t.after(async () => {
    db.close();
    await manager.close();
    await simulator.close();
    await rm(directory, { recursive: true, force: true });
  });
  const index = new SegmentIndex(db);
  const log = new StatusLog(manager);
  const url = simulator.urls[0]!;
  manager.setCameras([{ id: 'cam1', target: { url } }]);
  // Every frame the subscriber gets, with the simulator's capture stamp.
  const seen: Array<{ seq: number; capturedAt: number }> = [];
  const view = collect(manager, 'cam1');
  const stamps = manager.subscribe('cam1', {
    deliver: (frame) => {
      seen.push({ seq: readCaptureComment(new Uint8Array(frame.jpeg))!.seq, capturedAt: frame.capturedAt });
      stamps.ack();
    },
  });
  await log.waitForState('cam1', 'live');
  await view.more(5);
  const liveAt = log.history('cam1').length - 1;

  manager.setCameras([{ id: 'cam1', target: { url }, record: { directory } }]);
  const open = await waitFor(() => index.all().find((row) => row.status === 'recording' && row.frames >= 10), { what: 'a recording segment with synced frames', timeoutMs: WAIT_MS });
  await view.more(5);
  manager.setCameras([{ id: 'cam1', target: { url } }]);
  const finished = await waitFor(() => index.all().find((row): row is SegmentRow => row.id === open.id && row.status === 'complete'), { what: 'the segment marked complete', timeoutMs: WAIT_MS });
  await view.more(10);

  assert.equal(simulator.stats().streamsServed, 1, 'the simulator saw exactly one connection');
  assert.deepEqual(log.states('cam1').slice(liveAt), ['live'], 'the camera never left live');
  const steps = seen.slice(1).map((frame, i) => ({ seq: frame.seq - seen[i]!.seq, ms: frame.capturedAt - seen[i]!.capturedAt }));
  assert.ok(steps.every((step) => step.seq === 1), `the subscriber lost no frame: capture seq steps ${JSON.stringify(steps.filter((s) => s.seq !== 1))}`);
  assert.ok(Math.max(...steps.map((step) => step.ms)) < MAX_NORMAL_FRAME_GAP_MS, 'no gap between frames beyond a loaded machine\'s normal');
  assert.equal(index.all().length, 1, 'one segment, started and finished by the switch');
  const file = join(directory, finished.path);
  assert.equal(probePackets(file).length, finished.frames, 'ffprobe reads every frame the index counts');
  assert.equal(decodeErrors(file), '');
});

test('workers: a camera kept only for recording posts no frame to the main thread until someone watches it', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const s = await setup(t, 1, { graceMs: 300 });
  const posted = () => s.manager.framesPosted('cam1');
  const received = async (more: number) => {
    const from = s.manager.stats('cam1')?.framesReceived ?? 0;
    await nextEvent<[LiveStreamKey, CameraStats]>(s.manager, 'stats', (key, st) => key.cameraId === 'cam1' && st.framesReceived >= from + more);
  };
  s.manager.setRecording('cam1', true);
  // The worker receives (and would record) the frames; none is posted to the main thread.
  await received(10);
  assert.equal(posted(), 0);
  assert.equal(s.manager.hub.latest(liveStream('cam1')), null);
  assert.equal(s.manager.stats('cam1')?.framesDropped, 0, 'frames nobody asked for are not dropped frames');
  // A snapshot takes the next frame; then the frames stop coming again.
  const snapshot = await s.manager.snapshot('cam1');
  assert.ok(snapshot && snapshot.seq > 10, `a fresh frame, not the first one (seq ${snapshot?.seq})`);
  // Watching starts them; no longer watching stops them.
  const view = collect(s.manager, 'cam1');
  await view.more(5);
  assert.ok(posted() >= 5, 'frames are posted while watched');
  view.subscription.unsubscribe();
  await received(5); // frames posted before the worker heard it may still arrive
  const settled = posted();
  await received(10);
  assert.equal(posted(), settled, 'no frame posted while nobody watches');
  assert.equal(s.manager.hub.latest(liveStream('cam1')), null, 'no stale latest frame is kept');
  assert.equal(s.simulator.stats().clients, 1, 'the recorded camera stayed connected throughout');
  assert.equal(s.manager.status('cam1')?.state, 'live');
});

/** At 10 fps frames come every 100 ms; a loaded machine may hold one back, a reconnect takes longer. */
const MAX_NORMAL_FRAME_GAP_MS = 1_000;

