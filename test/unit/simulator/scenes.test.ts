// The simulator's scenes: the grammar, the state at given times, the truth a test compares with,
// and frames that really change where and when the scene says (decoded and compared).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScene, sceneMotionTruth, sceneState, SCENE_CYCLE_MS } from '../../../main/simulator/scenes.ts';
import { SceneFrameSource, clockBox } from '../../../main/simulator/scene-source.ts';
import { GrayDecoder } from '../../../main/analysis/jpeg-gray.ts';
import { startSimulator } from '../../../main/simulator/server.ts';

test('parseScene: layers joined by +, optionally for one camera; unknown layers and bad cameras are named', () => {
  assert.deepEqual(parseScene('walker'), { layers: ['walker'] });
  assert.deepEqual(parseScene('cam=3:walker+clock+walker'), { camera: 3, layers: ['walker', 'clock'] });
  assert.throws(() => parseScene('walker+rain'), /scene 'walker\+rain': unknown layer 'rain'/);
  assert.throws(() => parseScene('cam=0:walker'), /camera number must be a whole number from 1/);
});

test('sceneState and sceneMotionTruth follow the 20 s cycle', () => {
  assert.equal(sceneState(['walker'], 2_999).walkerMs, null);
  assert.equal(sceneState(['walker'], 3_500).walkerMs, 500);
  assert.equal(sceneState(['walker'], SCENE_CYCLE_MS + 12_100).walkerMs, 100);
  assert.equal(sceneState(['lights'], 8_000).bright, true);
  assert.equal(sceneState(['lights'], 10_500).bright, false);
  assert.equal(sceneState(['infrared'], 16_999).infrared, true);
  assert.deepEqual([sceneState(['clock'], 1_200).clockVisible, sceneState(['clock'], 1_700).clockVisible], [true, false]);
  assert.deepEqual(sceneMotionTruth(['walker'], 1_000, 1_000, 1_000 + 25_000), [
    { startMs: 4_000, endMs: 8_000 }, { startMs: 13_000, endMs: 15_500 }, { startMs: 24_000, endMs: 28_000 },
  ]);
  assert.deepEqual(sceneMotionTruth(['lights', 'noise'], 0, 0, 60_000), []);
});

test('scene frames change only when the scene moves: identical without the walker, changed while it crosses', () => {
  const source = new SceneFrameSource('320x240', 1, ['walker'], 0);
  const decoder = new GrayDecoder();
  const gray = (t: number) => decoder.decode(source.compose(0, t).jpeg).data.slice();
  const diff = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (Math.abs(v - b[i]!) > 20 ? 1 : 0), 0);
  assert.equal(diff(gray(1_100), gray(2_100)), 0, 'no walker: identical');
  assert.ok(diff(gray(3_100), gray(3_600)) > 50, 'the walker moved');
  const box = clockBox('320x240');
  assert.ok(box.x > 0.6 && box.y < 0.2 && box.w > 0.1, JSON.stringify(box));
});

test('the simulator serves a scene to the camera it names and the usual picture to the others, and says when it started', async () => {
  const before = Date.now();
  const simulator = await startSimulator({ cameras: 2, resolution: '320x240', scenes: [parseScene('cam=2:walker')] });
  try {
    assert.ok(simulator.startedAtMs >= before && simulator.startedAtMs <= Date.now());
    const size = async (camera: number) => (await fetch(`http://127.0.0.1:${simulator.port}/axis-cgi/jpg/image.cgi?camera=${camera}`)).arrayBuffer();
    const [usual, scene] = await Promise.all([size(1), size(2)]);
    assert.notEqual(usual.byteLength, scene.byteLength);
  } finally {
    await simulator.close();
  }
  await assert.rejects(startSimulator({ cameras: 1, scenes: [parseScene('cam=2:walker')] }), /a scene targets camera 2, but there are only 1/);
});
