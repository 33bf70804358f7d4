// The timeline's data for the view: recorded spans and logged events of the session's cameras,
// asked for the view plus half a view on either side (so a pan shows something at once), a
// moment after the view stops changing, and again every few seconds (the segment being written
// grows, new events come). The last answer stays on screen while the next one loads.
import { useEffect, useState } from 'preact/hooks';
import { MAX_TIMELINE_RANGE_MS, type CamwallApi, type Timeline } from '../../shared/api/index.ts';
import type { TimeView } from './time-scale.ts';

const SETTLE_MS = 150;
const REFRESH_MS = 5_000;

export function useTimelineData(api: CamwallApi, cameraIds: string[], view: TimeView, widthPx: number): { timeline: Timeline | null; error: string | null } {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
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
    const load = async () => {
      const result = await api.recordings.timeline({ cameraIds, fromMs, toMs, maxSpans });
      if (!alive) return;
      setError(result.ok ? null : result.error.message);
      if (result.ok) setTimeline(result.value);
    };
    const first = setTimeout(() => void load(), SETTLE_MS);
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [api, key, view.startMs, view.spanMs, widthPx]);
  return { timeline, error };
}
