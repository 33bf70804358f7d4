// The timeline's data for the view: recorded spans and logged events of the session's cameras,
// and their motion (events as spans, and the activity graph's buckets), asked for the view plus
// half a view on either side (so a pan shows something at once), a moment after the view stops
// changing, and again every few seconds (the segment being written grows, new events come). The
// last answer stays on screen while the next one loads. Motion is asked beside the spans; where
// the core has no motion ('unavailable') the timeline simply shows none.
import { useEffect, useState } from 'preact/hooks';
import { MAX_MOTION_EVENTS_PER_QUERY, MAX_TIMELINE_RANGE_MS, type CamwallApi, type Timeline } from '../../shared/api/index.ts';
import type { MotionActivity, MotionEvent } from '../../shared/motion.ts';
import { activityQuery } from './motion-activity.ts';
import type { TimeView } from './time-scale.ts';

const SETTLE_MS = 150;
const REFRESH_MS = 5_000;

export type TimelineMotion = { events: MotionEvent[]; activity: MotionActivity[] };

export function useTimelineData(api: CamwallApi, cameraIds: string[], view: TimeView, widthPx: number): { timeline: Timeline | null; motion: TimelineMotion | null; error: string | null } {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [motion, setMotion] = useState<TimelineMotion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = cameraIds.join('\n');
  useEffect(() => {
    if (cameraIds.length === 0) return;
    let alive = true;
    const margin = Math.min(view.spanMs / 2, (MAX_TIMELINE_RANGE_MS - view.spanMs) / 2);
    const fromMs = Math.max(0, Math.floor(view.startMs - margin));
    const toMs = Math.ceil(view.startMs + view.spanMs + margin);
    // About one span per pixel is all the canvas can show.
    const maxSpans = Math.min(2_000, Math.max(50, Math.round(widthPx * 2)));
    const buckets = activityQuery(view, widthPx, fromMs, toMs);
    const load = async () => {
      const [spans, events, activity] = await Promise.all([
        api.recordings.timeline({ cameraIds, fromMs, toMs, maxSpans }),
        api.motion.events({ cameraIds, fromMs, toMs, limit: MAX_MOTION_EVENTS_PER_QUERY }),
        api.motion.activity({ cameraIds, fromMs: buckets.fromMs, toMs: buckets.toMs, buckets: buckets.buckets }),
      ]);
      if (!alive) return;
      setError(spans.ok ? null : spans.error.message);
      if (spans.ok) setTimeline(spans.value);
      if (events.ok || activity.ok) setMotion({ events: events.ok ? events.value : [], activity: activity.ok ? activity.value : [] });
    };
    const first = setTimeout(() => void load(), SETTLE_MS);
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [api, key, view.startMs, view.spanMs, widthPx]);
  return { timeline, motion, error };
}
