// The detector on synthetic pictures: a moving square makes one event with the right start, end,
// box and zones; make time holds back a one-frame blip; a light switch recalibrates without an
// event; noise stays quiet; exclude zones are honoured; activity seconds and the grid's bit layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLOUR_CHECK_FRACTION, MotionDetector, SETTLE_FRAMES, STILL_FRAMES } from '../../../main/analysis/motion-detector.ts';
import { ACTIVITY_GRID_SIDE, DEFAULT_MOTION_CONFIG, SENSITIVITY_PRESETS, type MotionConfig, type MotionReport } from '../../../shared/motion.ts';

const DEFAULT_LIGHT_SWITCH = SENSITIVITY_PRESETS.medium.lightSwitchFraction;
import { HEIGHT, WIDTH, background, brightened, noisy, withSquare } from './synthetic.ts';

const STEP_MS = 200; // 5 analysed frames a second
const T0 = 1_700_000_000_000;

function detector(config: Partial<MotionConfig> = {}) {
  return new MotionDetector('cam1', { ...DEFAULT_MOTION_CONFIG, enabled: true, quietMs: 2_000, ...config });
}

/** Feeds frames from a script (frame index → picture) and collects every report. */
function run(d: MotionDetector, frames: number, picture: (i: number) => ReturnType<typeof background>): MotionReport[] {
  const reports: MotionReport[] = [];
  for (let i = 0; i < frames; i++) reports.push(...d.analyse(picture(i), T0 + i * STEP_MS));
  reports.push(...d.finish());
  return reports;
}
const events = (reports: MotionReport[]) => reports.filter((r) => r.code === 'motion-end');

test('a square that moves from frame 20 to 39 makes one event from its first to its last moving frame', () => {
  const still = background();
  const reports = run(detector(), 80, (i) => (i >= 20 && i < 40 ? withSquare(still, 10 + (i - 20) * 6, 50, 16) : still));
  const starts = reports.filter((r) => r.code === 'motion-start');
  assert.equal(starts.length, 1);
  assert.equal(starts[0]!.code === 'motion-start' && starts[0]!.atMs, T0 + 20 * STEP_MS, 'the event starts at the first moving frame, not after make time');
  const [end] = events(reports);
  assert.ok(end?.code === 'motion-end');
  assert.equal(end.startMs, T0 + 20 * STEP_MS);
  // Frame 40 is the first without the square: it differs from the picture before, so it still moves.
  assert.ok(end.endMs >= T0 + 39 * STEP_MS && end.endMs <= T0 + 40 * STEP_MS, `ends at the last moving frame, got +${end.endMs - T0} ms`);
  assert.ok(end.peakScore > 0.01 && end.peakScore < 0.1, `peak score ${end.peakScore}`);
  // The square crossed x 10..140 at y 50..66 (plus the blur and dilation's two pixels).
  assert.ok(end.box.x <= 10 / WIDTH && end.box.x >= 6 / WIDTH, `box x ${end.box.x}`);
  assert.ok(end.box.y <= 50 / HEIGHT && end.box.y >= 46 / HEIGHT, `box y ${end.box.y}`);
  assert.ok(end.box.h <= 24 / HEIGHT, `box h ${end.box.h}`);
  assert.ok(end.box.x + end.box.w >= 130 / WIDTH, `box right ${end.box.x + end.box.w}`);
  assert.deepEqual(end.zones, []);
});

test('the event ends only after the quiet period, with endMs at the last moving frame', () => {
  const still = background();
  const d = detector({ quietMs: 3_000 });
  const reports: Array<{ at: number; report: MotionReport }> = [];
  for (let i = 0; i < 60; i++) {
    const picture = i >= 10 && i < 15 ? withSquare(still, 20 + i * 5, 30, 16) : still;
    for (const report of d.analyse(picture, T0 + i * STEP_MS)) reports.push({ at: i, report });
  }
  const end = reports.find((r) => r.report.code === 'motion-end');
  assert.ok(end && end.report.code === 'motion-end');
  const lastMovingFrame = (end.report.endMs - T0) / STEP_MS;
  assert.ok(lastMovingFrame === 14 || lastMovingFrame === 15);
  assert.equal(end.at, lastMovingFrame + 3_000 / STEP_MS, 'reported on the first frame 3 s after the last moving one');
});

test('make time: a blip starts no event with make time 3, and does with make time 1', () => {
  const still = background();
  const blip = (i: number) => (i === 20 ? withSquare(still, 60, 60, 20) : still);
  // The frame after the blip differs from the background again (the blip was not learnt): 2 frames.
  const blink = (i: number) => (i === 20 ? withSquare(still, 60, 60, 20) : i === 21 ? still : still);
  assert.equal(events(run(detector({ tuning: { makeFrames: 3 } }), 40, blink)).length, 0, 'make time 3 holds back a blip');
  assert.equal(events(run(detector({ tuning: { makeFrames: 1 } }), 40, blip)).length, 1, 'make time 1 takes one frame');
});

