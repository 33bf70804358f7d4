// Shared by the motion tests that run against the simulator's scenes: the clock's exclude zone,
// and the comparison of detected events with a scene's true motion intervals.
import assert from 'node:assert/strict';
import { clockBox } from '../../../main/simulator/scene-source.ts';
import type { Resolution } from '../../../main/simulator/picture.ts';
import type { MotionZone } from '../../../shared/motion.ts';

/** How far a detected start or end may be from the truth (the target). */
export const TRUTH_TOLERANCE_MS = 1_000;

/** Around the clock as a user draws it: with a margin (blur and dilation spread a change by 2 analysed pixels, 2% of the height). */
export const CLOCK_ZONE_MARGIN = 0.03;

export function clockExcludeZone(resolution: Resolution): MotionZone {
  const box = clockBox(resolution);
  const x0 = Math.max(0, box.x - CLOCK_ZONE_MARGIN);
  const y0 = Math.max(0, box.y - CLOCK_ZONE_MARGIN);
  const x1 = Math.min(1, box.x + box.w + CLOCK_ZONE_MARGIN);
  const y1 = Math.min(1, box.y + box.h + CLOCK_ZONE_MARGIN);
  return { name: 'clock', kind: 'exclude', points: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] };
}

export type Interval = { startMs: number; endMs: number };

/**
 * Every true interval is matched by exactly one detected event within TRUTH_TOLERANCE_MS at both
 * ends, and every detected event by a true interval. `what` names the camera in the messages.
 */
export function assertMatchesTruth(what: string, detected: Interval[], truth: Interval[], epochMs: number): void {
  const show = (list: Interval[]) => list.map((i) => `[${((i.startMs - epochMs) / 1000).toFixed(2)} s, ${((i.endMs - epochMs) / 1000).toFixed(2)} s]`).join(' ');
  const context = `${what}: detected ${show(detected)}, true ${show(truth)}`;
  assert.ok(truth.length > 0, `${what}: no true interval to compare with`);
  assert.equal(detected.length, truth.length, context);
  truth.forEach((interval, i) => {
    const event = detected[i]!;
    assert.ok(Math.abs(event.startMs - interval.startMs) <= TRUTH_TOLERANCE_MS, `start ${i}: ${context}`);
    assert.ok(Math.abs(event.endMs - interval.endMs) <= TRUTH_TOLERANCE_MS, `end ${i}: ${context}`);
  });
}
