// SQLite access to the `segments` and `events` tables (schema in main/registry/migrations.ts).
// Paths are stored relative to the recordings root. Synchronous: the recorder calls it from its
// worker with its own connection (WAL lets it write beside the main thread's connection).
import type { Database, Statement } from 'better-sqlite3';

export type SegmentStatus = 'recording' | 'complete' | 'recovered';

export type SegmentRow = {
  id: number;
  camera_id: string;
  path: string;
  start_wall_ms: number;
  end_wall_ms: number;
  frames: number;
  bytes: number;
  width: number | null;
  height: number | null;
  status: SegmentStatus;
  synced_offset: number;
};

export type SegmentProgress = { endWallMs: number; frames: number; bytes: number; syncedOffset: number };

export type RecordingEvent = { atMs: number; cameraId: string | null; kind: string; message: string; data?: unknown };

export class SegmentIndex {
  readonly db: Database;
  readonly #insert: Statement;
  readonly #progress: Statement;
  readonly #finish: Statement;
  readonly #delete: Statement;
  readonly #byPath: Statement;
  readonly #event: Statement;

  constructor(db: Database) {
    this.db = db;
    this.#insert = db.prepare(`INSERT INTO segments (camera_id, path, start_wall_ms, end_wall_ms, frames, bytes, width, height, status, synced_offset)
      VALUES (@cameraId, @path, @startWallMs, @endWallMs, @frames, @bytes, @width, @height, @status, @syncedOffset)`);
    this.#progress = db.prepare(`UPDATE segments SET end_wall_ms = @endWallMs, frames = @frames, bytes = @bytes, synced_offset = @syncedOffset
      WHERE id = @id AND status = 'recording'`);
    this.#finish = db.prepare(`UPDATE segments SET end_wall_ms = @endWallMs, frames = @frames, bytes = @bytes, synced_offset = @bytes,
      width = coalesce(@width, width), height = coalesce(@height, height), status = @status WHERE id = @id`);
    this.#delete = db.prepare('DELETE FROM segments WHERE id = ?');
    this.#byPath = db.prepare('SELECT * FROM segments WHERE path = ?');
    this.#event = db.prepare('INSERT INTO events (at_ms, camera_id, kind, message, data) VALUES (?, ?, ?, ?, ?)');
  }

  /** Inserts a segment; returns its id. Throws on a duplicate path. */
  insert(row: { cameraId: string; path: string; startWallMs: number; width: number; height: number; status?: SegmentStatus;
    endWallMs?: number; frames?: number; bytes?: number; syncedOffset?: number }): number {
    const info = this.#insert.run({
      endWallMs: row.startWallMs, frames: 0, bytes: 0, syncedOffset: 0, status: 'recording', ...row,
    });
    return Number(info.lastInsertRowid);
  }

  progress(id: number, p: SegmentProgress): void {
    this.#progress.run({ id, ...p });
  }

  /** Marks a segment finished (complete after a clean close, recovered after repair). */
  finish(id: number, status: 'complete' | 'recovered', t: { endWallMs: number; frames: number; bytes: number; width?: number; height?: number }): void {
    this.#finish.run({ id, status, width: null, height: null, ...t });
  }

  delete(id: number): void {
    this.#delete.run(id);
  }

  byPath(path: string): SegmentRow | undefined {
    return this.#byPath.get(path) as SegmentRow | undefined;
  }

  withStatus(status: SegmentStatus): SegmentRow[] {
    return this.db.prepare('SELECT * FROM segments WHERE status = ? ORDER BY id').all(status) as SegmentRow[];
  }

  all(): SegmentRow[] {
    return this.db.prepare('SELECT * FROM segments ORDER BY start_wall_ms, id').all() as SegmentRow[];
  }

  /** Finished segments, oldest first: the order retention deletes them in. */
  finishedOldestFirst(cameraId?: string): SegmentRow[] {
    return (cameraId === undefined
      ? this.db.prepare(`SELECT * FROM segments WHERE status != 'recording' ORDER BY start_wall_ms, id`).all()
      : this.db.prepare(`SELECT * FROM segments WHERE status != 'recording' AND camera_id = ? ORDER BY start_wall_ms, id`).all(cameraId)) as SegmentRow[];
  }

  /** Appends to the event log; returns the row's id. */
  event(e: RecordingEvent): number {
    return Number(this.#event.run(e.atMs, e.cameraId, e.kind, e.message, e.data === undefined ? null : JSON.stringify(e.data)).lastInsertRowid);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
