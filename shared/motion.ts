// Motion: what a camera's detector is set to, what it reports, and what the registry keeps of it.
// The contract between the detector (main/analysis, a frame sink in the stream worker that
// receives the camera), recording and the registry (main/recording, main/registry, main/service),
// the integrations that react to motion, and the renderer (timeline, Events view, zones, search).
// Picture coordinates are fractions of the picture (0–1, origin top left), so zones and boxes
// survive a change of resolution and mean the same on the main and the smaller stream.
import { z } from 'zod';

export const MOTION_SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type MotionSensitivity = (typeof MOTION_SENSITIVITIES)[number];

/** Where a camera's motion comes from: Camwall's own detector, or the camera's (Axis events). */
export const MOTION_SOURCES = ['camwall', 'camera'] as const;
export type MotionSource = (typeof MOTION_SOURCES)[number];

/** The numbers behind a sensitivity preset; a camera may override each (docs/motion.md says why these). */
export type MotionTuning = {
  /** Difference from the background, in gray levels (1–255), that marks a pixel as changed. */
  pixelThreshold: number;
  /** Smallest connected changed region that counts, as a fraction of the analysed picture's area. */
  minObjectFraction: number;
  /** Consecutive analysed frames with motion before an event starts ("make time"). */
  makeFrames: number;
  /** How fast the background follows the picture (running-average weight of a new frame, 0–1). */
  backgroundAlpha: number;
  /** Changed fraction of the picture above which a frame is a light switch (recalibrate), not motion. */
  lightSwitchFraction: number;
};

/**
 * The numbers behind each sensitivity preset (docs/motion.md says why). Medium follows Frigate's
 * defaults on the same 100 px high analysed picture (threshold 30 gray levels); a light switch is
 * 60% of the picture changed at once (Frigate recalibrates at 80% of its motion area, Motion's
 * lightswitch_percent is the user's); low and high move every number the same way.
 */
export const SENSITIVITY_PRESETS: Readonly<Record<MotionSensitivity, Readonly<MotionTuning>>> = {
  low: { pixelThreshold: 40, minObjectFraction: 0.004, makeFrames: 3, backgroundAlpha: 0.02, lightSwitchFraction: 0.5 },
  medium: { pixelThreshold: 30, minObjectFraction: 0.0015, makeFrames: 2, backgroundAlpha: 0.02, lightSwitchFraction: 0.6 },
  high: { pixelThreshold: 20, minObjectFraction: 0.0008, makeFrames: 2, backgroundAlpha: 0.02, lightSwitchFraction: 0.7 },
};

/** A camera's effective numbers: its preset's, with its own overrides on top. */
export function motionTuningOf(config: Pick<MotionConfig, 'sensitivity' | 'tuning'>): MotionTuning {
  return { ...SENSITIVITY_PRESETS[config.sensitivity], ...config.tuning };
}

export const MAX_MOTION_ZONES = 16;
export const MAX_ZONE_POINTS = 32;
export const MAX_ZONE_NAME_LENGTH = 40;
export const MIN_ANALYSED_FPS = 1;
export const MAX_ANALYSED_FPS = 15;
export const DEFAULT_ANALYSED_FPS = 5;
export const DEFAULT_QUIET_MS = 30_000;
export const MAX_QUIET_MS = 600_000;
export const DEFAULT_PRE_ROLL_MS = 5_000;
export const DEFAULT_POST_ROLL_MS = 5_000;
/** Longest pre-roll and post-roll: the pre-roll is held in memory per camera (see the recorder's byte bound). */
export const MAX_ROLL_MS = 30_000;

/** A point of a zone, as fractions of the picture's width and height. */
export type ZonePoint = [x: number, y: number];
/** A polygon drawn on the picture: motion inside an `include` zone counts, inside an `exclude` zone never. */
export type MotionZone = { name: string; kind: 'include' | 'exclude'; points: ZonePoint[] };

export type MotionConfig = {
  /** The detector runs (on the camera's smaller stream when it has one). */
  enabled: boolean;
  source: MotionSource;
  analysedFps: number;
  sensitivity: MotionSensitivity;
  /** Overrides of the preset's numbers; absent fields take the preset's. */
  tuning: Partial<MotionTuning>;
  /** No include zone: the whole picture, less the exclude zones. */
  zones: MotionZone[];
  /** An event ends after this long without motion. */
  quietMs: number;
  /** Recording on motion keeps this much before the first moving frame, and this much after the event ends. */
  preRollMs: number;
  postRollMs: number;
};

export const DEFAULT_MOTION_CONFIG: MotionConfig = {
  enabled: false,
  source: 'camwall',
  analysedFps: DEFAULT_ANALYSED_FPS,
  sensitivity: 'medium',
  tuning: {},
  zones: [],
  quietMs: DEFAULT_QUIET_MS,
  preRollMs: DEFAULT_PRE_ROLL_MS,
  postRollMs: DEFAULT_POST_ROLL_MS,
};

