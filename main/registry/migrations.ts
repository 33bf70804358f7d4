import type { Database } from 'better-sqlite3';

/**
 * The schema history of the registry, oldest first. `PRAGMA user_version` holds the version of
 * the last migration applied; openDatabase() runs the missing ones, each in its own transaction.
 * Never edit a migration that has shipped: add a new one. docs/registry.md describes the tables.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database) => void;
}

const SCHEMA_1 = `
CREATE TABLE cameras (
  id TEXT PRIMARY KEY,                     -- 'cam-' + 8 base32 characters; stable, used in recording paths
  name TEXT NOT NULL,
  position INTEGER NOT NULL,               -- order in lists and in a new wall; reorder() renumbers
  kind TEXT NOT NULL CHECK (kind IN ('vapix', 'url')),
  scheme TEXT NOT NULL CHECK (scheme IN ('http', 'https')),
  host TEXT NOT NULL,                      -- hostname, IPv4 or IPv6 without brackets
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  resolution TEXT,                         -- VAPIX stream arguments; NULL = the camera's default
  fps INTEGER,
  compression INTEGER,
  channel INTEGER,
  rotation INTEGER,
  path TEXT,                               -- kind 'url': path and query of the MJPEG/JPEG stream
  sub_resolution TEXT,                     -- optional smaller stream for grid tiles (VAPIX)
  sub_fps INTEGER,
  sub_path TEXT,                           -- optional smaller stream for grid tiles (url)
  username TEXT,
  password_secret TEXT,                    -- SecretStore ciphertext, never the password itself
  password_store TEXT,                     -- SecretStore.kind that wrote password_secret
  cert_sha256 TEXT,                        -- pinned certificate fingerprint, 64 lowercase hex
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  record_mode TEXT NOT NULL DEFAULT 'off' CHECK (record_mode IN ('off', 'continuous', 'scheduled')),
  record_schedule TEXT NOT NULL DEFAULT '[]', -- JSON [{day: 0-6, from: 'HH:MM', to: 'HH:MM'}]
  retention_days INTEGER,
  retention_gb REAL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX cameras_position ON cameras (position);

CREATE TABLE layouts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  preset TEXT NOT NULL,
  tiles TEXT NOT NULL,                     -- JSON array, one camera id or null per tile of the preset
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX layouts_one_active ON layouts (active) WHERE active = 1;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL                      -- JSON
);

CREATE TABLE segments (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,                 -- no foreign key: recordings outlive a removed camera until retention deletes them
  path TEXT NOT NULL UNIQUE,               -- relative to the recordings root: <camera-id>/<YYYY-MM-DD>/<HHMMSS>.mkv
  start_wall_ms INTEGER NOT NULL,
  end_wall_ms INTEGER NOT NULL,
  frames INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  width INTEGER,
  height INTEGER,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'recovered')),
  synced_offset INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX segments_camera_start ON segments (camera_id, start_wall_ms);
CREATE INDEX segments_recording ON segments (status) WHERE status = 'recording';

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  camera_id TEXT,
  kind TEXT NOT NULL,    -- e.g. camera.online, camera.offline, camera.auth-failed, recording.started, recording.error, recording.resumed, retention.deleted, segment.recovered
  message TEXT NOT NULL,
  data TEXT              -- JSON or NULL
);
CREATE INDEX events_at ON events (at_ms);
CREATE INDEX events_camera_at ON events (camera_id, at_ms);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'cameras, layouts, settings, segments, events',
    up: (db) => {
      db.exec(SCHEMA_1);
    },
  },
  {
    version: 2,
    description: 'the names of removed cameras, for their recordings',
    up: (db) => {
      // Recordings outlive their camera until retention deletes them; the list of recordings
      // names such a camera by the name it had, not by its id.
      db.exec(`CREATE TABLE removed_cameras (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        removed_at_ms INTEGER NOT NULL
      )`);
    },
  },
  {
    version: 3,
    description: 'cameras.allow_basic_after_digest',
    up: (db) => {
      // 1: a plain-http camera that answered Digest may later be answered with Basic (see docs/http-and-auth.md).
      db.exec('ALTER TABLE cameras ADD COLUMN allow_basic_after_digest INTEGER NOT NULL DEFAULT 0 CHECK (allow_basic_after_digest IN (0, 1))');
    },
  },
  {
    version: 4,
    description: 'export jobs',
    up: (db) => {
      // An export is a job: queued, then running, then done, failed or cancelled. A job found
      // queued or running at start was cut short by a crash or a quit: it becomes failed.
      db.exec(`CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        created_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        request TEXT NOT NULL,        -- JSON: cameraIds, fromMs, toMs, format
        folder TEXT NOT NULL,         -- where its files go, absolute
        progress REAL NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        frames INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        result TEXT                   -- JSON once done: files, manifest, key fingerprint, timing notes
      )`);
    },
  },
  {
    version: 5,
    description: "motion: cameras.motion, record mode 'motion', motion_events, motion_activity (and per minute), motion_coverage",
    up: (db) => {
      // A CHECK constraint cannot be altered in SQLite: the cameras table is rebuilt with the new
      // record_mode list and the motion column (https://www.sqlite.org/lang_altertable.html#otheralter).
      // No other table has a foreign key to it, and the copy keeps every column and row as it was.
      const columns = (db.prepare('PRAGMA table_info(cameras)').all() as Array<{ name: string }>).map((c) => c.name).join(', ');
      db.exec(`CREATE TABLE cameras_v5 (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('vapix', 'url')),
        scheme TEXT NOT NULL CHECK (scheme IN ('http', 'https')),
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        resolution TEXT,
        fps INTEGER,
        compression INTEGER,
        channel INTEGER,
        rotation INTEGER,
        path TEXT,
        sub_resolution TEXT,
        sub_fps INTEGER,
        sub_path TEXT,
        username TEXT,
        password_secret TEXT,
        password_store TEXT,
        cert_sha256 TEXT,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        record_mode TEXT NOT NULL DEFAULT 'off' CHECK (record_mode IN ('off', 'continuous', 'scheduled', 'motion')),
        record_schedule TEXT NOT NULL DEFAULT '[]',
        retention_days INTEGER,
        retention_gb REAL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        allow_basic_after_digest INTEGER NOT NULL DEFAULT 0 CHECK (allow_basic_after_digest IN (0, 1)),
        motion TEXT NOT NULL DEFAULT '{}'  -- JSON MotionConfig (shared/motion.ts); missing keys take the defaults
      );
      INSERT INTO cameras_v5 (${columns}) SELECT ${columns} FROM cameras;
      DROP TABLE cameras;
      ALTER TABLE cameras_v5 RENAME TO cameras;
      CREATE INDEX cameras_position ON cameras (position);

      CREATE TABLE motion_events (
        id INTEGER PRIMARY KEY,
        camera_id TEXT NOT NULL,               -- no foreign key: like segments, they outlive a removed camera until retention
        source TEXT NOT NULL CHECK (source IN ('camwall', 'camera')),
        start_ms INTEGER NOT NULL,
        end_ms INTEGER,                        -- NULL while the event goes on
        peak_score REAL NOT NULL DEFAULT 0,    -- changed fraction of the picture inside the zones (0-1)
        zones TEXT NOT NULL DEFAULT '[]',      -- JSON array of zone names
        box TEXT,                              -- JSON {x, y, w, h} as fractions of the picture, or NULL
        thumbnail BLOB                         -- JPEG of the peak frame as received, or NULL
      );
      CREATE INDEX motion_events_camera_start ON motion_events (camera_id, start_ms);
      CREATE INDEX motion_events_start ON motion_events (start_ms);

      CREATE TABLE motion_activity (
        camera_id TEXT NOT NULL,
        second_ms INTEGER NOT NULL,            -- start of the second (a multiple of 1000)
        score REAL NOT NULL,                   -- the second's peak score (0-1)
        grid BLOB NOT NULL,                    -- ACTIVITY_GRID_BYTES (32): 16x16 bits where it moved
        PRIMARY KEY (camera_id, second_ms)
      ) WITHOUT ROWID;

      CREATE TABLE motion_activity_minutes (    -- the peak of motion_activity per minute, for long timeline ranges
        camera_id TEXT NOT NULL,
        minute_ms INTEGER NOT NULL,            -- start of the minute (a multiple of 60000)
        score REAL NOT NULL,
        PRIMARY KEY (camera_id, minute_ms)
      ) WITHOUT ROWID;

      CREATE TABLE motion_coverage (
        id INTEGER PRIMARY KEY,
        camera_id TEXT NOT NULL,
        from_ms INTEGER NOT NULL,              -- the detector analysed this camera over [from_ms, to_ms)
        to_ms INTEGER NOT NULL
      );
      CREATE INDEX motion_coverage_camera ON motion_coverage (camera_id, from_ms);`);
    },
  },
  {
    version: 6,
    description: "cameras.vapix_events and named secrets (the re-stream's password)",
    up: (db) => {
      // 1: follow the camera's own VAPIX event stream (motion, tampering, day/night, inputs)
      // when it has one. Only VAPIX cameras use it; the camera schema keeps it 0 for 'url' ones.
      db.exec('ALTER TABLE cameras ADD COLUMN vapix_events INTEGER NOT NULL DEFAULT 1 CHECK (vapix_events IN (0, 1))');
      db.exec("UPDATE cameras SET vapix_events = 0 WHERE kind = 'url'");
      // Passwords that are not a camera's (the re-stream's user): SecretStore ciphertext only.
      db.exec(`CREATE TABLE secrets (
        name TEXT PRIMARY KEY,        -- e.g. 'restream.password'
        secret TEXT NOT NULL,         -- SecretStore ciphertext, never the password itself
        store TEXT NOT NULL,          -- SecretStore.kind that wrote it
        updated_ms INTEGER NOT NULL
      )`);
    },
  },
];

/** The schema version this code writes; a database with a higher user_version is refused. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
