// The playback shortcuts, as data: the key a user presses → what the wall does. Pure, so the
// help overlay lists exactly what the handler does, and a unit test pins the table.
export type PlaybackAction =
  | { kind: 'toggle-playback' }
  | { kind: 'tile-sync' }
  | { kind: 'play-pause' }
  | { kind: 'step'; frames: 1 | -1 }
  | { kind: 'jump'; ms: number }
  | { kind: 'speed'; direction: 1 | -1 }
  | { kind: 'reverse' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'gap'; direction: 1 | -1 }
  | { kind: 'event'; direction: 1 | -1 }
  | { kind: 'go-to' }
  | { kind: 'live' };

const KEYS: Record<string, PlaybackAction> = {
  p: { kind: 'toggle-playback' },
  o: { kind: 'tile-sync' },
  ' ': { kind: 'play-pause' },
  k: { kind: 'play-pause' },
  ',': { kind: 'step', frames: -1 },
  '.': { kind: 'step', frames: 1 },
  j: { kind: 'jump', ms: -10_000 },
  l: { kind: 'jump', ms: 10_000 },
  J: { kind: 'jump', ms: -60_000 },
  L: { kind: 'jump', ms: 60_000 },
  '[': { kind: 'speed', direction: -1 },
  ']': { kind: 'speed', direction: 1 },
  r: { kind: 'reverse' },
  '+': { kind: 'zoom', factor: 0.5 },
  '=': { kind: 'zoom', factor: 0.5 },
  '-': { kind: 'zoom', factor: 2 },
  g: { kind: 'gap', direction: 1 },
  G: { kind: 'gap', direction: -1 },
  e: { kind: 'event', direction: 1 },
  E: { kind: 'event', direction: -1 },
  t: { kind: 'go-to' },
  v: { kind: 'live' },
};

/** Keys that act only while the wall plays back (P, O, T work on a live wall too). */
const PLAYBACK_ONLY = new Set<PlaybackAction['kind']>(['play-pause', 'step', 'jump', 'speed', 'reverse', 'zoom', 'gap', 'event', 'live']);

export function playbackAction(key: string, playing: boolean): PlaybackAction | null {
  const action = KEYS[key] ?? null;
  if (!action) return null;
  return playing || !PLAYBACK_ONLY.has(action.kind) ? action : null;
}

/** For the help overlay: [keys, what they do]. */
export const PLAYBACK_SHORTCUTS: Array<[string, string]> = [
  ['P', 'Playback of the whole layout on or off (off: back to live)'],
  ['V', 'Back to live'],
  ['O', 'Selected tile: out of sync (its own clock), or back in sync'],
  ['Space, K', 'Play or pause'],
  [', .', 'One frame back, one frame forward'],
  ['J L', 'Back or forward 10 s'],
  ['Shift+J, Shift+L', 'Back or forward 1 min'],
  ['[ ]', 'Slower, faster (through 1/8x to 64x, reverse below 1/8x)'],
  ['R', 'Reverse the direction of play'],
  ['G, Shift+G', 'Next gap, previous gap in the recordings'],
  ['E, Shift+E', 'Next event, previous event'],
  ['+ −', 'Zoom the timeline in, out (or the wheel, a pinch)'],
  ['T', 'Go to a date and time'],
];