test('a light switch (every pixel +70) recalibrates and starts no event; motion after it is seen again', () => {
  const still = background();
  const lit = brightened(still, 70);
  const reports = run(detector(), 120, (i) => (i < 30 ? still : i < 80 ? lit : withSquare(lit, 10 + (i - 80) * 3, 40, 16)));
  const recalibrations = reports.filter((r) => r.code === 'recalibrated');
  assert.equal(recalibrations.length, 1);
  assert.ok(recalibrations[0]!.code === 'recalibrated' && recalibrations[0]!.atMs === T0 + 30 * STEP_MS);
  assert.ok(recalibrations[0]!.changedFraction > 0.6);
  const ended = events(reports);
  assert.equal(ended.length, 1, 'only the square after the switch');
  assert.ok(ended[0]!.code === 'motion-end' && ended[0]!.startMs === T0 + 80 * STEP_MS);
});

test('a switch to an infrared picture (contrast and brightness change at once) recalibrates and starts no event', () => {
  const still = background();
  const infrared = brightened(still, -40, 1.6);
  const reports = run(detector(), 80, (i) => (i < 30 ? still : infrared));
  assert.equal(events(reports).length, 0);
  assert.equal(reports.filter((r) => r.code === 'recalibrated').length, 1);
});

test('noise of ±8 gray levels per analysed pixel (more than JPEG noise left after the shrink), new every frame, starts no event at any sensitivity', () => {
  const still = background();
  for (const sensitivity of ['low', 'medium', 'high'] as const) {
    const reports = run(detector({ sensitivity }), 100, (i) => noisy(still, 8, i + 1));
    assert.equal(events(reports).length, 0, sensitivity);
  }
});

test('an exclude zone over a blinking corner keeps it out; an include zone names itself in the event', () => {
  const still = background();
  const blinking = (i: number) => (i % 4 < 2 ? withSquare(still, 130, 5, 20, 250) : still);
  assert.equal(events(run(detector(), 60, blinking)).length, 1, 'without a zone the blinking corner is motion');
  const exclude = { name: 'clock', kind: 'exclude' as const, points: [[0.75, 0], [1, 0], [1, 0.3], [0.75, 0.3]] as Array<[number, number]> };
  assert.equal(events(run(detector({ zones: [exclude] }), 60, blinking)).length, 0, 'the exclude zone hides it');
  const include = { name: 'door', kind: 'include' as const, points: [[0, 0.3], [0.5, 0.3], [0.5, 1], [0, 1]] as Array<[number, number]> };
  const both = (i: number) => (i >= 20 && i < 30 ? withSquare(blinking(i), 20 + i, 60, 16) : blinking(i));
  const ended = events(run(detector({ zones: [exclude, include] }), 60, both));
  assert.equal(ended.length, 1);
  assert.ok(ended[0]!.code === 'motion-end');
  assert.deepEqual(ended[0]!.zones, ['door']);
  assert.ok(ended[0]!.box.x + ended[0]!.box.w <= 0.5 + 2 / WIDTH, 'the box stays in the include zone');
});

test('activity: one report per second with motion, its grid bits where the square was (bit row * 16 + col, LSB first)', () => {
  const still = background();
  // Frames 10..14 are second 2 of the run: the square sits in grid cell (col 3, row 8) and moves within it.
  const reports = run(detector(), 30, (i) => (i >= 10 && i < 15 ? withSquare(still, 32 + (i % 2) * 2, 66, 4) : still));
  const activity = reports.filter((r) => r.code === 'activity');
  assert.ok(activity.length >= 1);
  const first = activity[0]!;
  assert.ok(first.code === 'activity');
  assert.equal(first.secondMs, Math.floor((T0 + 10 * STEP_MS) / 1000) * 1000);
  assert.ok(first.score > 0);
  const cells: Array<[number, number]> = [];
  for (let bit = 0; bit < ACTIVITY_GRID_SIDE * ACTIVITY_GRID_SIDE; bit++) {
    if (first.grid[bit >> 3]! & (1 << (bit & 7))) cells.push([bit % ACTIVITY_GRID_SIDE, Math.floor(bit / ACTIVITY_GRID_SIDE)]);
  }
  assert.ok(cells.length >= 1 && cells.length <= 4, `cells ${JSON.stringify(cells)}`);
  for (const [col, row] of cells) {
    assert.ok(col >= 2 && col <= 4 && row >= 8 && row <= 9, `cell (${col}, ${row}) near the square at x 32..38, y 66..70`);
  }
});

test('the thumbnail is a copy of the peak frame\'s JPEG, one kept per event', () => {
  const still = background();
  const d = detector({ sensitivity: 'high' });
  const jpegs: Uint8Array[] = [];
  const reports: MotionReport[] = [];
  for (let i = 0; i < 40; i++) {
    const size = i >= 10 && i < 16 ? [8, 12, 24, 16, 10, 8][i - 10]! : 0;
    const jpeg = Uint8Array.of(0xff, 0xd8, i, 0xff, 0xd9);
    jpegs.push(jpeg);
    reports.push(...d.analyse(size ? withSquare(still, 40 + i * 4, 40, size) : still, T0 + i * STEP_MS, jpeg));
    jpeg.fill(0); // the caller's buffer is reused right after the call
  }
  const [end] = events(reports);
  assert.ok(end?.code === 'motion-end' && end.thumbnail);
  assert.deepEqual([...end.thumbnail], [0xff, 0xd8, 12, 0xff, 0xd9], 'the frame with the 24 px square, copied before its buffer was reused');
});

