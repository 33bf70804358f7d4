// Scenes with known truth, for the motion detector's tests and demos: a camera given a scene
// shows a still textured picture (no ball, no frame number) with layers on a fixed 20 s cycle
// from the simulator's start. The scene knows when its picture truly moves (sceneMotionTruth),
// so a test can compare the detector's events with it. Grammar: `[cam=N:]LAYER[+LAYER...]`,
//   walker    an object crosses the picture during [3, 7) s and [12, 14.5) s of each cycle
//   lights    the lights go up at 8 s and back down at 10.5 s (no motion)
//   infrared  the picture turns gray, as an infrared camera's at dusk, at 9 s and back to colour at 17 s:
//             green turns brighter and blue darker, so about half the luma changes (no motion)
// The switches fall between the walker's crossings: the detector spends a second relearning the
// picture after a switch (docs/motion.md), so a scene that mixes them still has exact truth.
//   noise     every frame each block shows one of NOISE_VARIANTS noisy encodings (compression and sensor noise; no motion)
//   clock     a clock in the top right corner that blinks every half second (motion there; exclude it with a zone)
import { MAX_CAMERAS } from './faults.ts';

export const SCENE_LAYERS = ['walker', 'lights', 'infrared', 'noise', 'clock'] as const;
export type SceneLayer = (typeof SCENE_LAYERS)[number];
export type SceneSpec = { camera?: number; layers: SceneLayer[] };

export const SCENE_CYCLE_MS = 20_000;
/** When the walker moves, ms into each cycle: [start, end). */
export const WALKER_INTERVALS: ReadonlyArray<readonly [number, number]> = [[3_000, 7_000], [12_000, 14_500]];
export const LIGHTS_ON: readonly [number, number] = [8_000, 10_500];
export const INFRARED_ON: readonly [number, number] = [9_000, 17_000];
/** The clock shows its digits for the first half of every second and a blank panel for the second. */
export const CLOCK_BLINK_MS = 500;

const GRAMMAR = `[cam=N:]LAYER[+LAYER...] with LAYER one of ${SCENE_LAYERS.join(', ')}`;

export function parseScene(spec: string): SceneSpec {
  let rest = spec.trim();
  let camera: number | undefined;
  const target = /^cam=([^:]*):(.*)$/.exec(rest);
  if (target) {
    if (!/^\d+$/.test(target[1]!) || Number(target[1]) < 1 || Number(target[1]) > MAX_CAMERAS) {
      throw new Error(`scene '${spec}': the camera number must be a whole number from 1 to ${MAX_CAMERAS} (grammar: ${GRAMMAR})`);
    }
    camera = Number(target[1]);
    rest = target[2]!;
  }
  const layers = rest.split('+').map((l) => l.trim());
  for (const layer of layers) {
    if (!(SCENE_LAYERS as readonly string[]).includes(layer)) throw new Error(`scene '${spec}': unknown layer '${layer}' (grammar: ${GRAMMAR})`);
  }
  const unique = [...new Set(layers)] as SceneLayer[];
  return camera === undefined ? { layers: unique } : { camera, layers: unique };
}

const within = (ms: number, [start, end]: readonly [number, number]) => ms >= start && ms < end;
const cycleTime = (elapsedMs: number) => ((elapsedMs % SCENE_CYCLE_MS) + SCENE_CYCLE_MS) % SCENE_CYCLE_MS;

/** What the scene shows `elapsedMs` after its epoch. */
export type SceneState = {
  bright: boolean;
  infrared: boolean;
  /** ms into the walker's current interval, or null when it is out of the picture. */
  walkerMs: number | null;
  clockVisible: boolean;
  /** Whole seconds since the epoch, the clock's number. */
  clockSeconds: number;
};

export function sceneState(layers: readonly SceneLayer[], elapsedMs: number): SceneState {
  const ms = cycleTime(elapsedMs);
  const interval = layers.includes('walker') ? WALKER_INTERVALS.find((i) => within(ms, i)) : undefined;
  return {
    bright: layers.includes('lights') && within(ms, LIGHTS_ON),
    infrared: layers.includes('infrared') && within(ms, INFRARED_ON),
    walkerMs: interval ? ms - interval[0] : null,
    clockVisible: layers.includes('clock') && Math.floor(Math.max(0, elapsedMs) / CLOCK_BLINK_MS) % 2 === 0,
    clockSeconds: Math.floor(Math.max(0, elapsedMs) / 1000),
  };
}

/**
 * The intervals, in wall-clock ms, in which the walker moves within [fromMs, toMs), for a scene
 * whose epoch (the simulator's start) is `epochMs`. Lights, infrared, noise and the clock are not
 * in it: the first three are not motion, and the clock is meant to be excluded by a zone.
 */
export function sceneMotionTruth(layers: readonly SceneLayer[], epochMs: number, fromMs: number, toMs: number): Array<{ startMs: number; endMs: number }> {
  if (!layers.includes('walker')) return [];
  const truth: Array<{ startMs: number; endMs: number }> = [];
  const firstCycle = Math.floor((fromMs - epochMs) / SCENE_CYCLE_MS);
  for (let cycle = Math.max(0, firstCycle); epochMs + cycle * SCENE_CYCLE_MS < toMs; cycle++) {
    for (const [start, end] of WALKER_INTERVALS) {
      const startMs = epochMs + cycle * SCENE_CYCLE_MS + start;
      const endMs = epochMs + cycle * SCENE_CYCLE_MS + end;
      if (endMs > fromMs && startMs < toMs) truth.push({ startMs, endMs });
    }
  }
  return truth;
}
