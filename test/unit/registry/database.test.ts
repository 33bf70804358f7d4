import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, schemaVersion, NewerSchemaError } from '../../../main/registry/database.ts';
import { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from '../../../main/registry/migrations.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'camwall-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function schemaOf(file: string): Array<{ type: string; name: string; sql: string | null }> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all() as Array<{ type: string; name: string; sql: string | null }>;
  } finally {
    db.close();
  }
}

test('a new database gets WAL, foreign keys, busy timeout, synchronous NORMAL and the latest schema', (t) => {
  const file = join(tempDir(t), 'nested', 'camwall.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  assert.deepEqual(tables, ['cameras', 'events', 'exports', 'layouts', 'motion_activity', 'motion_activity_minutes', 'motion_coverage', 'motion_events', 'removed_cameras', 'secrets', 'segments', 'settings']);
});

test('the segments and events tables have exactly the columns the recorder relies on', (t) => {
  const db = openDatabase(join(tempDir(t), 'camwall.db'));
  t.after(() => db.close());
  const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string }>).map((c) => `${c.name} ${c.type}`);
  assert.deepEqual(columns('segments'), [
    'id INTEGER', 'camera_id TEXT', 'path TEXT', 'start_wall_ms INTEGER', 'end_wall_ms INTEGER', 'frames INTEGER',
    'bytes INTEGER', 'width INTEGER', 'height INTEGER', 'status TEXT', 'synced_offset INTEGER',
  ]);
  assert.deepEqual(columns('events'), ['id INTEGER', 'at_ms INTEGER', 'camera_id TEXT', 'kind TEXT', 'message TEXT', 'data TEXT']);
  assert.throws(() => db.prepare("INSERT INTO segments (camera_id, path, start_wall_ms, end_wall_ms, status) VALUES ('c', 'p', 0, 0, 'bogus')").run(), /CHECK constraint/);
});

test('reopening a current database changes nothing and keeps the data', (t) => {
  const file = join(tempDir(t), 'camwall.db');
  const first = openDatabase(file);
  first.prepare("INSERT INTO events (at_ms, kind, message) VALUES (1, 'camera.online', 'up')").run();
  first.close();
  const second = openDatabase(file);
  t.after(() => second.close());
  assert.equal(schemaVersion(second), LATEST_SCHEMA_VERSION);
  assert.equal((second.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, 1);
});

test('upgrading a schema-1 database through later migrations gives the same schema as a fresh one', (t) => {
  const dir = tempDir(t);
  // A stand-in for the next migration, so the upgrade path is exercised before a real one exists.
  const next: Migration = {
    version: LATEST_SCHEMA_VERSION + 1,
    description: 'test: camera notes',
    up: (db) => db.exec('ALTER TABLE cameras ADD COLUMN notes TEXT; CREATE INDEX cameras_name ON cameras (name);'),
  };
  const upgraded = join(dir, 'upgraded.db');
  openDatabase(upgraded, MIGRATIONS.slice(0, 1)).close();
  const atOne = new BetterSqlite3(upgraded);
  assert.equal(atOne.pragma('user_version', { simple: true }), 1);
  atOne.prepare("INSERT INTO settings (key, value) VALUES ('notifyOnOffline', 'true')").run();
  atOne.close();

  const db = openDatabase(upgraded, [...MIGRATIONS, next]);
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION + 1);
  assert.equal((db.prepare('SELECT value FROM settings').get() as { value: string }).value, 'true');
  db.close();

  const fresh = join(dir, 'fresh.db');
  openDatabase(fresh, [...MIGRATIONS, next]).close();
  assert.deepEqual(schemaOf(upgraded), schemaOf(fresh));
});

test('a migration that fails is rolled back whole and the version stays', (t) => {
  const file = join(tempDir(t), 'camwall.db');
  openDatabase(file).close();
  const broken: Migration = {
    version: LATEST_SCHEMA_VERSION + 1,
    description: 'test: fails halfway',
    up: (db) => db.exec('CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);'),
  };
  assert.throws(() => openDatabase(file, [...MIGRATIONS, broken]), (error: Error) => error.message.includes(file) && /no such table/.test(error.message));
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
  assert.equal(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get(), undefined);
});

test('a database from a newer Camwall is refused with both versions and left byte-identical', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'camwall.db');
  const raw = new BetterSqlite3(file);
  raw.exec("CREATE TABLE future (x); INSERT INTO future VALUES ('from the future');");
  raw.pragma('user_version = 999');
  raw.close();
  const before = readFileSync(file);

  assert.throws(() => openDatabase(file), (error: unknown) => {
    assert.ok(error instanceof NewerSchemaError);
    assert.match(error.message, /schema version 999/);
    assert.ok(error.message.includes(file));
    assert.ok(error.message.includes(`up to ${LATEST_SCHEMA_VERSION}`));
    return true;
  });
  assert.deepEqual(readFileSync(file), before);
  assert.equal(existsSync(`${file}-wal`), false);
});

test('a file that is not a database is refused with a message naming it', (t) => {
  const file = join(tempDir(t), 'camwall.db');
  const garbage = Buffer.alloc(4096, 'not sqlite ');
  writeFileSync(file, garbage);
  assert.throws(() => openDatabase(file), (error: Error) => error.message.includes(file) && /not a database/.test(error.message));
  assert.deepEqual(readFileSync(file), garbage);
});

test('a database file (and its -wal) that others can read is tightened to 0600 at open', { skip: process.platform === 'win32' && 'mode bits are POSIX only' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'camwall-db-mode-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'camwall.db');
  const db = openDatabase(file);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'created 0600');
  db.close();
  chmodSync(file, 0o644);
  openDatabase(file).close();
  assert.equal(statSync(file).mode & 0o777, 0o600, 'tightened');
});
