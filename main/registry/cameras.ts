import type { Database } from './database.ts';
import type { SecretStore } from './secret-store.ts';
import type { ChangeFeed } from './changes.ts';
import { RegistryError } from './errors.ts';
import { newId } from './ids.ts';
import {
  cameraInputSchema,
  cameraPatchSchema,
  type Camera,
  type CameraFields,
  type CameraInput,
  type CameraPatch,
  type Rotation,
} from '../../shared/camera.ts';
import { DEFAULT_MOTION_CONFIG, motionConfigSchema, type MotionConfig } from '../../shared/motion.ts';
import { parseOrThrow, ValidationError } from '../../shared/validation.ts';

export interface CameraCredentials {
  readonly username: string | null;
  readonly password: string | null;
}

interface CameraRow {
  id: string;
  name: string;
  position: number;
  kind: 'vapix' | 'url';
  scheme: 'http' | 'https';
  host: string;
  port: number;
  resolution: string | null;
  fps: number | null;
  compression: number | null;
  channel: number | null;
  rotation: number | null;
  path: string | null;
  sub_resolution: string | null;
  sub_fps: number | null;
  sub_path: string | null;
  username: string | null;
  password_secret: string | null;
  password_store: string | null;
  cert_sha256: string | null;
  allow_basic_after_digest: 0 | 1;
  vapix_events: 0 | 1;
  enabled: 0 | 1;
  record_mode: 'off' | 'continuous' | 'scheduled' | 'motion';
  record_schedule: string;
  retention_days: number | null;
  retention_gb: number | null;
  motion: string;
  created_ms: number;
  updated_ms: number;
}

/** The password part of a save: a new ciphertext, "clear it", or "keep what is stored". */
type SecretChange = { secret: string; store: string } | null | undefined;

export interface CameraRepositoryOptions {
  /** Applied to a new camera for the keys its input leaves out (settings.newCameraDefaults). */
  readonly newCameraDefaults?: () => Partial<CameraInput>;
  readonly now?: () => number;
}

/**
 * Cameras in the registry. Every save is validated whole and done in one transaction, so an
 * invalid save changes nothing. Saves that read before they write take the write lock first
 * (IMMEDIATE): a deferred one fails at once with SQLITE_BUSY, without waiting, when a stream
 * worker's recorder committed between its read and its write. Passwords go in through the SecretStore and come out only
 * through getCredentials(); list() and get() report `hasPassword` instead.
 */
export class CameraRepository {
  readonly #db: Database;
  readonly #secrets: SecretStore;
  readonly #changes: ChangeFeed;
  readonly #defaults: () => Partial<CameraInput>;
  readonly #now: () => number;

  constructor(db: Database, secrets: SecretStore, changes: ChangeFeed, options: CameraRepositoryOptions = {}) {
    this.#db = db;
    this.#secrets = secrets;
    this.#changes = changes;
    this.#defaults = options.newCameraDefaults ?? (() => ({}));
    this.#now = options.now ?? Date.now;
  }

