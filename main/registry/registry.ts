import { dirname } from 'node:path';
import { openDatabase, openDatabaseOnFullDisk, type Database } from './database.ts';
import { DISK_FULL_MARGIN_BYTES, freeBytesAt, isDiskFullError, isSqliteIoError } from './disk-full.ts';
import { ChangeFeed } from './changes.ts';
import { CameraRepository } from './cameras.ts';
import { LayoutRepository } from './layouts.ts';
import { SettingsRepository } from './settings.ts';
import { EventLog } from './event-log.ts';
import { NamedSecrets } from './named-secrets.ts';
import { exportCameras, importCameras, type CameraExport, type ImportResult } from './import-export.ts';
import type { SecretStore } from './secret-store.ts';

export interface RegistryOptions {
  /** The database file, usually `<data folder>/camwall.db`. */
  readonly file: string;
  readonly secrets: SecretStore;
  readonly now?: () => number;
}

/** Everything the core remembers, behind one object: open it once per process. */
export interface Registry {
  readonly db: Database;
  readonly file: string;
  readonly changes: ChangeFeed;
  readonly cameras: CameraRepository;
  readonly layouts: LayoutRepository;
  readonly settings: SettingsRepository;
  readonly events: EventLog;
  /** Passwords that are no camera's (the re-stream's user), as SecretStore ciphertext. */
  readonly namedSecrets: NamedSecrets;
  readonly secrets: SecretStore;
  /**
   * The disk was full at open: the file is read through an exclusive connection (see
   * openDatabaseOnFullDisk), writes fail with SQLITE_FULL, and no other connection can open it.
   */
  readonly openedOnFullDisk: boolean;
  exportCameras(options?: { includePasswords?: boolean }): Promise<CameraExport>;
  importCameras(document: unknown): Promise<ImportResult>;
  close(): void;
}

export const DATABASE_FILE_NAME = 'camwall.db';

export function openRegistry(options: RegistryOptions): Registry {
  let db: Database;
  let openedOnFullDisk = false;
  try {
    db = openDatabase(options.file);
  } catch (error) {
    if (!failedForFullDisk(error, options.file)) throw error;
    db = openDatabaseOnFullDisk(options.file);
    openedOnFullDisk = true;
  }
  const now = options.now ?? Date.now;
  const changes = new ChangeFeed();
  const settings = new SettingsRepository(db, changes);
  const cameras = new CameraRepository(db, options.secrets, changes, {
    now,
    newCameraDefaults: () => settings.get('newCameraDefaults'),
  });
  const layouts = new LayoutRepository(db, changes, { now });
  const events = new EventLog(db, { now, retentionDays: () => settings.get('eventRetentionDays') });
  return {
    db,
    file: options.file,
    changes,
    cameras,
    layouts,
    settings,
    events,
    namedSecrets: new NamedSecrets(db, options.secrets, now),
    secrets: options.secrets,
    openedOnFullDisk,
    exportCameras: (exportOptions) => exportCameras(cameras, { ...exportOptions, now }),
    importCameras: (document) => importCameras(db, cameras, changes, document),
    close: () => db.close(),
  };
}

/**
 * SQLITE_FULL or ENOSPC, or an I/O error (a full disk fails the `-shm` sizing with
 * SQLITE_IOERR_SHMSIZE) while the disk has almost no space left.
 */
function failedForFullDisk(error: unknown, file: string): boolean {
  if (file === ':memory:') return false;
  if (isDiskFullError(error)) return true;
  if (!isSqliteIoError(error)) return false;
  try {
    return freeBytesAt(dirname(file)) < DISK_FULL_MARGIN_BYTES;
  } catch {
    return false;
  }
}