const fraction = z.number({ error: 'must be a number from 0 to 1' }).min(0, { error: 'must be a number from 0 to 1' }).max(1, { error: 'must be a number from 0 to 1' });
const intIn = (min: number, max: number, unit = '') => {
  const error = `must be a whole number from ${min} to ${max}${unit}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

export const motionZoneSchema = z.strictObject({
  name: z.string({ error: 'must be text' }).trim().min(1, { error: 'required' }).max(MAX_ZONE_NAME_LENGTH, { error: `must be at most ${MAX_ZONE_NAME_LENGTH} characters` }),
  kind: z.enum(['include', 'exclude'], { error: "must be 'include' or 'exclude'" }),
  points: z
    .array(z.tuple([fraction, fraction], { error: 'must be a point [x, y], each a fraction of the picture from 0 to 1' }))
    .min(3, { error: 'a zone needs at least 3 points' })
    .max(MAX_ZONE_POINTS, { error: `a zone has at most ${MAX_ZONE_POINTS} points` }),
});

export const motionTuningSchema = z.strictObject({
  pixelThreshold: intIn(1, 255, ' gray levels').optional(),
  minObjectFraction: fraction.optional(),
  makeFrames: intIn(1, 50, ' frames').optional(),
  backgroundAlpha: fraction.optional(),
  lightSwitchFraction: fraction.optional(),
});

/** A camera's motion settings; absent fields take DEFAULT_MOTION_CONFIG's. */
export const motionConfigSchema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).default(DEFAULT_MOTION_CONFIG.enabled),
  source: z.enum(MOTION_SOURCES, { error: "must be 'camwall' or 'camera'" }).default(DEFAULT_MOTION_CONFIG.source),
  analysedFps: intIn(MIN_ANALYSED_FPS, MAX_ANALYSED_FPS, ' frames a second').default(DEFAULT_ANALYSED_FPS),
  sensitivity: z.enum(MOTION_SENSITIVITIES, { error: "must be 'low', 'medium' or 'high'" }).default(DEFAULT_MOTION_CONFIG.sensitivity),
  tuning: motionTuningSchema.default({}),
  zones: z.array(motionZoneSchema).max(MAX_MOTION_ZONES, { error: `at most ${MAX_MOTION_ZONES} zones` }).default([]),
  quietMs: intIn(1_000, MAX_QUIET_MS, ' ms').default(DEFAULT_QUIET_MS),
  preRollMs: intIn(0, MAX_ROLL_MS, ' ms').default(DEFAULT_PRE_ROLL_MS),
  postRollMs: intIn(0, MAX_ROLL_MS, ' ms').default(DEFAULT_POST_ROLL_MS),
});

/** A rectangle as fractions of the picture (origin top left). */
export type MotionBox = { x: number; y: number; w: number; h: number };
export const motionBoxSchema = z.strictObject({ x: fraction, y: fraction, w: fraction, h: fraction });

/**
 * Where motion was in one second: a grid of ACTIVITY_GRID_SIDE x ACTIVITY_GRID_SIDE cells, one bit
 * each (cell (col, row) is bit `row * side + col`, byte `bit >> 3`, least significant bit first),
 * set when any analysed frame of the second had counted motion in the cell.
 */
export const ACTIVITY_GRID_SIDE = 16;
export const ACTIVITY_GRID_BYTES = (ACTIVITY_GRID_SIDE * ACTIVITY_GRID_SIDE) / 8;

/**
 * What a camera's detector reports from the stream worker (the `motion` frame sink's events).
 * Scores are the changed fraction of the analysed picture inside the zones that count (0–1).
 */
export type MotionReport = { cameraId: string } & (
  | { code: 'motion-start'; atMs: number; score: number; box: MotionBox; zones: string[] }
  /**
   * The event ended (quiet for `quietMs`, or the detector closed). `endMs` is the last moving
   * frame's capture time; `thumbnail` the JPEG (as received) of the frame with the peak score.
   */
  | { code: 'motion-end'; startMs: number; endMs: number; peakScore: number; box: MotionBox; zones: string[]; thumbnail: Uint8Array | null }
  /** One second's activity (sent once the second is over, only for seconds with any counted motion). */
  | { code: 'activity'; secondMs: number; score: number; grid: Uint8Array }
  /** Most of the picture changed at once (lights, infrared switch): the background was reset, no event. */
  | { code: 'recalibrated'; atMs: number; changedFraction: number }
);

/** A motion event as the registry keeps it and the API returns it; `endMs` null while it goes on. */
export type MotionEvent = {
  id: number;
  cameraId: string;
  source: MotionSource;
  startMs: number;
  endMs: number | null;
  peakScore: number;
  box: MotionBox | null;
  zones: string[];
  hasThumbnail: boolean;
};

/** Activity of one camera over [fromMs, fromMs + bucketMs * scores.length): the peak score per bucket, 0 where none. */
export type MotionActivity = { cameraId: string; fromMs: number; bucketMs: number; scores: number[] };

/**
 * A search after the fact: moments with motion inside `region` of one camera's picture over a
 * range, from the stored grid where it exists and by analysing the recordings where it does not.
 */
export type MotionSearchState = {
  id: number;
  cameraId: string;
  fromMs: number;
  toMs: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** 0–1 of the range covered so far. */
  progress: number;
  /** Moments found so far, oldest first (bounded by MAX_SEARCH_HITS). */
  hits: Array<{ startMs: number; endMs: number; score: number; analysed: boolean }>;
  /** Recording time analysed from the recordings (not from the stored grid), ms. */
  analysedMs: number;
  error: string | null;
};
export const MAX_SEARCH_HITS = 1_000;
