// "What did this camera record at this instant?" — the one rule that playback, thumbnails and
// `camwall frame` share: the last frame captured at or before the instant, provided it is recent
// enough to still be the picture of that instant. Past FRAME_HOLD_MS the camera was not being
// recorded (a gap, an outage, recording off): the answer is "nothing", with the nearest frames
// on either side, never an old frame passed off as that moment.
import type { FrameCursor, PlayedFrame } from './frame-cursor.ts';

/**
 * How long a recorded frame stands for the moments after it. Cameras send 1-30 frames a second,
 * so a longer silence is a gap in the recording; the timeline draws gaps by the same rule.
 */
export const FRAME_HOLD_MS = 3_000;

export type FrameAtResult =
  | { found: true; frame: PlayedFrame }
  | { found: false; before: number | null; after: number | null };

/**
 * Moves `cursor` to the frame recorded at `atMs` (see above) and says what it found. A target in
 * the Cluster the cursor holds is found there without reading it again (a scrub seeks many times
 * a second, a few times per Cluster).
 */
export async function frameAt(cursor: FrameCursor, atMs: number): Promise<FrameAtResult> {
  const frame = await cursor.moveTo(atMs);
  if (frame && atMs - frame.atMs <= FRAME_HOLD_MS) return { found: true, frame };
  const before = frame?.atMs ?? null;
  const after = (await cursor.seekAfter(atMs))?.atMs ?? null;
  return { found: false, before, after };
}
