// The cameras' own events against the simulator's VAPIX event stream: motion on a schedule the
// test knows arrives as 'camera.motion' start/end on the core bus and as readable entries in the
// event log; the Digest challenge is answered; a dropped WebSocket is reconnected; a camera
// without the endpoint (older firmware) is noticed with one log line and never asked in a storm;
// wrong credentials are reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, parseFault, type Simulator } from '../../../main/simulator/server.ts';
import { openCore, type CamwallCore } from '../../../main/service/core.ts';
import { Backoff } from '../../../main/stream/backoff.ts';
import type { CameraMotionEvent } from '../../../main/service/core-bus.ts';
import { MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE } from '../../../main/service/camera-events.ts';
import { simulatedCamera, tempDir } from '../api/helpers.ts';
import { testCamera } from '../../../main/service/camera-test.ts';
import { waitFor } from '../../support/wait-for.ts';

type Started = { core: CamwallCore; simulator: Simulator; logs: string[]; motion: Array<CameraMotionEvent & { truth: boolean }>; close(): Promise<void> };

async function start(faults: string[], options: { password?: string } = {}): Promise<Started> {
  const dir = tempDir('camera-events');
  const simulator = await startSimulator({ cameras: 2, fps: 5, resolution: '320x240', auth: 'digest', user: 'root', password: 'pass', faults: faults.map(parseFault) });
  const logs: string[] = [];
  const core = await openCore({
    dataDir: dir.path, shell: 'browser', version: 'test', log: (line) => logs.push(line),
    streams: { workers: 1, graceMs: 500 },
    cameraEvents: { backoff: () => new Backoff({ initialMs: 50, maxMs: 200 }) },
  });
  const motion: Started['motion'] = [];
  core.bus.on('camera.motion', (event) => motion.push({ ...event, truth: simulator.eventActive('motion', 1) }));
  await core.registry.cameras.add({ ...simulatedCamera(simulator.port, 1, 'Door'), username: 'root', password: options.password ?? 'pass' } as never);
  return {
    core, simulator, logs, motion,
    async close() {
      await core.close();
      await simulator.close();
      dir.remove();
    },
  };
}

test("the camera's motion detection on a schedule arrives on the bus and in the event log, with readable titles", async () => {
  const s = await start(['cam=1:event:motion/1500/3000', 'cam=2:event:motion/200/400', 'cam=1:event:input/1000/3000']);
  try {
    const cameraId = s.core.registry.cameras.list()[0]!.id;
    await waitFor(() => s.motion.filter((m) => m.state === 'start').length >= 2, { what: 'two motion starts from the camera', timeoutMs: 30_000 });
    const [first, second, third] = s.motion;
    assert.deepEqual([first!.state, second!.state, third!.state], ['start', 'end', 'start']);
    for (const m of s.motion) {
      assert.equal(m.cameraId, cameraId);
      assert.equal(m.source, 'camera');
      assert.match(m.topic, /^(tnsaxis:CameraApplicationPlatform\/VMD\/Camera1Profile1|tns1:VideoSource\/MotionAlarm)$/);
    }
    // The simulator's schedule is the truth: motion was on when 'start' arrived, off when 'end' did.
    assert.equal(first!.truth, true);
    assert.equal(second!.truth, false);
    // On 1500 ms of each 3000: an end from this cycle, not the next (times are when the core got
    // them; at load 20 either edge can arrive hundreds of ms late, so no tighter than that).
    assert.ok(second!.atMs - first!.atMs > 500 && second!.atMs - first!.atMs < 3000, `motion lasted ${second!.atMs - first!.atMs} ms (the camera says 1500)`);
    // Camera 2's faster motion never reaches camera 1 (the channel is part of the topic or source).
    const logged = s.core.registry.events.query({ cameraId, kinds: ['camera-event.motion', 'camera-event.input'] }).reverse();
    const titles = logged.map((e) => e.message);
    assert.ok(titles.includes("Motion (the camera's own motion detection, VMD4)"), titles.join(' | '));
    assert.ok(titles.includes("Motion ended (the camera's own motion detection)"), titles.join(' | '));
    assert.ok(titles.includes('Digital input 1 on'), titles.join(' | '));
    assert.equal(s.core.cameraEvents.state(cameraId)?.state, 'live');
    assert.equal(s.logs.filter((l) => l.includes("following the camera's own events")).length, 1);
  } finally {
    await s.close();
  }
});

test('a dropped event WebSocket is reconnected and events keep coming', async () => {
  const s = await start(['cam=1:event:motion/300/700', 'eventdrop:4']);
  try {
    await waitFor(() => s.simulator.stats().eventConnectionsServed >= 3 && s.motion.filter((m) => m.state === 'start').length >= 3, { what: 'three event connections and three motion starts', timeoutMs: 40_000 });
    // Never two starts in a row: a drop ends the motion it could no longer follow.
    for (let i = 1; i < s.motion.length; i++) assert.notEqual(s.motion[i]!.state, s.motion[i - 1]!.state, `motion events ${i - 1} and ${i}`);
    assert.ok(s.logs.some((l) => l.includes("event stream dropped")));
  } finally {
    await s.close();
  }
});

