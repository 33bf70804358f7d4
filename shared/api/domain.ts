// The records the API carries, named once for the contract. They belong to the registry and the
// stream core (shared/camera.ts, shared/layout.ts, shared/settings.ts, shared/frame.ts,
// shared/camera-status.ts); this file only gathers them, plus the event-log entry.
import { z } from 'zod';

export { cameraInputSchema, cameraPatchSchema } from '../camera.ts';
export type { Camera, CameraInput, CameraPatch } from '../camera.ts';
export { layoutInputSchema } from '../layout.ts';
export type { Layout, LayoutInput, LayoutPreset } from '../layout.ts';
export { settingsPatchSchema } from '../settings.ts';
export type { Settings, SettingsPatch } from '../settings.ts';
export type { Frame } from '../frame.ts';
export type { CameraState, CameraStatus, CameraStats } from '../camera-status.ts';

/** One line of the event log (camera online/offline, auth failures, recording errors, ...). */
export type EventEntry = {
  id: number;
  atMs: number;
  cameraId: string | null;
  /** Stored as is, for filters and integrations; shared/event-titles.ts gives people its title. */
  kind: string;
  message: string;
  data: unknown;
  /**
   * events.query: the camera's name now, or the last name it had when it was removed
   * (`cameraRemoved`); absent in events.appended, where the camera list has the name.
   */
  cameraName?: string | null;
  cameraRemoved?: boolean;
};

/**
 * Validates with `schema` but hands on the value AS GIVEN. For patches: parsing a partial schema
 * fills in the defaults of absent fields, which would turn "rename" into "rename and reset
 * everything else"; the registry merges the raw patch into the stored record and validates the
 * whole. Field errors keep their paths.
 */
export function checkedBy<S extends z.ZodType>(schema: S) {
  return z.custom<z.input<S>>().superRefine((value, ctx) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [...issue.path, key], message: 'is not a known field' });
      } else {
        ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
      }
    }
  });
}
