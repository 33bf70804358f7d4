// The settings form's text fields and the patch they make. Pure, so the conversions (GB to
// bytes, empty = no limit) and the mapping of the core's field errors are tested without a page.
import type { ApiError } from '../../shared/api/index.ts';
import type { PasswordStorageChoice, Settings, SettingsPatch } from '../../shared/settings.ts';

export type SettingsDraft = {
  recordingsDir: string;
  globalRetentionGb: string;
  minFreeDiskGb: string;
  stallTimeoutS: string;
  eventRetentionDays: string;
  startInKiosk: boolean;
  tileClock: boolean;
  /** The tour's steps, dwell times as typed. */
  tour: Array<{ layoutId: string; dwellS: string }>;
  passwordStorage: PasswordStorageChoice;
  newEnabled: boolean;
  newRecordMode: 'off' | 'continuous';
  newRetentionDays: string;
  newRetentionGb: string;
};

/** Field errors by the settings key path they concern: `stallTimeoutS`, `newCameraDefaults.retentionDays`. */
export type SettingsErrors = Record<string, string>;

const GIB = 1024 ** 3;

export function draftOf(s: Settings): SettingsDraft {
  return {
    recordingsDir: s.recordingsDir ?? '',
    globalRetentionGb: s.globalRetentionGb === null ? '' : String(s.globalRetentionGb),
    minFreeDiskGb: String(Math.round((s.minFreeDiskBytes / GIB) * 100) / 100),
    stallTimeoutS: String(s.stallTimeoutS),
    eventRetentionDays: String(s.eventRetentionDays),
    startInKiosk: s.startInKiosk,
    tileClock: s.tileClock,
    tour: s.tour.steps.map((step) => ({ layoutId: step.layoutId, dwellS: String(step.dwellS) })),
    passwordStorage: s.passwordStorage,
    newEnabled: s.newCameraDefaults.enabled,
    newRecordMode: s.newCameraDefaults.recordMode,
    newRetentionDays: s.newCameraDefaults.retentionDays === null ? '' : String(s.newCameraDefaults.retentionDays),
    newRetentionGb: s.newCameraDefaults.retentionGb === null ? '' : String(s.newCameraDefaults.retentionGb),
  };
}

/**
 * Empty is null (no limit); a number is that number; anything else goes to the core as typed,
 * so its field error ("must be an integer from 2 to 300 seconds") is the one the user reads.
 */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : (trimmed as unknown as number);
}

/** A required number: empty goes to the core as null, which it refuses with the field's message. */
const requiredNumber = (text: string) => numberOrNull(text) as number;

/**
 * The patch for settings.set, or the field errors found here: only the free disk space is
 * converted (GB in the form, bytes in the setting), so only it is checked before sending.
 */
export function patchOf(draft: SettingsDraft, current: Settings): { patch: SettingsPatch; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const freeGb = Number(draft.minFreeDiskGb.trim());
  if (draft.minFreeDiskGb.trim() === '' || !Number.isFinite(freeGb) || freeGb < 0) errors['minFreeDiskBytes'] = 'must be a number of GB, 0 or more';
  const patch: SettingsPatch = {
    recordingsDir: draft.recordingsDir.trim() === '' ? null : draft.recordingsDir.trim(),
    globalRetentionGb: numberOrNull(draft.globalRetentionGb),
    minFreeDiskBytes: Math.round(freeGb * GIB),
    stallTimeoutS: requiredNumber(draft.stallTimeoutS),
    eventRetentionDays: requiredNumber(draft.eventRetentionDays),
    startInKiosk: draft.startInKiosk,
    tileClock: draft.tileClock,
    tour: { steps: draft.tour.map((step) => ({ layoutId: step.layoutId, dwellS: requiredNumber(step.dwellS) })) },
    newCameraDefaults: {
      enabled: draft.newEnabled,
      recordMode: draft.newRecordMode,
      retentionDays: numberOrNull(draft.newRetentionDays),
      retentionGb: numberOrNull(draft.newRetentionGb),
    },
    ...(draft.passwordStorage !== current.passwordStorage ? { passwordStorage: draft.passwordStorage } : {}),
  };
  return { patch, errors };
}

/** The core's field errors (`patch.stallTimeoutS`, `patch.newCameraDefaults.retentionGb`) by key path. */
export function settingsErrorsOf(error: ApiError): SettingsErrors {
  const out: SettingsErrors = {};
  for (const { field, message } of error.fields ?? []) {
    const path = field.replace(/^patch\.?/, '');
    out[path === '' ? 'patch' : path] ??= message;
  }
  return out;
}

export function sameDraft(a: SettingsDraft, b: SettingsDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