test('a camera without the event stream (older firmware) is noticed once, and its video is unaffected', async () => {
  const s = await start(['noevents', 'cam=1:event:motion/300/700']);
  try {
    const cameraId = s.core.registry.cameras.list()[0]!.id;
    await waitFor(() => s.core.cameraEvents.state(cameraId)?.state === 'unsupported', { what: 'the event stream to be found missing', timeoutMs: 30_000 });
    // Time passes on a real condition: 15 frames of the camera's video.
    let frames = 0;
    const subscription = s.core.subscribeFrames(cameraId, 'main', { deliver: () => { frames += 1; subscription.ack(); } }, 1);
    await waitFor(() => frames >= 15, { what: '15 frames of the camera', timeoutMs: 30_000 });
    subscription.unsubscribe();
    assert.equal(s.logs.filter((l) => l.includes('no VAPIX event stream')).length, 1, s.logs.join('\n'));
    assert.match(s.logs.find((l) => l.includes('no VAPIX event stream'))!, /answered 404 at \/vapix\/ws-data-stream/);
    assert.equal(s.motion.length, 0);
    assert.equal(s.core.cameraEvents.state(cameraId)?.state, 'unsupported');
    // The camera test says so too, and still passes on the video.
    const report = await testCamera({ ...s.core.registry.cameras.get(cameraId)!, password: 'pass' }, 500);
    assert.equal(report.ok, true);
    assert.equal(report.events?.state, 'unsupported');
    assert.match(report.events?.state === 'unsupported' ? report.events.reason : '', /404/);
  } finally {
    await s.close();
  }
});

test('wrong credentials are reported once; turning the setting off stops following the camera', async () => {
  const s = await start([], { password: 'wrong' });
  try {
    const cameraId = s.core.registry.cameras.list()[0]!.id;
    await waitFor(() => s.core.cameraEvents.state(cameraId)?.state === 'auth-failed', { what: 'the event stream to refuse the credentials', timeoutMs: 30_000 });
    assert.equal(s.logs.filter((l) => l.includes("event stream refused the credentials")).length, 1);
    const report = await testCamera({ ...s.core.registry.cameras.get(cameraId)!, password: 'wrong' }, 500);
    assert.equal(report.events?.state, 'auth');
    await s.core.registry.cameras.update(cameraId, { vapixEvents: false });
    await waitFor(() => s.core.cameraEvents.state(cameraId) === null, { what: 'the event stream to be dropped', timeoutMs: 30_000 });
    const urlCamera = await s.core.registry.cameras.add({ name: 'Other', kind: 'url', host: '127.0.0.1', port: s.simulator.port, path: '/axis-cgi/mjpg/video.cgi', vapixEvents: true } as never);
    assert.equal(urlCamera.vapixEvents, false, "a 'url' camera never follows VAPIX events");
  } finally {
    await s.close();
  }
});

test('a camera flapping an input logs at most MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE events a minute; the bus still carries every change', async () => {
  const s = await start(['cam=1:event:input/40/80']);
  try {
    const cameraId = s.core.registry.cameras.list()[0]!.id;
    let changes = 0;
    s.core.bus.on('camera.device-event', (event) => {
      if (event.cameraId === cameraId && event.kind === 'input') changes += 1;
    });
    await waitFor(() => changes >= MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE + 20, { what: 'more input changes than the log takes in a minute', timeoutMs: 40_000 });
    const logged = s.core.registry.events.query({ cameraId, kinds: ['camera-event.input'], limit: 1000 }).length;
    assert.equal(logged, MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE);
  } finally {
    await s.close();
  }
});

test("a camera whose motion source is its own detection gets motion events from it, and none while its motion is off", async () => {
  const s = await start(['cam=1:event:motion/1000/2000']);
  try {
    const cameraId = s.core.registry.cameras.list()[0]!.id;
    const events = () => s.core.motion.store.events({ cameraIds: [cameraId], fromMs: 0, toMs: Date.now() + 60_000, limit: 100 });
    // Motion off (the default): the camera's events are logged but make no motion events.
    await waitFor(() => s.motion.filter((m) => m.state === 'end').length >= 1, { what: "the camera's first motion to end", timeoutMs: 30_000 });
    assert.equal(events().length, 0, 'no motion events while the camera has motion off');
    s.core.registry.cameras.update(cameraId, { motion: { enabled: true, source: 'camera' } } as never);
    await waitFor(() => events().some((e) => e.endMs !== null), { what: "a motion event from the camera's own detection, ended", timeoutMs: 30_000 });
    const event = events().find((e) => e.endMs !== null)!;
    assert.equal(event.source, 'camera');
    // On 1000 ms of each 2000: ended within its own cycle (edges can arrive late at load 20).
    assert.ok(event.endMs! - event.startMs > 250 && event.endMs! - event.startMs < 2000, `lasted ${event.endMs! - event.startMs} ms (the camera says 1000)`);
    assert.match(event.zones[0] ?? '', /VMD|MotionAlarm/);
  } finally {
    await s.close();
  }
});
