// The motion sink in real stream worker threads (StreamManager loading MOTION_SINK_MODULE by URL)
// against the simulator's scenes: the walker's crossings are found within 1 s of their true start
// and end, alone and mixed with lights, infrared, noise and a clock; the lighting and infrared
// switches recalibrate without an event; noise starts nothing; the clock is motion unless an
// exclude zone covers it. Each camera keeps its one connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamManager } from '../../../main/stream/stream-manager.ts';
import { MOTION_SINK_MODULE } from '../../../main/analysis/motion-sink.ts';
import { startSimulator } from '../../../main/simulator/server.ts';
import { SCENE_CYCLE_MS, WALKER_INTERVALS, parseScene, sceneMotionTruth } from '../../../main/simulator/scenes.ts';
import type { SinkReport } from '../../../main/stream/frame-sink.ts';
import { DEFAULT_MOTION_CONFIG, type MotionConfig, type MotionReport, type MotionZone } from '../../../shared/motion.ts';
import { waitFor } from '../../support/wait-for.ts';
import { StatusLog } from '../stream/lifecycle-helpers.ts';
import { SETTLE_FRAMES } from '../../../main/analysis/motion-detector.ts';
import { assertMatchesTruth, clockExcludeZone } from './motion-scenes.ts';

const RESOLUTION = '320x240';
const clock = clockExcludeZone(RESOLUTION);
/** camera id → its scene and zones */
const CAMERAS: Array<{ id: string; scene: string; zones: MotionZone[] }> = [
  { id: 'walker', scene: 'walker', zones: [] },
  { id: 'lights', scene: 'lights', zones: [] },
  { id: 'infrared', scene: 'infrared', zones: [] },
  { id: 'noise', scene: 'noise', zones: [] },
  { id: 'clock-excluded', scene: 'clock', zones: [clock] },
  { id: 'clock', scene: 'clock', zones: [] },
  { id: 'everything', scene: 'walker+lights+infrared+noise+clock', zones: [clock] },
];

test('motion sink: scenes in stream workers give the true events and none for lights, infrared, noise or an excluded clock', { timeout: 180_000 }, async (t) => {
  const simulator = await startSimulator({
    cameras: CAMERAS.length, fps: 10, resolution: RESOLUTION,
    scenes: CAMERAS.map((c, i) => parseScene(`cam=${i + 1}:${c.scene}`)),
  });
  const manager = new StreamManager({ workers: 2, sinkModules: { motion: MOTION_SINK_MODULE } });
  t.after(async () => {
    await manager.close();
    await simulator.close();
  });
  const reports = new Map<string, MotionReport[]>(CAMERAS.map((c) => [c.id, []]));
  const failures: string[] = [];
  manager.on('sink', (report: SinkReport) => {
    if (report.sink !== 'motion') return;
    if (report.event.code === 'sink-failed') failures.push(report.event.message);
    else reports.get(report.event.cameraId)?.push(report.event);
  });
  const log = new StatusLog(manager);
  const motion = (zones: MotionZone[]): MotionConfig => ({ ...DEFAULT_MOTION_CONFIG, enabled: true, quietMs: 1_000, zones });
  manager.setCameras(CAMERAS.map((c, i) => ({ id: c.id, target: { url: simulator.urls[i]! }, motion: motion(c.zones) })));
  for (const c of CAMERAS) await log.waitForState(c.id, 'live');

  // The detector learns the picture for its first SETTLE_FRAMES analysed frames (5 a second) after
  // the connection: only true intervals that begin after that, plus a margin, are compared.
  const epoch = simulator.startedAtMs;
  const comparedFrom = Date.now() + (SETTLE_FRAMES / DEFAULT_MOTION_CONFIG.analysedFps) * 1000 + 1_500;
  // Until the second cycle's first crossing has ended (and its quiet second passed).
  const comparedTo = epoch + SCENE_CYCLE_MS + WALKER_INTERVALS[0]![1];
  const ended = (id: string) => reports.get(id)!.flatMap((r) => (r.code === 'motion-end' ? [r] : []));
  await waitFor(() => ended('walker').some((e) => e.startMs >= comparedTo - 5_000) && ended('everything').some((e) => e.startMs >= comparedTo - 5_000) && Date.now() > comparedTo + 2_000,
    { what: 'the second cycle\'s first crossing to end on both walker cameras', timeoutMs: 120_000, pollMs: 200 });

  assert.deepEqual(failures, []);
  for (const id of ['walker', 'everything']) {
    const truth = sceneMotionTruth(parseScene(CAMERAS.find((c) => c.id === id)!.scene).layers, epoch, comparedFrom, comparedTo)
      .filter((i) => i.startMs >= comparedFrom);
    const detected = ended(id).filter((e) => e.startMs >= comparedFrom && e.startMs < comparedTo);
    assertMatchesTruth(id, detected, truth, epoch);
    for (const event of detected) {
      assert.ok(event.thumbnail && event.thumbnail[0] === 0xff && event.thumbnail[1] === 0xd8, `${id}: the thumbnail is a JPEG`);
      assert.ok(event.peakScore > 0 && event.box.w > 0 && event.box.h > 0);
    }
    assert.ok(reports.get(id)!.some((r) => r.code === 'activity'), `${id}: activity seconds were reported`);
  }
  for (const id of ['lights', 'infrared', 'noise', 'clock-excluded']) {
    assert.deepEqual(reports.get(id)!.filter((r) => r.code === 'motion-start'), [], `${id}: no motion event`);
  }
  for (const id of ['lights', 'infrared']) {
    assert.ok(reports.get(id)!.filter((r) => r.code === 'recalibrated').length >= 2, `${id}: the switch on and the switch off recalibrated`);
  }
  assert.ok(reports.get('clock')!.some((r) => r.code === 'motion-start'), 'without the exclude zone the blinking clock is motion');
  assert.equal(simulator.stats().streamsServed, CAMERAS.length, 'one connection per camera, none dropped');
});
