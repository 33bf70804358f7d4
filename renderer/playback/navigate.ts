// "Previous/next gap" and "previous/next event" from the playhead, asked of the timeline index
// on demand (not limited to what the timeline shows). A gap is a stretch where one of the
// session's cameras recorded nothing: the jump lands just inside it, where that camera's tile
// says "No recording". Events are the logged ones of those cameras (offline, auth failed,
// recording errors) and their motion events (landing at the motion's start); the nearer wins.
import { MAX_MOTION_EVENTS_PER_QUERY, MAX_TIMELINE_RANGE_MS, type CamwallApi } from '../../shared/api/index.ts';
import { scoreLabel } from '../motion/motion-events.ts';

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
    const range = { cameraIds, fromMs: Math.max(0, fromMs - MAX_TIMELINE_RANGE_MS), toMs: fromMs };
    const [logged, motion] = await Promise.all([api.recordings.timeline({ ...range, maxSpans: 1 }), api.motion.events({ ...range, limit: MAX_MOTION_EVENTS_PER_QUERY })]);
    if (!logged.ok) return { atMs: null, what: logged.error.message };
    const event = logged.value.events.findLast((e) => e.atMs < fromMs - 500);
    // Motion events come newest first: the first that began before the playhead.
    const moved = motion.ok ? motion.value.find((e) => e.startMs < fromMs - 500) : undefined;
    const found = nearest(event && { atMs: event.atMs, what: event.message }, moved && motionFound(moved), -1);
    return found ?? { atMs: null, what: 'No event before the playhead.' };
  }
  for (const windowMs of EVENT_WINDOWS_MS) {
    const toMs = Math.min(fromMs + windowMs, Date.now());
    if (toMs <= fromMs + 500) break;
    const range = { cameraIds, fromMs: fromMs + 500, toMs };
    const [logged, motion] = await Promise.all([api.recordings.timeline({ ...range, maxSpans: 1 }), api.motion.events({ ...range, limit: MAX_MOTION_EVENTS_PER_QUERY })]);
    if (!logged.ok) return { atMs: null, what: logged.error.message };
    const event = logged.value.events[0];
    // Newest first, and overlapping the range: the last one that began in it is the next.
    const moved = motion.ok ? motion.value.findLast((e) => e.startMs >= range.fromMs) : undefined;
    const found = nearest(event && { atMs: event.atMs, what: event.message }, moved && motionFound(moved), 1);
    if (found) return found;
  }
  return { atMs: null, what: 'No event after the playhead.' };
}

type Hit = { atMs: number; what: string };

function motionFound(event: { startMs: number; peakScore: number; source: string }): Hit {
  return { atMs: event.startMs, what: `Motion${event.source === 'camera' ? ' (from the camera)' : ''}, peak ${scoreLabel(event.peakScore)}` };
}

/** The hit nearer the playhead in the direction of travel. */
function nearest(a: Hit | undefined, b: Hit | undefined, direction: 1 | -1): Hit | null {
  if (!a || !b) return a ?? b ?? null;
  return (b.atMs - a.atMs) * direction < 0 ? b : a;
}