  list(): Camera[] {
    return (this.#db.prepare('SELECT * FROM cameras ORDER BY position, created_ms, id').all() as CameraRow[]).map(toCamera);
  }

  get(id: string): Camera | null {
    const row = this.#row(id);
    return row === undefined ? null : toCamera(row);
  }

  /** Like get(), but a missing camera is an error that names the id. */
  require(id: string): Camera {
    const camera = this.get(id);
    if (camera === null) throw notFound(id);
    return camera;
  }

  async add(input: CameraInput): Promise<Camera> {
    const withDefaults = { ...this.#defaults(), ...definedKeys(input) };
    const fields = parseOrThrow(cameraInputSchema, withDefaults, 'Camera not added');
    const secret = await this.#encrypt(fields.password);
    return this.#changes.batch(() => this.#db.transaction(() => this.insertValidated(fields, secret)).immediate());
  }

  /**
   * Changes the keys `patch` sets; `password: undefined` keeps the stored one, `null` clears it.
   * The merged camera is validated whole.
   */
  async update(id: string, patch: CameraPatch): Promise<Camera> {
    const checked = parseOrThrow(cameraPatchSchema, patch, `Camera ${id} not saved`);
    const secret = await this.#encrypt(checked.password);
    return this.#changes.batch(() =>
      this.#db.transaction(() => {
        const previous = this.require(id);
        const merged = { ...fieldsOf(previous), ...definedKeys(patch) };
        const fields = parseOrThrow(cameraInputSchema, merged, `Camera ${id} (${previous.name}) not saved`);
        return this.updateValidated(previous, fields, secret);
      }).immediate(),
    );
  }

  /** Removes the camera and empties its layout tiles; its recordings stay until retention. */
  remove(id: string): void {
    this.#changes.batch(() =>
      this.#db.transaction(() => {
        const camera = this.require(id);
        this.#db.prepare('DELETE FROM cameras WHERE id = ?').run(id);
        this.#db.prepare('INSERT INTO removed_cameras (id, name, removed_at_ms) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, removed_at_ms = excluded.removed_at_ms')
          .run(id, camera.name, this.#now());
        this.#clearFromLayouts(id);
        this.#changes.emit({ entity: 'camera', type: 'removed', camera });
      }).immediate(),
    );
  }

  /** `ids` must list every camera exactly once, in the new order. */
  reorder(ids: readonly string[]): void {
    this.#changes.batch(() =>
      this.#db.transaction(() => {
        const current = this.list().map((c) => c.id);
        const wanted = new Set(ids);
        const missing = current.filter((id) => !wanted.has(id));
        const unknown = ids.filter((id) => !current.includes(id));
        if (missing.length > 0 || unknown.length > 0 || wanted.size !== ids.length) {
          throw new ValidationError('Cameras not reordered', [
            {
              field: 'ids',
              message:
                `must list every camera exactly once` +
                (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
                (unknown.length > 0 ? `; unknown ${unknown.join(', ')}` : '') +
                (wanted.size !== ids.length ? '; some are listed twice' : ''),
            },
          ]);
        }
        const setPosition = this.#db.prepare('UPDATE cameras SET position = ? WHERE id = ?');
        ids.forEach((id, position) => setPosition.run(position, id));
        this.#changes.emit({ entity: 'camera', type: 'reordered', ids: [...ids] });
      })(),
    );
  }

  /** For the stream worker only: the username and the decrypted password. */
  async getCredentials(id: string): Promise<CameraCredentials> {
    const row = this.#row(id);
    if (row === undefined) throw notFound(id);
    if (row.password_secret === null) return { username: row.username, password: null };
    if (row.password_store !== this.#secrets.kind) {
      throw new RegistryError(
        'secret',
        `The password of camera ${id} (${row.name}) was saved by the '${row.password_store}' secret store, ` +
          `but this run uses '${this.#secrets.kind}'. Enter the password again.`,
      );
    }
    try {
      return { username: row.username, password: await this.#secrets.decrypt(row.password_secret) };
    } catch (error) {
      throw new RegistryError('secret', `The password of camera ${id} (${row.name}) cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Encrypts a password for insertValidated/updateValidated (import uses them in its own transaction). */
  async encryptPassword(password: string | null | undefined): Promise<SecretChange> {
    return this.#encrypt(password);
  }

  /** Inserts an already validated camera; call inside a transaction and a change batch. */
  insertValidated(fields: CameraFields, secret: SecretChange, id: string = newId('cam')): Camera {
    const now = this.#now();
    const position = (this.#db.prepare('SELECT coalesce(max(position) + 1, 0) AS next FROM cameras').get() as { next: number }).next;
    this.#db
      .prepare(
        `INSERT INTO cameras (id, name, position, kind, scheme, host, port, resolution, fps, compression, channel, rotation,
           path, sub_resolution, sub_fps, sub_path, username, password_secret, password_store, cert_sha256, allow_basic_after_digest, vapix_events, enabled,
           record_mode, record_schedule, retention_days, retention_gb, motion, created_ms, updated_ms)
         VALUES (@id, @name, @position, @kind, @scheme, @host, @port, @resolution, @fps, @compression, @channel, @rotation,
           @path, @sub_resolution, @sub_fps, @sub_path, @username, @password_secret, @password_store, @cert_sha256, @allow_basic_after_digest, @vapix_events, @enabled,
           @record_mode, @record_schedule, @retention_days, @retention_gb, @motion, @created_ms, @updated_ms)`,
      )
      .run({
        ...toRowFields(fields),
        id,
        position,
        password_secret: secret?.secret ?? null,
        password_store: secret?.store ?? null,
        created_ms: now,
        updated_ms: now,
      });
    const camera = this.require(id);
    this.#changes.emit({ entity: 'camera', type: 'added', camera });
    return camera;
  }

  /** Writes an already validated camera over `previous`; call inside a transaction and a change batch. */
  updateValidated(previous: Camera, fields: CameraFields, secret: SecretChange): Camera {
    const passwordChanged = secret !== undefined;
    this.#db
      .prepare(
        `UPDATE cameras SET name = @name, kind = @kind, scheme = @scheme, host = @host, port = @port,
           resolution = @resolution, fps = @fps, compression = @compression, channel = @channel, rotation = @rotation,
           path = @path, sub_resolution = @sub_resolution, sub_fps = @sub_fps, sub_path = @sub_path, username = @username,
           cert_sha256 = @cert_sha256, allow_basic_after_digest = @allow_basic_after_digest, vapix_events = @vapix_events, enabled = @enabled, record_mode = @record_mode, record_schedule = @record_schedule,
           retention_days = @retention_days, retention_gb = @retention_gb, motion = @motion, updated_ms = @updated_ms
           ${passwordChanged ? ', password_secret = @password_secret, password_store = @password_store' : ''}
         WHERE id = @id`,
      )
      .run({
        ...toRowFields(fields),
        id: previous.id,
        updated_ms: Math.max(this.#now(), previous.updatedMs),
        ...(passwordChanged ? { password_secret: secret?.secret ?? null, password_store: secret?.store ?? null } : {}),
      });
    const camera = this.require(previous.id);
    this.#changes.emit({ entity: 'camera', type: 'updated', camera, previous, passwordChanged });
    return camera;
  }

  #row(id: string): CameraRow | undefined {
    return this.#db.prepare('SELECT * FROM cameras WHERE id = ?').get(id) as CameraRow | undefined;
  }

  async #encrypt(password: string | null | undefined): Promise<SecretChange> {
    if (password === undefined || password === null) return password;
    if (password === '') return null; // an empty password field means "no password"
    return { secret: await this.#secrets.encrypt(password), store: this.#secrets.kind };
  }

  #clearFromLayouts(cameraId: string): void {
    const layouts = this.#db
      .prepare("SELECT id, tiles FROM layouts WHERE EXISTS (SELECT 1 FROM json_each(layouts.tiles) WHERE value = ?)")
      .all(cameraId) as Array<{ id: string; tiles: string }>;
    const save = this.#db.prepare('UPDATE layouts SET tiles = ?, updated_ms = ? WHERE id = ?');
    for (const layout of layouts) {
      const tiles = (JSON.parse(layout.tiles) as Array<string | null>).map((tile) => (tile === cameraId ? null : tile));
      save.run(JSON.stringify(tiles), this.#now(), layout.id);
    }
  }
}

function notFound(id: string): RegistryError {
  return new RegistryError('not-found', `No camera with id ${id}; it may have been removed`);
}

/** Drops keys whose value is undefined, so spreading a patch never erases a field. */
export function definedKeys<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The editable fields of a stored camera, in the shape cameraInputSchema accepts. */
export function fieldsOf(camera: Camera): CameraFields {
  const { id: _id, position: _position, hasPassword: _hasPassword, createdMs: _created, updatedMs: _updated, ...fields } = camera;
  return fields;
}

function toRowFields(fields: CameraFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    scheme: fields.scheme,
    host: fields.host,
    port: fields.port,
    resolution: fields.resolution,
    fps: fields.fps,
    compression: fields.compression,
    channel: fields.channel,
    rotation: fields.rotation,
    path: fields.path,
    sub_resolution: fields.subResolution,
    sub_fps: fields.subFps,
    sub_path: fields.subPath,
    username: fields.username,
    cert_sha256: fields.certSha256,
    allow_basic_after_digest: fields.allowBasicAfterDigest ? 1 : 0,
    vapix_events: fields.vapixEvents ? 1 : 0,
    enabled: fields.enabled ? 1 : 0,
    record_mode: fields.recordMode,
    record_schedule: JSON.stringify(fields.schedule),
    retention_days: fields.retentionDays,
    retention_gb: fields.retentionGb,
    motion: JSON.stringify(fields.motion),
  };
}

/**
 * The stored motion settings with the defaults filled in ('{}' for cameras from before motion).
 * A row that no longer validates (edited by hand) falls back to the defaults, detector off,
 * rather than making the camera unreadable.
 */
function motionOf(row: CameraRow): MotionConfig {
  try {
    const parsed = motionConfigSchema.safeParse(JSON.parse(row.motion));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: the defaults below
  }
  return DEFAULT_MOTION_CONFIG;
}

function toCamera(row: CameraRow): Camera {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    kind: row.kind,
    scheme: row.scheme,
    host: row.host,
    port: row.port,
    resolution: row.resolution,
    fps: row.fps,
    compression: row.compression,
    channel: row.channel,
    rotation: row.rotation as Rotation | null,
    path: row.path,
    subResolution: row.sub_resolution,
    subFps: row.sub_fps,
    subPath: row.sub_path,
    username: row.username,
    hasPassword: row.password_secret !== null,
    certSha256: row.cert_sha256,
    allowBasicAfterDigest: row.allow_basic_after_digest === 1,
    vapixEvents: row.vapix_events === 1,
    enabled: row.enabled === 1,
    recordMode: row.record_mode,
    schedule: JSON.parse(row.record_schedule) as Camera['schedule'],
    retentionDays: row.retention_days,
    retentionGb: row.retention_gb,
    motion: motionOf(row),
    createdMs: row.created_ms,
    updatedMs: row.updated_ms,
  };
}
