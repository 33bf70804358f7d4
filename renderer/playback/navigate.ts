// "Previous/next gap" and "previous/next event" from the playhead, asked of the timeline index
// on demand (not limited to what the timeline shows). A gap is a stretch where one of the
// session's cameras recorded nothing: the jump lands just inside it, where that camera's tile
// says "No recording". Events are the logged ones of those cameras (offline, auth failed,
// recording errors; motion later).
import { MAX_TIMELINE_RANGE_MS, type CamwallApi } from '../../shared/api/index.ts';

/** The core's FRAME_HOLD_MS: a recorded frame stands for this long, so a gap begins this long after a span ends. */
const FRAME_HOLD_MS = 3_000;
/** The span being written ends at its last index update: that end is the live edge, not a gap. */
const LIVE_EDGE_MS = 5_000;
/** Looks this far for the next event first, then wider (events are kept newest first when too many). */
const EVENT_WINDOWS_MS = [86_400_000, 7 * 86_400_000, MAX_TIMELINE_RANGE_MS];

export type Found = { atMs: number; what: string } | { atMs: null; what: string };

export async function findGap(api: CamwallApi, cameraIds: string[], fromMs: number, direction: 1 | -1): Promise<Found> {
  const range = direction > 0 ? { fromMs, toMs: Math.min(fromMs + MAX_TIMELINE_RANGE_MS, Date.now()) } : { fromMs: Math.max(0, fromMs - MAX_TIMELINE_RANGE_MS), toMs: fromMs + 1 };
  if (range.toMs <= range.fromMs) return { atMs: null, what: 'No gap after the playhead.' };
  const result = await api.recordings.timeline({ cameraIds, ...range, maxSpans: 2_000 });
  if (!result.ok) return { atMs: null, what: result.error.message };
  const starts = result.value.cameras.flatMap((c) => c.spans.map((s) => s.endMs + FRAME_HOLD_MS + 1)).filter((t) => t < Date.now() - LIVE_EDGE_MS);
  const found = direction > 0 ? Math.min(...starts.filter((t) => t > fromMs + 1_000)) : Math.max(...starts.filter((t) => t < fromMs - 1_000));
  return Number.isFinite(found) ? { atMs: found, what: 'gap' } : { atMs: null, what: direction > 0 ? 'No gap after the playhead.' : 'No gap before the playhead.' };
}

export async function findEvent(api: CamwallApi, cameraIds: string[], fromMs: number, direction: 1 | -1): Promise<Found> {
  if (direction < 0) {
    const result = await api.recordings.timeline({ cameraIds, fromMs: Math.max(0, fromMs - MAX_TIMELINE_RANGE_MS), toMs: fromMs, maxSpans: 1 });
    if (!result.ok) return { atMs: null, what: result.error.message };
    const event = result.value.events.findLast((e) => e.atMs < fromMs - 500);
    return event ? { atMs: event.atMs, what: event.message } : { atMs: null, what: 'No event before the playhead.' };
  }
  for (const windowMs of EVENT_WINDOWS_MS) {
    const toMs = Math.min(fromMs + windowMs, Date.now());
    if (toMs <= fromMs + 500) break;
    const result = await api.recordings.timeline({ cameraIds, fromMs: fromMs + 500, toMs, maxSpans: 1 });
    if (!result.ok) return { atMs: null, what: result.error.message };
    const event = result.value.events[0];
    if (event) return { atMs: event.atMs, what: event.message };
  }
  return { atMs: null, what: 'No event after the playhead.' };
}
