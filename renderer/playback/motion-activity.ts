// The timeline's motion activity graph, pure: which buckets to ask `motion.activity` for, so a
// bucket is about BUCKET_PX of the track at the present zoom, and how to draw the answer. The
// bucket length is a "nice" step (1 s, 2 s, 5 s … a day: the core stores one score a second,
// so never less than a second) and the range is aligned to it, so a pan asks for the same
// buckets again and an answer still fits the view while the next one loads.
import { MAX_ACTIVITY_BUCKETS } from '../../shared/api/index.ts';
import type { MotionActivity } from '../../shared/motion.ts';
import { timeToX, type TimeView } from './time-scale.ts';

/** About this many px of track per bucket: finer than the eye separates, coarse enough to ask cheaply. */
export const BUCKET_PX = 3;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const BUCKET_STEPS_MS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

export type ActivityQuery = { fromMs: number; toMs: number; buckets: number; bucketMs: number };

/**
 * The buckets for a view `widthPx` wide, covering [fromMs, toMs) (the view and its margins), aligned to
 * the bucket length and never more than MAX_ACTIVITY_BUCKETS (the step grows until they fit).
 */
export function activityQuery(view: TimeView, widthPx: number, fromMs: number, toMs: number): ActivityQuery {
  const wanted = (view.spanMs / Math.max(1, widthPx)) * BUCKET_PX;
  const fits = (step: number) => Math.ceil(toMs / step) - Math.floor(fromMs / step) <= MAX_ACTIVITY_BUCKETS;
  const bucketMs = BUCKET_STEPS_MS.find((s) => s >= wanted && fits(s)) ?? BUCKET_STEPS_MS.find(fits) ?? BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1]!;
  const start = Math.floor(fromMs / bucketMs) * bucketMs;
  const buckets = Math.max(1, Math.min(MAX_ACTIVITY_BUCKETS, Math.ceil((toMs - start) / bucketMs)));
  return { fromMs: start, toMs: start + buckets * bucketMs, buckets, bucketMs };
}

/** A bar of the graph: x and width in px, height as a fraction of the graph's height (0–1]. */
export type ActivityBar = { x: number; width: number; height: number };

/**
 * Bars for the buckets with activity that fall in the view. Scores are changed fractions of the
 * picture, mostly around a percent (a person across a yard): the height is logarithmic from 0.1%
 * to the whole picture (0.1% → 0.1, 1% → 0.35, 10% → 0.67, 100% → 1), so small motion shows and
 * large motion does not flatten it; any activity is at least MIN_BAR of the height.
 */
export const MIN_BAR = 0.08;
const LOG_SCALE = Math.log10(1001);
export function activityHeight(score: number): number {
  return Math.max(MIN_BAR, Math.log10(1 + 1000 * Math.min(1, score)) / LOG_SCALE);
}
export function activityBars(activity: Pick<MotionActivity, 'fromMs' | 'bucketMs' | 'scores'>, view: TimeView, widthPx: number): ActivityBar[] {
  const bars: ActivityBar[] = [];
  const width = Math.max(1, (activity.bucketMs / view.spanMs) * widthPx);
  const first = Math.max(0, Math.floor((view.startMs - activity.fromMs) / activity.bucketMs));
  const last = Math.min(activity.scores.length - 1, Math.ceil((view.startMs + view.spanMs - activity.fromMs) / activity.bucketMs) - 1);
  for (let i = first; i <= last; i++) {
    const score = activity.scores[i]!;
    if (!(score > 0)) continue;
    bars.push({ x: timeToX(view, widthPx, activity.fromMs + i * activity.bucketMs), width, height: activityHeight(score) });
  }
  return bars;
}

/** The peak of several cameras' activity, bucket by bucket (same buckets: one `motion.activity` answer). */
export function peakActivity(list: MotionActivity[]): Pick<MotionActivity, 'fromMs' | 'bucketMs' | 'scores'> | null {
  const first = list[0];
  if (!first) return null;
  const scores = first.scores.map((_, i) => Math.max(...list.map((a) => a.scores[i] ?? 0)));
  return { fromMs: first.fromMs, bucketMs: first.bucketMs, scores };
}
