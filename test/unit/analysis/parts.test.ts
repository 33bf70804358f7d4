// The detector's smaller parts: zones rasterised at pixel centres, the rate gate's even timeline,
// the decoder on real and broken JPEGs, the shrink plan, and the sink's settings check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rasteriseZones } from '../../../main/analysis/zones.ts';
import { RateGate } from '../../../main/analysis/rate-gate.ts';
import { GrayDecoder, JpegDecodeError } from '../../../main/analysis/jpeg-gray.ts';
import { ANALYSIS_HEIGHT, shrinkPlan } from '../../../main/analysis/gray-picture.ts';
import { checkMotionSettings, createMotionSinkFactory, MAX_DECODE_FAILURES_IN_A_ROW } from '../../../main/analysis/motion-sink.ts';
import { createRequire } from 'node:module';
import { CameraFrameSource } from '../../../main/simulator/frame-source.ts';
import { SceneFrameSource } from '../../../main/simulator/scene-source.ts';
import { INFRARED_ON } from '../../../main/simulator/scenes.ts';
import { DEFAULT_MOTION_CONFIG, MAX_MOTION_ZONES, SENSITIVITY_PRESETS, motionTuningOf, type MotionZone } from '../../../shared/motion.ts';

test('zones: an include triangle counts only its inside, an exclude square inside it is cut out, bits name the zone', () => {
  const zones: MotionZone[] = [
    { name: 'left', kind: 'include', points: [[0, 0], [0.5, 0], [0, 1]] },
    { name: 'hole', kind: 'exclude', points: [[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1]] },
  ];
  const r = rasteriseZones(zones, 20, 10);
  const at = (x: number, y: number) => r.counted[y * 20 + x];
  assert.equal(at(0, 0), 0, 'inside the exclude zone');
  assert.equal(at(3, 0), 1, 'inside the triangle');
  assert.equal(at(8, 0), 1, 'x 0.425 at the top row (edge at 0.475): inside');
  assert.equal(at(10, 0), 0, 'x 0.525: outside');
  assert.equal(at(19, 9), 0);
  assert.equal(r.includeBits[3 * 20 + 2], 1);
  assert.deepEqual(r.includeNames, ['left']);
  const none = rasteriseZones([], 20, 10);
  assert.equal(none.countedPixels, 200, 'no zone: the whole picture counts');
  assert.throws(() => rasteriseZones(Array.from({ length: MAX_MOTION_ZONES + 1 }, () => zones[0]!), 4, 4), /at most 16 motion zones/);
});

test('rate gate: 15 fps with jitter analysed at 5 is every third frame; a gap restarts the timeline instead of a burst', () => {
  const gate = new RateGate(5);
  const jitter = [0, 9, -7, 4, -3, 8];
  const taken = Array.from({ length: 150 }, (_, i) => i).filter((i) => gate.due(1_000 + i * (1000 / 15) + jitter[i % jitter.length]!));
  assert.equal(taken.length, 50);
  assert.ok(taken.every((frame, i) => i === 0 || frame - taken[i - 1]! === 3), `every third frame: ${taken.slice(0, 12).join(',')}`);
  // 10 s without frames: the next one is taken, the one after it only 200 ms later.
  assert.equal(gate.due(30_000), true);
  assert.equal(gate.due(30_067), false);
  assert.equal(gate.due(30_200), true);
  // The clock went back an hour: start over.
  assert.equal(gate.due(30_200 - 3_600_000), true);
  assert.throws(() => new RateGate(0), /above 0/);
});

test('decoder: a simulator JPEG becomes a 100 px high gray picture with its aspect ratio; garbage and a truncated JPEG are JpegDecodeErrors', () => {
  const decoder = new GrayDecoder();
  for (const [resolution, width] of [['640x480', 133], ['1280x720', 178], ['320x240', 133], ['480x640', 75]] as const) {
    const jpeg = new CameraFrameSource(resolution, 1).compose(1, 0).jpeg;
    const picture = decoder.decode(jpeg);
    assert.deepEqual([picture.width, picture.height, picture.data.length], [width, ANALYSIS_HEIGHT, width * ANALYSIS_HEIGHT], resolution);
    const mean = picture.data.reduce((a, b) => a + b, 0) / picture.data.length;
    assert.ok(mean > 40 && mean < 200, `${resolution}: mean gray ${mean}`);
  }
  assert.throws(() => decoder.decode(Uint8Array.of(1, 2, 3, 4)), JpegDecodeError);
  const whole = new CameraFrameSource('320x240', 1).compose(1, 0).jpeg;
  assert.throws(() => decoder.decode(whole.subarray(0, 600)), JpegDecodeError);
});