test('the first frames only teach the background; a frame older than the last is ignored', () => {
  const d = detector();
  const still = background();
  for (let i = 0; i < SETTLE_FRAMES; i++) {
    d.analyse(withSquare(still, i * 30, 0, 30), T0 + i * STEP_MS);
    assert.equal(d.lastFrame?.settling, true);
  }
  assert.deepEqual(d.analyse(still, T0 - 1), []);
  assert.equal(d.lastFrame?.capturedAtMs, T0 + (SETTLE_FRAMES - 1) * STEP_MS);
});

test('a picture of a size the detector cannot take is refused naming the camera', () => {
  assert.throws(() => detector().analyse({ width: 4, height: 4, data: new Uint8Array(16) }, T0), /camera cam1: the analysed picture is 4x4/);
});

test('a ghost (something that was there while the background was learnt, then left) stops counting after STILL_FRAMES', () => {
  const still = background();
  const parked = withSquare(still, 60, 40, 20);
  const d = detector({ quietMs: 1_000 });
  const reports: MotionReport[] = [];
  // The square is in the picture while the detector learns it, then gone for good.
  for (let i = 0; i < 40; i++) reports.push(...d.analyse(i < SETTLE_FRAMES ? parked : still, T0 + i * STEP_MS));
  const [end] = events(reports);
  assert.ok(end?.code === 'motion-end', 'the square leaving is motion');
  assert.equal(end.startMs, T0 + SETTLE_FRAMES * STEP_MS);
  assert.ok(end.endMs <= T0 + (SETTLE_FRAMES + STILL_FRAMES) * STEP_MS, `the ghost is learnt after ${STILL_FRAMES} frames, ended +${(end.endMs - T0) / STEP_MS} frames`);
  assert.equal(d.lastFrame?.score, 0);
});

test('detectors of one thread share their scratch: two cameras interleaved report exactly what each reports alone', () => {
  const still = background();
  const wide = background(178, 100);
  const squareAt = (i: number) => (i >= 20 && i < 40 ? withSquare(still, 10 + (i - 20) * 6, 50, 16) : still);
  const otherAt = (i: number) => (i >= 10 && i < 30 ? withSquare(wide, 150 - (i - 10) * 5, 20, 12) : noisy(wide, 4, i + 1));
  const alone = (picture: (i: number) => ReturnType<typeof background>) => run(detector(), 60, picture);
  const a = detector();
  const b = detector();
  const together: [MotionReport[], MotionReport[]] = [[], []];
  for (let i = 0; i < 60; i++) {
    together[0].push(...a.analyse(squareAt(i), T0 + i * STEP_MS));
    together[1].push(...b.analyse(otherAt(i), T0 + i * STEP_MS));
  }
  together[0].push(...a.finish());
  together[1].push(...b.finish());
  assert.deepEqual(together[0], alone(squareAt));
  assert.deepEqual(together[1], alone(otherAt));
  assert.ok(events(together[1]).length === 1);
});

test('infrared: a colour-to-gray switch that changes only part of the picture recalibrates when the colour check says so; the same change in colour is motion', () => {
  const still = background();
  // Half the picture changes by 60 levels (foliage bright under infrared): below the light switch rule.
  const half = { ...still, data: still.data.map((v, i) => (Math.floor(i / WIDTH) >= HEIGHT / 2 ? Math.min(255, v + 60) : v)) };
  const colourAt = (i: number) => i < 30;
  const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xd9);
  const runWith = (colourOf: ((i: number) => boolean) | null) => {
    let frame = 0;
    const d = new MotionDetector('cam1', { ...DEFAULT_MOTION_CONFIG, quietMs: 2_000 }, colourOf ? { colourOf: () => colourOf(frame) } : {});
    const reports: MotionReport[] = [];
    for (frame = 0; frame < 60; frame++) reports.push(...d.analyse(frame < 30 ? still : half, T0 + frame * STEP_MS, jpeg));
    return reports;
  };
  const switched = runWith(colourAt);
  assert.deepEqual(events(switched), [], 'no event for the switch');
  const recalibrated = switched.filter((r) => r.code === 'recalibrated');
  assert.equal(recalibrated.length, 1);
  assert.ok(recalibrated[0]!.code === 'recalibrated' && recalibrated[0]!.atMs === T0 + 30 * STEP_MS);
  assert.ok(recalibrated[0]!.changedFraction > COLOUR_CHECK_FRACTION && recalibrated[0]!.changedFraction < DEFAULT_LIGHT_SWITCH);
  assert.equal(events(runWith(() => true)).length, 1, 'the same change with the colour kept is motion');
  assert.equal(events(runWith(null)).length, 1, 'without a colour check too');
});
