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

// Every key here is one the wall and the app leave alone (digits, arrows, Enter, Escape, S, R,
// + - 0, [ ], T, L, F, W C P E ',' and '?' are theirs), so both listeners can run side by side.
const KEYS: Record<string, PlaybackAction> = {
  b: { kind: 'toggle-playback' },
  B: { kind: 'toggle-playback' },
  v: { kind: 'live' },
  V: { kind: 'live' },
  o: { kind: 'tile-sync' },
  O: { kind: 'tile-sync' },
  ' ': { kind: 'play-pause' },
  k: { kind: 'play-pause' },
  K: { kind: 'play-pause' },
  '<': { kind: 'step', frames: -1 },
  '>': { kind: 'step', frames: 1 },
  a: { kind: 'jump', ms: -10_000 },
  d: { kind: 'jump', ms: 10_000 },
  A: { kind: 'jump', ms: -60_000 },
  D: { kind: 'jump', ms: 60_000 },
  '{': { kind: 'speed', direction: -1 },
  '}': { kind: 'speed', direction: 1 },
  '\\': { kind: 'reverse' },
  z: { kind: 'zoom', factor: 0.5 },
  Z: { kind: 'zoom', factor: 2 },
  g: { kind: 'gap', direction: 1 },
  G: { kind: 'gap', direction: -1 },
  n: { kind: 'event', direction: 1 },
  N: { kind: 'event', direction: -1 },
  '/': { kind: 'go-to' },
};

/** Keys that act only while the wall plays back (B, O and / work on a live wall too). */
const PLAYBACK_ONLY = new Set<PlaybackAction['kind']>(['play-pause', 'step', 'jump', 'speed', 'reverse', 'zoom', 'gap', 'event', 'live']);

export function playbackAction(key: string, playing: boolean): PlaybackAction | null {
  const action = KEYS[key] ?? null;
  if (!action) return null;
  return playing || !PLAYBACK_ONLY.has(action.kind) ? action : null;
}

/** For the help overlay: [keys, what they do]. */
export const PLAYBACK_SHORTCUTS: Array<[string, string]> = [
  ['B', 'Playback of the whole layout on or off (off: back to live)'],
  ['V', 'Back to live'],
  ['O', 'Selected tile: out of sync (its own clock), or back in sync'],
  ['Space  K', 'Play or pause'],
  ['<  >', 'One frame back, one frame forward'],
  ['A  D', 'Back or forward 10 s'],
  ['Shift+A  Shift+D', 'Back or forward 1 min'],
  ['{  }', 'Slower, faster (1/8x to 64x; below 1/8x it plays backwards)'],
  ['\\', 'Reverse the direction of play'],
  ['G  Shift+G', 'Next gap, previous gap in the recordings'],
  ['N  Shift+N', 'Next event, previous event'],
  ['Z  Shift+Z', 'Zoom the timeline in, out (or the wheel, a pinch; drag to pan)'],
  ['/', 'Go to a date and time'],
];
