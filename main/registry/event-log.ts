import { z } from 'zod';
import type { Database } from './database.ts';
import { parseOrThrow } from '../../shared/validation.ts';

export const MAX_EVENTS_PER_QUERY = 1000;
export const DEFAULT_EVENTS_PER_QUERY = 200;
export const MAX_EVENT_MESSAGE_CHARS = 2000;
export const MAX_EVENT_DATA_CHARS = 16 * 1024;
/** The log keeps at most this many rows, whatever their age. */
export const MAX_EVENT_ROWS = 100_000;
export const DEFAULT_EVENT_RETENTION_DAYS = 90;
/** insert() prunes once every this many inserts, so the log cannot grow without bound. */
export const PRUNE_EVERY_INSERTS = 1000;
const DAY_MS = 86_400_000;
const EVENT_KIND_RE = /^[a-z][a-z0-9.-]{0,63}$/;

/** Known kinds; others matching EVENT_KIND_RE are accepted too. */
export type EventKind =
  | 'camera.online'
  | 'camera.offline'
  | 'camera.auth-failed'
  | 'recording.started'
  | 'recording.stopped'
  | 'recording.error'
  | 'recording.resumed'
  | 'retention.deleted'
  | 'segment.recovered'
  | (string & {});

export interface RegistryEvent {
  readonly id: number;
  readonly atMs: number;
  readonly cameraId: string | null;
  readonly kind: EventKind;
  readonly message: string;
  readonly data: unknown;
}

export interface NewEvent {
  readonly atMs?: number;
  readonly cameraId?: string | null;
  readonly kind: EventKind;
  readonly message: string;
  /** Anything JSON can carry; dropped (with a note) beyond MAX_EVENT_DATA_CHARS. */
  readonly data?: unknown;
}

const limitMessage = `must be an integer from 1 to ${MAX_EVENTS_PER_QUERY}`;
/** Arguments of events.query: newest first; `fromMs` inclusive, `toMs` exclusive; page with `beforeId`. */
export const eventQuerySchema = z.strictObject({
  fromMs: z.number({ error: 'must be a time in ms' }).int({ error: 'must be a time in ms' }).optional(),
  toMs: z.number({ error: 'must be a time in ms' }).int({ error: 'must be a time in ms' }).optional(),
  cameraId: z.string({ error: 'must be a camera id' }).optional(),
  kinds: z.array(z.string({ error: 'must be an event kind' }), { error: 'must be a list of event kinds' }).max(50, { error: 'must list at most 50 kinds' }).optional(),
  beforeId: z.number({ error: 'must be an event id' }).int({ error: 'must be an event id' }).optional(),
  limit: z.number({ error: limitMessage }).int({ error: limitMessage }).min(1, { error: limitMessage }).max(MAX_EVENTS_PER_QUERY, { error: limitMessage }).optional(),
});
export type EventQuery = z.input<typeof eventQuerySchema>;

interface EventRow {
  id: number;
  at_ms: number;
  camera_id: string | null;
  kind: string;
  message: string;
  data: string | null;
}

export interface EventLogOptions {
  readonly now?: () => number;
  /** Read at each automatic prune, so a settings change applies without a restart. */
  readonly retentionDays?: () => number;
  readonly maxRows?: number;
}

/** The event log: camera online/offline, auth failures, recording errors, retention deletions. */
export class EventLog {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #retentionDays: () => number;
  readonly #maxRows: number;
  #insertsSincePrune = 0;

  constructor(db: Database, options: EventLogOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#retentionDays = options.retentionDays ?? (() => DEFAULT_EVENT_RETENTION_DAYS);
    this.#maxRows = options.maxRows ?? MAX_EVENT_ROWS;
  }

  insert(event: NewEvent): RegistryEvent {
    if (!EVENT_KIND_RE.test(event.kind)) {
      throw new Error(`Event kind '${event.kind.slice(0, 80)}' is not valid: use lowercase words joined by '.' or '-' (e.g. camera.offline)`);
    }
    const message = event.message.length > MAX_EVENT_MESSAGE_CHARS ? `${event.message.slice(0, MAX_EVENT_MESSAGE_CHARS - 1)}…` : event.message;
    let data = event.data === undefined ? null : JSON.stringify(event.data);
    if (data !== null && data.length > MAX_EVENT_DATA_CHARS) data = JSON.stringify({ dropped: `data of ${data.length} characters is over the ${MAX_EVENT_DATA_CHARS} limit` });
    const atMs = event.atMs ?? this.#now();
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO events (at_ms, camera_id, kind, message, data) VALUES (?, ?, ?, ?, ?)')
      .run(atMs, event.cameraId ?? null, event.kind, message, data);
    this.#insertsSincePrune += 1;
    if (this.#insertsSincePrune >= PRUNE_EVERY_INSERTS) this.prune();
    return { id: Number(lastInsertRowid), atMs, cameraId: event.cameraId ?? null, kind: event.kind, message, data: data === null ? null : JSON.parse(data) };
  }

  query(query: EventQuery = {}): RegistryEvent[] {
    const q = parseOrThrow(eventQuerySchema, query, 'Events not queried');
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (q.fromMs !== undefined) (where.push('at_ms >= ?'), params.push(q.fromMs));
    if (q.toMs !== undefined) (where.push('at_ms < ?'), params.push(q.toMs));
    if (q.cameraId !== undefined) (where.push('camera_id = ?'), params.push(q.cameraId));
    if (q.beforeId !== undefined) (where.push('id < ?'), params.push(q.beforeId));
    if (q.kinds !== undefined && q.kinds.length > 0) {
      where.push(`kind IN (${q.kinds.map(() => '?').join(', ')})`);
      params.push(...q.kinds);
    }
    const sql = `SELECT * FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at_ms DESC, id DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...params, q.limit ?? DEFAULT_EVENTS_PER_QUERY) as EventRow[];
    return rows.map((row) => ({
      id: row.id,
      atMs: row.at_ms,
      cameraId: row.camera_id,
      kind: row.kind,
      message: row.message,
      data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    }));
  }

  /** Deletes events older than the retention and all but the newest maxRows; returns how many. */
  prune(): number {
    this.#insertsSincePrune = 0;
    const cutoff = this.#now() - this.#retentionDays() * DAY_MS;
    return this.#db.transaction(() => {
      const old = this.#db.prepare('DELETE FROM events WHERE at_ms < ?').run(cutoff).changes;
      const excess = this.#db
        .prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at_ms DESC, id DESC LIMIT -1 OFFSET ?)')
        .run(this.#maxRows).changes;
      return old + excess;
    })();
  }
}
