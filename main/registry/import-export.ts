import { z } from 'zod';
import { cameraIdSchema, cameraInputSchema, type CameraFields } from '../../shared/camera.ts';
import { fieldErrors, ValidationError, type FieldError } from '../../shared/validation.ts';
import { fieldsOf, type CameraRepository } from './cameras.ts';
import type { ChangeFeed } from './changes.ts';
import type { Database } from './database.ts';

export const CAMERA_EXPORT_FORMAT = 'camwall.cameras';
export const CAMERA_EXPORT_VERSION = 1;
export const MAX_IMPORT_CAMERAS = 1000;
export const PLAIN_TEXT_PASSWORDS_WARNING =
  'This file contains camera passwords in plain text. Keep it private, and delete it once it has been imported.';

export type ExportedCamera = CameraFields & { id: string; hasPassword: boolean; password?: string };

export interface CameraExport {
  format: typeof CAMERA_EXPORT_FORMAT;
  version: typeof CAMERA_EXPORT_VERSION;
  exportedAt: string;
  includesPasswords: boolean;
  /** Present only when the file holds passwords. */
  warning?: string;
  cameras: ExportedCamera[];
}

export interface ImportEntryError {
  readonly index: number;
  readonly name: string | null;
  readonly errors: readonly FieldError[];
}

/** An import refused as a whole; `entries` lists the problems camera by camera. */
export class ImportError extends ValidationError {
  readonly entries: readonly ImportEntryError[];
  constructor(entries: readonly ImportEntryError[], fields: readonly FieldError[]) {
    super('Cameras not imported (nothing was changed)', fields);
    this.name = 'ImportError';
    this.entries = entries;
  }
}

export interface ImportResult {
  readonly added: readonly string[];
  readonly updated: readonly string[];
}

/** The camera list as JSON, in list order. Passwords only when asked, then with a warning. */
export async function exportCameras(cameras: CameraRepository, options: { includePasswords?: boolean; now?: () => number } = {}): Promise<CameraExport> {
  const includePasswords = options.includePasswords === true;
  const list: ExportedCamera[] = [];
  for (const camera of cameras.list()) {
    const entry: ExportedCamera = { id: camera.id, ...fieldsOf(camera), hasPassword: camera.hasPassword };
    if (includePasswords && camera.hasPassword) {
      const { password } = await cameras.getCredentials(camera.id);
      if (password !== null) entry.password = password;
    }
    list.push(entry);
  }
  return {
    format: CAMERA_EXPORT_FORMAT,
    version: CAMERA_EXPORT_VERSION,
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
    includesPasswords: includePasswords,
    ...(includePasswords ? { warning: PLAIN_TEXT_PASSWORDS_WARNING } : {}),
    cameras: list,
  };
}

const envelopeSchema = z.object({
  format: z.literal(CAMERA_EXPORT_FORMAT, { error: `must be '${CAMERA_EXPORT_FORMAT}' (this is not a Camwall camera list)` }),
  version: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .refine((v) => v >= 1 && v <= CAMERA_EXPORT_VERSION, {
      error: `must be from 1 to ${CAMERA_EXPORT_VERSION}; a higher version was written by a newer Camwall`,
    }),
  cameras: z
    .array(z.unknown(), { error: 'must be a list of cameras' })
    .max(MAX_IMPORT_CAMERAS, { error: `must hold at most ${MAX_IMPORT_CAMERAS} cameras` }),
});

interface CheckedEntry {
  readonly id: string | undefined;
  readonly fields: CameraFields;
  readonly password: string | null | undefined;
}

/**
 * Adds the cameras of an export; an entry whose id is already in the registry updates that
 * camera (its password is kept unless the file carries one). Every entry is checked first; any
 * error refuses the whole import, and the writes happen in one transaction.
 */
export async function importCameras(db: Database, cameras: CameraRepository, changes: ChangeFeed, document: unknown): Promise<ImportResult> {
  const envelope = envelopeSchema.safeParse(document);
  if (!envelope.success) throw new ImportError([], fieldErrors(envelope.error));

  const checked: CheckedEntry[] = [];
  const entries: ImportEntryError[] = [];
  const seenIds = new Map<string, number>();
  envelope.data.cameras.forEach((raw, index) => {
    const result = checkEntry(raw);
    const errors = [...result.errors];
    if (result.id !== undefined) {
      const first = seenIds.get(result.id);
      if (first !== undefined) errors.push({ field: 'id', message: `${result.id} is also used by cameras[${first}]` });
      else seenIds.set(result.id, index);
    }
    if (errors.length > 0 || result.entry === null) entries.push({ index, name: result.name, errors });
    else checked.push(result.entry);
  });
  if (entries.length > 0) {
    const fields = entries.flatMap((entry) =>
      entry.errors.map((e) => ({ field: `cameras[${entry.index}]${entry.name === null ? '' : ` (${entry.name})`}${e.field === '' ? '' : `.${e.field}`}`, message: e.message })),
    );
    throw new ImportError(entries, fields);
  }

  const secrets = await Promise.all(checked.map((entry) => cameras.encryptPassword(entry.password)));
  return changes.batch(() =>
    db.transaction(() => {
      const added: string[] = [];
      const updated: string[] = [];
      checked.forEach((entry, index) => {
        const previous = entry.id === undefined ? null : cameras.get(entry.id);
        if (previous !== null) {
          updated.push(cameras.updateValidated(previous, entry.fields, secrets[index]).id);
        } else {
          added.push(cameras.insertValidated(entry.fields, secrets[index], entry.id).id);
        }
      });
      return { added, updated };
    })(),
  );
}

function checkEntry(raw: unknown): { entry: CheckedEntry | null; id: string | undefined; name: string | null; errors: FieldError[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { entry: null, id: undefined, name: null, errors: [{ field: '', message: 'must be a camera object' }] };
  }
  const { id, hasPassword: _hasPassword, ...rest } = raw as Record<string, unknown>;
  const name = typeof rest.name === 'string' ? rest.name : null;
  const errors: FieldError[] = [];
  let checkedId: string | undefined;
  if (id !== undefined) {
    const idResult = cameraIdSchema.safeParse(id);
    if (idResult.success) checkedId = idResult.data;
    else errors.push(...fieldErrors(idResult.error).map((e) => ({ field: 'id', message: e.message })));
  }
  const fields = cameraInputSchema.safeParse(rest);
  if (!fields.success) errors.push(...fieldErrors(fields.error));
  if (errors.length > 0 || !fields.success) return { entry: null, id: checkedId, name, errors };
  const { password, ...cameraFields } = fields.data;
  return { entry: { id: checkedId, fields: cameraFields, password }, id: checkedId, name, errors };
}
