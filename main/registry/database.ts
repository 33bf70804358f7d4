import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type { Database } from 'better-sqlite3';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating it if needed) the registry database and brings its schema up to date.
 * WAL journal, foreign keys on, 5 s busy timeout, synchronous NORMAL (a power cut may lose the
 * last transactions but never corrupts the file; see docs/registry.md).
 * A database written by a newer Camwall is refused before anything writes to it.
 * `migrations` is a parameter only so that tests can upgrade through a longer list.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  checkMigrationList(migrations);
  const latest = latestVersion(migrations);
  if (file !== ':memory:' && existsSync(file)) refuseIfNewer(file, latest);
  else if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (file !== ':memory:') makePrivate(file);

  let db: Database;
  try {
    db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`Cannot open the camera database ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, file, migrations, latest);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof NewerSchemaError) throw error;
    throw new Error(`Cannot open the camera database ${file}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Opens an existing, up-to-date database on a disk too full for WAL's shared-memory index (the
 * `-shm` file SQLite sizes at open): with `locking_mode = EXCLUSIVE` set before the first read,
 * SQLite keeps that index in this process's memory and creates no file. Reads work; writes fail
 * with SQLITE_FULL until space returns. The exclusive lock keeps every other connection out (the
 * recorders' ones included), so the caller runs without recording. Nothing is migrated: an
 * upgrade needs space.
 */
export function openDatabaseOnFullDisk(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  const latest = latestVersion(migrations);
  if (!existsSync(file)) throw new Error(`Cannot create the camera database ${file}: the disk is full. Free some space on it and start Camwall again.`);
  let db: Database;
  try {
    db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  } catch (error) {
    throw new Error(`Cannot open the camera database ${file} on a full disk: ${messageOf(error)}`, { cause: error });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    const version = schemaVersion(db);
    if (version > latest) throw new NewerSchemaError(file, version, latest);
    if (version < latest) {
      throw new Error(
        `Cannot open the camera database ${file}: it needs an upgrade (schema ${version} to ${latest}) and the disk is full. Free some space on it and start Camwall again.`,
      );
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof NewerSchemaError) throw error;
    throw new Error(`Cannot open the camera database ${file} on a full disk: ${messageOf(error)}`, { cause: error });
  }
}

/** Database files are 0600; SQLite gives the -wal and -shm files the mode of the database. */
export const DATABASE_FILE_MODE = 0o600;
const GROUP_OR_OTHER_BITS = 0o077;

/**
 * Creates the database file empty with mode 0600 (an empty file is a new SQLite database), or
 * tightens an existing one and its -wal/-shm that others may read: they hold the camera list,
 * the event log and the password ciphertexts.
 */
function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  try {
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, DATABASE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return; // opening will say what is wrong
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(path).mode & GROUP_OR_OTHER_BITS) !== 0) chmodSync(path, DATABASE_FILE_MODE);
    } catch {
      // absent (-wal, -shm) or not ours to change: nothing to tighten
    }
  }
}

/** The database was written by a newer Camwall; thrown before anything is written to it. */
export class NewerSchemaError extends Error {
  readonly file: string;
  readonly fileVersion: number;
  readonly knownVersion: number;
  constructor(file: string, fileVersion: number, knownVersion: number) {
    super(
      `The camera database ${file} has schema version ${fileVersion}, but this Camwall knows ` +
        `versions up to ${knownVersion}. It was written by a newer Camwall: update Camwall, or ` +
        `point it at another data folder. The file was not modified.`,
    );
    this.name = 'NewerSchemaError';
    this.file = file;
    this.fileVersion = fileVersion;
    this.knownVersion = knownVersion;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Reads user_version through a read-only connection, so a newer database is never touched. */
function refuseIfNewer(file: string, latest: number): void {
  let probe: Database;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`Cannot open the camera database ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    const version = schemaVersion(probe);
    if (version > latest) throw new NewerSchemaError(file, version, latest);
  } catch (error) {
    if (error instanceof NewerSchemaError) throw error;
    throw new Error(`Cannot read the camera database ${file}: ${messageOf(error)}`, { cause: error });
  } finally {
    probe.close();
  }
}

function migrate(db: Database, file: string, migrations: readonly Migration[], latest: number): void {
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock first, so two processes opening the same file at once
    // cannot both apply a migration; the version is re-read under the lock.
    db.transaction(() => {
      const current = schemaVersion(db);
      if (current > latest) throw new NewerSchemaError(file, current, latest);
      if (current >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

function checkMigrationList(migrations: readonly Migration[]): void {
  // Strictly rising versions; gaps are allowed (parallel work is numbered ahead and renumbered at merge).
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : migrations[index - 1]!.version;
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`Migration list is out of order: entry ${index} has version ${migration.version}, expected a version above ${previous}`);
    }
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The version of the last migration (versions rise but may skip numbers). */
function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}
