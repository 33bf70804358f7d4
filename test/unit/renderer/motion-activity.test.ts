// The timeline's activity graph: buckets that match the view's pixels (a nice step, aligned so a
// pan asks for the same ones), never more than the API allows, and bars drawn where the
// activity was.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ACTIVITY_BUCKETS } from '../../../shared/api/index.ts';
import { activityBars, activityHeight, activityQuery, BUCKET_PX, BUCKET_STEPS_MS, MIN_BAR, peakActivity } from '../../../renderer/playback/motion-activity.ts';

const T = Date.UTC(2026, 10, 21, 9, 0, 0);
const MIN = 60_000;

describe('motion activity buckets', () => {
  it('picks the smallest nice step that gives about BUCKET_PX per bucket', () => {
    // 10 minutes over 1200 px: 0.5 s per px, 1.5 s per 3 px -> 2 s buckets.
    const view = { startMs: T, spanMs: 10 * MIN };
    const q = activityQuery(view, 1200, T - 5 * MIN, T + 15 * MIN);
    assert.equal(q.bucketMs, 2_000);
    assert.equal(q.fromMs, T - 5 * MIN);
    assert.equal(q.buckets, 600);
    assert.equal(q.toMs, q.fromMs + q.buckets * q.bucketMs);
    assert.ok((q.bucketMs / view.spanMs) * 1200 >= BUCKET_PX);
  });

  it('never asks for less than a second (the core stores a score a second)', () => {
    const q = activityQuery({ startMs: T, spanMs: 5_000 }, 1600, T - 2_500, T + 7_500);
    assert.equal(q.bucketMs, 1_000);
    assert.equal(q.fromMs, T - 3_000, 'aligned to the second before');
    assert.equal(q.buckets, 11);
  });

  it('aligns the range to the bucket, so a small pan asks for the same buckets', () => {
    const a = activityQuery({ startMs: T + 1_234, spanMs: 60 * MIN }, 1000, T + 1_234 - 30 * MIN, T + 1_234 + 90 * MIN);
    const b = activityQuery({ startMs: T + 5_678, spanMs: 60 * MIN }, 1000, T + 5_678 - 30 * MIN, T + 5_678 + 90 * MIN);
    assert.equal(a.bucketMs, 15_000);
    assert.equal(a.fromMs % a.bucketMs, 0);
    assert.equal(a.fromMs, b.fromMs);
    assert.ok(a.fromMs <= T + 1_234 - 30 * MIN && a.toMs >= T + 1_234 + 90 * MIN, 'covers what was asked');
  });

  it('grows the step until the buckets fit MAX_ACTIVITY_BUCKETS, at every zoom and width', () => {
    for (const spanMs of [5_000, MIN, 3_600_000, 86_400_000, 7 * 86_400_000]) {
      for (const width of [50, 800, 1920, 8000]) {
        const q = activityQuery({ startMs: T, spanMs }, width, T - spanMs / 2, T + spanMs * 1.5);
        assert.ok(q.buckets >= 1 && q.buckets <= MAX_ACTIVITY_BUCKETS, `${q.buckets} buckets for ${spanMs} ms over ${width} px`);
        assert.ok(BUCKET_STEPS_MS.includes(q.bucketMs));
        assert.ok(q.toMs >= T + spanMs * 1.5 || q.buckets === MAX_ACTIVITY_BUCKETS);
      }
    }
    // 8000 px over 7 days would want 4 min buckets; 14 days of range needs 15 min to fit 2000.
    const wide = activityQuery({ startMs: T, spanMs: 7 * 86_400_000 }, 8000, T - 3.5 * 86_400_000, T + 10.5 * 86_400_000);
    assert.equal(wide.bucketMs, 15 * MIN);
  });

  it('draws a bar per bucket with activity, in the view, on a log scale of the score', () => {
    const view = { startMs: T, spanMs: 100_000 };
    const activity = { fromMs: T - 5_000, bucketMs: 10_000, scores: [0.5, 0, 0.01, 0.25, 0, 0, 0, 0, 0, 0, 0, 0.9, 0.3] };
    const bars = activityBars(activity, view, 1000);
    // Bucket 0 straddles the view's start (x -50, 100 px wide); bucket 11 starts past its end.
    assert.deepEqual(bars.map((b) => Math.round(b.x)), [-50, 150, 250]);
    assert.equal(bars[0]!.width, 100);
    assert.ok(Math.abs(bars[1]!.height - 0.347) < 0.001, `1% -> about a third of the height (${bars[1]!.height})`);
    assert.ok(Math.abs(bars[2]!.height - 0.8) < 0.001, `25% -> 0.8 (${bars[2]!.height})`);
    assert.ok(Math.abs(activityHeight(0.001) - 0.1) < 0.001 && activityHeight(1) === 1 && activityHeight(0.5) < activityHeight(0.6));
    assert.ok(activityBars({ ...activity, scores: [0, 0, 0.00001] }, view, 1000)[0]!.height === MIN_BAR, 'any activity shows');
  });

  it('takes the peak of several cameras bucket by bucket', () => {
    const a = { cameraId: 'a', fromMs: T, bucketMs: 1000, scores: [0, 0.2, 0.1] };
    const b = { cameraId: 'b', fromMs: T, bucketMs: 1000, scores: [0.3, 0.1, 0] };
    assert.deepEqual(peakActivity([a, b])!.scores, [0.3, 0.2, 0.1]);
    assert.equal(peakActivity([]), null);
  });
});
