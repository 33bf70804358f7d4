// The camera form's motion settings as the user types them (numbers as text, times in seconds,
// fractions in percent) and the conversion to the camera's MotionConfig (shared/motion.ts). The
// core validates again; checking here lets each error name the field in the unit the user typed.
import {
  DEFAULT_MOTION_CONFIG,
  MAX_ANALYSED_FPS,
  MAX_QUIET_MS,
  MAX_ROLL_MS,
  MIN_ANALYSED_FPS,
  SENSITIVITY_PRESETS,
  type MotionConfig,
  type MotionSensitivity,
  type MotionSource,
  type MotionTuning,
  type MotionZone,
} from '../../shared/motion.ts';
/** Error messages by the draft's field name. */
export type FieldErrors = Record<string, string>;

export type MotionDraft = {
  enabled: boolean;
  source: MotionSource;
  sensitivity: MotionSensitivity;
  analysedFps: string;
  quietS: string;
  preRollS: string;
  postRollS: string;
  /** The preset's numbers overridden under "Advanced"; '' takes the preset's. */
  pixelThreshold: string;
  minObjectPct: string;
  makeFrames: string;
  backgroundAlpha: string;
  lightSwitchPct: string;
  zones: MotionZone[];
};

const seconds = (ms: number) => String(ms / 1000);
const optional = (v: number | undefined, scale = 1) => (v === undefined ? '' : String(Math.round(v * scale * 1e6) / 1e6));

export function motionDraftOf(config: MotionConfig | undefined): MotionDraft {
  const c = config ?? DEFAULT_MOTION_CONFIG;
  return {
    enabled: c.enabled,
    source: c.source,
    sensitivity: c.sensitivity,
    analysedFps: String(c.analysedFps),
    quietS: seconds(c.quietMs),
    preRollS: seconds(c.preRollMs),
    postRollS: seconds(c.postRollMs),
    pixelThreshold: optional(c.tuning.pixelThreshold),
    minObjectPct: optional(c.tuning.minObjectFraction, 100),
    makeFrames: optional(c.tuning.makeFrames),
    backgroundAlpha: optional(c.tuning.backgroundAlpha),
    lightSwitchPct: optional(c.tuning.lightSwitchFraction, 100),
    zones: c.zones.map((z) => ({ ...z, points: z.points.map(([x, y]) => [x, y]) })),
  };
}

/** The preset's numbers as the Advanced fields show them (the placeholder of a field left empty). */
export function presetShown(sensitivity: MotionSensitivity): Pick<MotionDraft, 'pixelThreshold' | 'minObjectPct' | 'makeFrames' | 'backgroundAlpha' | 'lightSwitchPct'> {
  const p = SENSITIVITY_PRESETS[sensitivity];
  return {
    pixelThreshold: optional(p.pixelThreshold),
    minObjectPct: optional(p.minObjectFraction, 100),
    makeFrames: optional(p.makeFrames),
    backgroundAlpha: optional(p.backgroundAlpha),
    lightSwitchPct: optional(p.lightSwitchFraction, 100),
  };
}

type NumberRule = { min: number; max: number; integer?: boolean; unit: string };

/** Reads one number field: the value, or an error naming the range in the field's unit. */
function readNumber(text: string, rule: NumberRule): { value: number } | { error: string } {
  const range = `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}${rule.unit}`;
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return { error: `Enter ${range}.` };
  if ((rule.integer && !Number.isInteger(value)) || value < rule.min || value > rule.max) return { error: `Must be ${range}.` };
  return { value };
}

const RULES = {
  analysedFps: { min: MIN_ANALYSED_FPS, max: MAX_ANALYSED_FPS, integer: true, unit: ' frames a second' },
  quietS: { min: 1, max: MAX_QUIET_MS / 1000, unit: ' s' },
  preRollS: { min: 0, max: MAX_ROLL_MS / 1000, unit: ' s' },
  postRollS: { min: 0, max: MAX_ROLL_MS / 1000, unit: ' s' },
  pixelThreshold: { min: 1, max: 255, integer: true, unit: ' gray levels' },
  minObjectPct: { min: 0, max: 100, unit: ' %' },
  makeFrames: { min: 1, max: 50, integer: true, unit: ' frames' },
  backgroundAlpha: { min: 0, max: 1, unit: '' },
  lightSwitchPct: { min: 0, max: 100, unit: ' %' },
} satisfies Record<string, NumberRule>;

/** The draft as the camera's MotionConfig, or the errors keyed by the draft's field (`motion-<field>` in the form). */
export function motionConfigOf(draft: MotionDraft): { config: MotionConfig } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (key: keyof typeof RULES): number => {
    const read = readNumber(draft[key], RULES[key]);
    if ('error' in read) {
      errors[key] = read.error;
      return NaN;
    }
    return read.value;
  };
  const tuning: Partial<MotionTuning> = {};
  const tune = (key: keyof typeof RULES, set: (v: number) => void) => {
    if (draft[key].trim() !== '') set(number(key));
  };
  tune('pixelThreshold', (v) => (tuning.pixelThreshold = v));
  tune('minObjectPct', (v) => (tuning.minObjectFraction = v / 100));
  tune('makeFrames', (v) => (tuning.makeFrames = v));
  tune('backgroundAlpha', (v) => (tuning.backgroundAlpha = v));
  tune('lightSwitchPct', (v) => (tuning.lightSwitchFraction = v / 100));
  const config: MotionConfig = {
    enabled: draft.enabled,
    source: draft.source,
    sensitivity: draft.sensitivity,
    analysedFps: number('analysedFps'),
    quietMs: Math.round(number('quietS') * 1000),
    preRollMs: Math.round(number('preRollS') * 1000),
    postRollMs: Math.round(number('postRollS') * 1000),
    tuning,
    zones: draft.zones.map((z) => ({ ...z, name: z.name.trim() })),
  };
  return Object.keys(errors).length > 0 ? { errors } : { config };
}

/** The core's field errors under `motion.` (`camera.motion.zones[0].points`) keyed as the draft's fields, for what the form could not check. */
export function motionFieldErrorsOf(fields: Array<{ field: string; message: string }> | undefined): FieldErrors {
  const out: FieldErrors = {};
  const keys: Record<string, keyof typeof RULES | 'zones' | 'motion'> = {
    analysedFps: 'analysedFps',
    quietMs: 'quietS',
    preRollMs: 'preRollS',
    postRollMs: 'postRollS',
    'tuning.pixelThreshold': 'pixelThreshold',
    'tuning.minObjectFraction': 'minObjectPct',
    'tuning.makeFrames': 'makeFrames',
    'tuning.backgroundAlpha': 'backgroundAlpha',
    'tuning.lightSwitchFraction': 'lightSwitchPct',
  };
  for (const { field, message } of fields ?? []) {
    // Paths come dotted with array indexes: `patch.motion.zones[2].points`, `camera.motion.quietMs`.
    const m = /^(?:camera\.|patch\.)?motion(?:\.(.*))?$/.exec(field);
    if (!m) continue;
    const rest = m[1] ?? '';
    const zone = /^zones\[(\d+)\]/.exec(rest);
    const key = rest.startsWith('zones') ? 'zones' : (keys[rest] ?? 'motion');
    out[key] ??= zone ? `Zone ${Number(zone[1]) + 1}: ${message}` : message;
  }
  return out;
}
