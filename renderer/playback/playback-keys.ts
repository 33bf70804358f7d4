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
  | { kind: 'live' }
  | { kind: 'mark'; which: 'in' | 'out' }
  | { kind: 'export' };

// Every key here is one the wall and the app leave alone (digits, arrows, Enter, Escape, S, R,
// + - 0, [ ], T, L, F, W C P E ',', Shift+X and '?' are theirs), so both listeners can run side
// by side. I and O are the in and out marks, as in every video editor; taking a tile out of sync
// moved to U for them.
const KEYS: Record<string, PlaybackAction> = {
  b: { kind: 'toggle-playback' },
  B: { kind: 'toggle-playback' },
  v: { kind: 'live' },
  V: { kind: 'live' },
  u: { kind: 'tile-sync' },
  U: { kind: 'tile-sync' },
  i: { kind: 'mark', which: 'in' },
  I: { kind: 'mark', which: 'in' },
  o: { kind: 'mark', which: 'out' },
  O: { kind: 'mark', which: 'out' },
  x: { kind: 'export' },
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

/** Keys that act only while the wall plays back (B, U, X and / work on a live wall too). */
const PLAYBACK_ONLY = new Set<PlaybackAction['kind']>(['play-pause', 'step', 'jump', 'speed', 'reverse', 'zoom', 'gap', 'event', 'live', 'mark']);

export function playbackAction(key: string, playing: boolean): PlaybackAction | null {
  const action = KEYS[key] ?? null;
  if (!action) return null;
  return playing || !PLAYBACK_ONLY.has(action.kind) ? action : null;
}

/** For the help overlay: [keys, what they do]. */
export const PLAYBACK_SHORTCUTS: Array<[string, string]> = [
  ['B', 'Playback of the whole layout on or off (off: back to live)'],
  ['V', 'Back to live'],
  ['U', 'Selected tile: out of sync (its own clock), or back in sync'],
  ['Space  K', 'Play or pause'],
  ['<  >', 'One frame back, one frame forward'],
  ['A  D', 'Back or forward 10 s'],
  ['Shift+A  Shift+D', 'Back or forward 1 min'],
  ['{  }', 'Slower, faster (1/8x to 64x; below 1/8x it plays backwards)'],
  ['\\', 'Reverse the direction of play'],
  ['G  Shift+G', 'Next gap, previous gap in the recordings'],
  ['N  Shift+N', 'Next event, previous event (logged events and motion)'],
  ['Z  Shift+Z', 'Zoom the timeline in, out (or the wheel, a pinch; drag to pan)'],
  ['/', 'Go to a date and time'],
  ['I  O', 'In mark, out mark at the playhead: the range to export (drag them on the timeline)'],
  ['X', 'Export… the marked range (cameras, format)'],
];