test('colour check: the usual picture has colour; an infrared scene frame (neutral chroma) and a one-component JPEG have none', () => {
  const decoder = new GrayDecoder();
  assert.equal(decoder.isColour(new CameraFrameSource('640x480', 1).compose(1, 0).jpeg), true);
  const infrared = new SceneFrameSource('320x240', 1, ['infrared'], 0);
  assert.equal(decoder.isColour(infrared.compose(1, 1_000).jpeg), true, 'before the switch');
  assert.equal(decoder.isColour(infrared.compose(2, INFRARED_ON[0] + 100).jpeg), false, 'after it');
  const turbo = createRequire(import.meta.url)('@julusian/jpeg-turbo') as typeof import('@julusian/jpeg-turbo');
  const gray = turbo.compressSync(Buffer.alloc(64 * 48, 90), { format: turbo.FORMAT_GRAY, width: 64, height: 48, subsampling: turbo.SAMP_GRAY });
  assert.equal(decoder.isColour(gray), false);
  assert.equal(decoder.isColour(Uint8Array.of(1, 2, 3)), null);
});

test('shrink plan: a source lower than ANALYSIS_HEIGHT is kept; samples stay inside the source', () => {
  const small = shrinkPlan(160, 90);
  assert.deepEqual([small.width, small.height], [160, 90]);
  const big = shrinkPlan(1920, 1080);
  assert.deepEqual([big.width, big.height], [178, 100]);
  assert.ok(Math.max(...big.colFar) < 1920 && Math.max(...big.rowFar) < 1080 * 1920);
});

test('presets: medium is the default; a camera\'s overrides win over its preset', () => {
  assert.equal(DEFAULT_MOTION_CONFIG.sensitivity, 'medium');
  assert.deepEqual(motionTuningOf({ sensitivity: 'high', tuning: { pixelThreshold: 12 } }), { ...SENSITIVITY_PRESETS.high, pixelThreshold: 12 });
  assert.ok(SENSITIVITY_PRESETS.low.pixelThreshold > SENSITIVITY_PRESETS.medium.pixelThreshold && SENSITIVITY_PRESETS.medium.pixelThreshold > SENSITIVITY_PRESETS.high.pixelThreshold);
});

test('motion sink: bad settings are refused naming the camera and the field; a stream of undecodable frames stops it', async () => {
  assert.throws(() => checkMotionSettings('cam7', { ...DEFAULT_MOTION_CONFIG, analysedFps: 99 }), /camera cam7: motion\.analysedFps must be a whole number from 1 to 15/);
  assert.throws(() => checkMotionSettings('cam7', { ...DEFAULT_MOTION_CONFIG, zones: [{ name: 'x', kind: 'include', points: [[0, 0]] }] }), /camera cam7: motion\.zones\.0\.points a zone needs at least 3 points/);
  const reports: unknown[] = [];
  const sink = createMotionSinkFactory()('cam7', { ...DEFAULT_MOTION_CONFIG, analysedFps: 15 }, (event) => reports.push(event));
  const garbage = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 0]);
  const push = (i: number) => sink.pushFrame({ jpeg: garbage, receivedAtWallMs: 1_000 + i * 100, monoMs: i * 100, width: 0, height: 0 });
  for (let i = 0; i < MAX_DECODE_FAILURES_IN_A_ROW - 1; i++) push(i);
  assert.throws(() => push(MAX_DECODE_FAILURES_IN_A_ROW), /camera cam7: 50 frames in a row could not be decoded for motion detection/);
  await sink.close();
  assert.deepEqual(reports, []);
});
