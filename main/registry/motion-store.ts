// What the registry keeps of motion: events (start, end, peak, zones, box, thumbnail), the
// per-second activity (score and a 16x16 grid, only seconds with motion; its peak per minute
// beside it, for the timeline's long ranges), and the spans during
// which Camwall's detector analysed a camera (so a search knows where the stored grid speaks
// for the picture and where the recordings must be analysed instead). Every table is bounded by
// age and by a named row count; see docs/registry.md and docs/motion-recording.md.
import type { Database } from 'better-sqlite3';
import {
  ACTIVITY_GRID_BYTES,
  type MotionActivity,
  type MotionBox,
  type MotionEvent,
  type MotionSource,
} from '../../shared/motion.ts';

/** Most motion events kept in all; the oldest go first. */
export const MAX_MOTION_EVENT_ROWS = 100_000;
/** Most seconds of activity kept per camera (about 2.9 days of non-stop motion); the oldest go first. */
export const MAX_ACTIVITY_ROWS_PER_CAMERA = 250_000;
/** Most seconds of activity kept in all (about 100 MB); the oldest go first. */
export const MAX_ACTIVITY_ROWS = 2_000_000;
/** A thumbnail larger than this is not stored (the event keeps no thumbnail). */
export const MAX_THUMBNAIL_BYTES = 256 * 1024;
/** Only the newest this many events keep their thumbnail (at most MAX_THUMBNAIL_BYTES each). */
export const MAX_THUMBNAILS = 20_000;
/** Most detector coverage spans kept in all; the oldest go first. */
export const MAX_COVERAGE_ROWS = 100_000;
/** Most activity seconds one read returns (a week of one camera at one row a second is 604,800). */
export const MAX_ACTIVITY_SECONDS_PER_READ = 700_000;

type EventRow = {
  id: number;
  camera_id: string;
  source: MotionSource;
  start_ms: number;
  end_ms: number | null;
  peak_score: number;
  zones: string;
  box: string | null;
  has_thumbnail: 0 | 1;
};

export type NewMotionEvent = { cameraId: string; source: MotionSource; startMs: number; peakScore: number; box: MotionBox | null; zones: string[] };
export type MotionEventEnd = { endMs: number; peakScore?: number; box?: MotionBox | null; zones?: string[]; thumbnail?: Uint8Array | null };
export type EventQuery = { cameraIds?: readonly string[]; fromMs: number; toMs: number; zone?: string; limit: number };
export type ActivitySecond = { secondMs: number; score: number; grid: Uint8Array };
export type CoverageSpan = { fromMs: number; toMs: number };
/** How old motion rows may grow, per camera; cameras not listed (removed ones) take `defaultMaxAgeMs`. */
export type MotionRetention = { nowMs: number; maxAgeMs: ReadonlyMap<string, number>; defaultMaxAgeMs: number };
export type PruneCounts = { events: number; activity: number; coverage: number; thumbnails: number };

const EVENT_COLUMNS = 'id, camera_id, source, start_ms, end_ms, peak_score, zones, box, thumbnail IS NOT NULL AS has_thumbnail';

export class MotionStore {
  readonly #db: Database;
  /** Activity rows per camera, once counted (see prune). */
  #rows: Map<string, number> | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Records the start of an event; returns its id. */
  startEvent(event: NewMotionEvent): number {
    const result = this.#db
      .prepare('INSERT INTO motion_events (camera_id, source, start_ms, peak_score, zones, box) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.cameraId, event.source, event.startMs, event.peakScore, JSON.stringify(event.zones), event.box ? JSON.stringify(event.box) : null);
    return Number(result.lastInsertRowid);
  }

  /** Records the end of event `id` (and what the detector knows once it is over); null when it is gone. */
  endEvent(id: number, end: MotionEventEnd): MotionEvent | null {
    const thumbnail = end.thumbnail && end.thumbnail.byteLength <= MAX_THUMBNAIL_BYTES ? Buffer.from(end.thumbnail.buffer, end.thumbnail.byteOffset, end.thumbnail.byteLength) : null;
    this.#db
      .prepare(`UPDATE motion_events SET end_ms = max(@endMs, start_ms),
          peak_score = coalesce(@peak, peak_score), box = CASE WHEN @setBox THEN @box ELSE box END,
          zones = coalesce(@zones, zones), thumbnail = coalesce(@thumbnail, thumbnail)
        WHERE id = @id`)
      .run({
        id,
        endMs: end.endMs,
        peak: end.peakScore ?? null,
        setBox: end.box === undefined ? 0 : 1,
        box: end.box ? JSON.stringify(end.box) : null,
        zones: end.zones ? JSON.stringify(end.zones) : null,
        thumbnail,
      });
    return this.event(id);
  }

  /** The newest event of a camera and source that started at `startMs` (the detector's end report names its start). */
  findEvent(cameraId: string, source: MotionSource, startMs: number): number | null {
    const row = this.#db.prepare('SELECT id FROM motion_events WHERE camera_id = ? AND source = ? AND start_ms = ? ORDER BY id DESC LIMIT 1').get(cameraId, source, startMs) as
      | { id: number }
      | undefined;
    return row?.id ?? null;
  }

  event(id: number): MotionEvent | null {
    const row = this.#db.prepare(`SELECT ${EVENT_COLUMNS} FROM motion_events WHERE id = ?`).get(id) as EventRow | undefined;
    return row ? toEvent(row) : null;
  }

  /**
   * Events left open by a previous run (a crash or a quit mid-event) end at their last second of
   * activity, or at their start: nothing after that is known.
   */
  closeAbandoned(): number {
    return this.#db
      .prepare(`UPDATE motion_events SET end_ms = max(start_ms, coalesce(
          (SELECT max(second_ms) + 1000 FROM motion_activity a WHERE a.camera_id = motion_events.camera_id AND a.second_ms >= motion_events.start_ms - 1000), start_ms))
        WHERE end_ms IS NULL`)
      .run().changes;
  }

  /** Events overlapping [fromMs, toMs), newest first. */
  events(query: EventQuery): MotionEvent[] {
    const where = ['start_ms < @toMs', '(end_ms IS NULL OR end_ms >= @fromMs)'];
    const params: Record<string, unknown> = { fromMs: query.fromMs, toMs: query.toMs, limit: query.limit };
    if (query.cameraIds) {
      where.push('camera_id IN (SELECT value FROM json_each(@cameras))');
      params.cameras = JSON.stringify(query.cameraIds);
    }
    if (query.zone !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(motion_events.zones) WHERE value = @zone)');
      params.zone = query.zone;
    }
    const rows = this.#db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM motion_events WHERE ${where.join(' AND ')} ORDER BY start_ms DESC, id DESC LIMIT @limit`)
      .all(params) as EventRow[];
    return rows.map(toEvent);
  }

  thumbnail(id: number): { cameraId: string; atMs: number; jpeg: Buffer } | null {
    const row = this.#db.prepare('SELECT camera_id, start_ms, thumbnail FROM motion_events WHERE id = ?').get(id) as
      | { camera_id: string; start_ms: number; thumbnail: Buffer | null }
      | undefined;
    return row?.thumbnail ? { cameraId: row.camera_id, atMs: row.start_ms, jpeg: row.thumbnail } : null;
  }

  /** One second's activity; a second reported twice keeps the higher score and both grids. */
  addActivity(cameraId: string, secondMs: number, score: number, grid: Uint8Array): void {
    if (grid.byteLength !== ACTIVITY_GRID_BYTES) {
      throw new Error(`camera ${cameraId}: an activity grid must be ${ACTIVITY_GRID_BYTES} bytes, got ${grid.byteLength}`);
    }
    const bytes = Buffer.from(grid.buffer, grid.byteOffset, grid.byteLength);
    const existing = this.#db.prepare('SELECT score, grid FROM motion_activity WHERE camera_id = ? AND second_ms = ?').get(cameraId, secondMs) as
      | { score: number; grid: Buffer }
      | undefined;
    if (existing) {
      const merged = Buffer.from(existing.grid);
      for (let i = 0; i < merged.length; i++) merged[i]! |= bytes[i]!;
      this.#db.prepare('UPDATE motion_activity SET score = ?, grid = ? WHERE camera_id = ? AND second_ms = ?').run(Math.max(score, existing.score), merged, cameraId, secondMs);
      this.#db.prepare('UPDATE motion_activity_minutes SET score = max(score, ?) WHERE camera_id = ? AND minute_ms = ?').run(score, cameraId, Math.floor(secondMs / MINUTE_MS) * MINUTE_MS);
      return;
    }
    this.#db.prepare('INSERT INTO motion_activity (camera_id, second_ms, score, grid) VALUES (?, ?, ?, ?)').run(cameraId, secondMs, score, bytes);
    if (this.#rows) this.#rows.set(cameraId, (this.#rows.get(cameraId) ?? 0) + 1);
    this.#db
      .prepare('INSERT INTO motion_activity_minutes (camera_id, minute_ms, score) VALUES (?, ?, ?) ON CONFLICT (camera_id, minute_ms) DO UPDATE SET score = max(score, excluded.score)')
      .run(cameraId, Math.floor(secondMs / MINUTE_MS) * MINUTE_MS, score);
  }

  /**
   * Per camera, the peak score in each of `buckets` equal slices of [fromMs, toMs) (the last one
   * may reach past toMs). Buckets of a minute or more read the per-minute peaks (a week is at most
   * 10,080 rows a camera, where the seconds may be 600,000): a minute counts in the bucket its
   * start falls in, so a peak may show up to a minute early at a bucket's edge.
   */
  activity(cameraIds: readonly string[], fromMs: number, toMs: number, buckets: number): MotionActivity[] {
    const bucketMs = Math.max(1, Math.ceil((toMs - fromMs) / buckets));
    const [table, column, unit] = bucketMs >= MINUTE_MS ? ['motion_activity_minutes', 'minute_ms', MINUTE_MS] : ['motion_activity', 'second_ms', 1000];
    const query = this.#db.prepare(`SELECT (${column} - @fromMs) / @bucketMs AS bucket, max(score) AS score FROM ${table}
      WHERE camera_id = @cameraId AND ${column} >= @start AND ${column} < @toMs GROUP BY bucket`);
    // A second (or minute) that began before fromMs but reaches into it counts for the first bucket.
    const start = Math.floor(fromMs / unit) * unit;
    return cameraIds.map((cameraId) => {
      const scores = new Array<number>(buckets).fill(0);
      for (const row of query.all({ cameraId, fromMs, toMs, bucketMs, start }) as Array<{ bucket: number; score: number }>) {
        const index = Math.min(Math.max(Math.floor(row.bucket), 0), buckets - 1);
        scores[index] = Math.max(scores[index]!, row.score);
      }
      return { cameraId, fromMs, bucketMs, scores };
    });
  }

  /** The seconds with activity over [fromMs, toMs), oldest first (at most MAX_ACTIVITY_SECONDS_PER_READ). */
  activitySeconds(cameraId: string, fromMs: number, toMs: number): ActivitySecond[] {
    const rows = this.#db
      .prepare('SELECT second_ms, score, grid FROM motion_activity WHERE camera_id = ? AND second_ms >= ? AND second_ms < ? ORDER BY second_ms LIMIT ?')
      .all(cameraId, Math.floor(fromMs / 1000) * 1000, toMs, MAX_ACTIVITY_SECONDS_PER_READ) as Array<{ second_ms: number; score: number; grid: Buffer }>;
    return rows.map((row) => ({ secondMs: row.second_ms, score: row.score, grid: new Uint8Array(row.grid) }));
  }

  /** The detector began analysing `cameraId` at `fromMs`; extend the span with extendCoverage. */
  openCoverage(cameraId: string, fromMs: number): number {
    return Number(this.#db.prepare('INSERT INTO motion_coverage (camera_id, from_ms, to_ms) VALUES (?, ?, ?)').run(cameraId, fromMs, fromMs).lastInsertRowid);
  }

  extendCoverage(id: number, toMs: number): void {
    this.#db.prepare('UPDATE motion_coverage SET to_ms = max(to_ms, ?) WHERE id = ?').run(toMs, id);
  }

  /** The spans the detector covered within [fromMs, toMs), clipped to it, merged and oldest first. */
  coverage(cameraId: string, fromMs: number, toMs: number): CoverageSpan[] {
    const rows = this.#db
      .prepare('SELECT from_ms, to_ms FROM motion_coverage WHERE camera_id = ? AND from_ms < ? AND to_ms > ? ORDER BY from_ms')
      .all(cameraId, toMs, fromMs) as Array<{ from_ms: number; to_ms: number }>;
    const spans: CoverageSpan[] = [];
    for (const row of rows) {
      const span = { fromMs: Math.max(row.from_ms, fromMs), toMs: Math.min(row.to_ms, toMs) };
      const last = spans[spans.length - 1];
      if (last && span.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, span.toMs);
      else spans.push(span);
    }
    return spans;
  }

  /**
   * Deletes what is older than each camera's limit, then whatever the row bounds do not allow:
   * a table over its bound is cut back to PRUNE_TO_SHARE of it, so the costly cut (a sort by time)
   * runs once per tenth of growth, not every time. Runs every minute on the main thread, so each
   * check is an index lookup: camera ids by skipping through the index, activity rows counted
   * once (at the first prune) and kept up to date by addActivity and the deletes.
   */
  prune(retention: MotionRetention): PruneCounts {
    const db = this.#db;
    return db.transaction((): PruneCounts => {
      const counts: PruneCounts = { events: 0, activity: 0, coverage: 0, thumbnails: 0 };
      const rows = this.#activityCounts();
      const cameras = new Set([...rows.keys(), ...distinctCameras(db, 'motion_events'), ...distinctCameras(db, 'motion_coverage')]);
      const deleteActivity = (cameraId: string, beforeMs: number) => {
        db.prepare('DELETE FROM motion_activity_minutes WHERE camera_id = ? AND minute_ms < ?').run(cameraId, Math.floor(beforeMs / MINUTE_MS) * MINUTE_MS);
        const deleted = db.prepare('DELETE FROM motion_activity WHERE camera_id = ? AND second_ms < ?').run(cameraId, beforeMs).changes;
        if (deleted > 0) rows.set(cameraId, (rows.get(cameraId) ?? 0) - deleted);
        counts.activity += deleted;
      };
      for (const cameraId of cameras) {
        const cutoff = retention.nowMs - (retention.maxAgeMs.get(cameraId) ?? retention.defaultMaxAgeMs);
        counts.events += db.prepare('DELETE FROM motion_events WHERE camera_id = ? AND start_ms < ? AND coalesce(end_ms, start_ms) < ?').run(cameraId, cutoff, cutoff).changes;
        counts.coverage += db.prepare('DELETE FROM motion_coverage WHERE camera_id = ? AND from_ms < ? AND to_ms < ?').run(cameraId, cutoff, cutoff).changes;
        deleteActivity(cameraId, cutoff);
        if ((rows.get(cameraId) ?? 0) > MAX_ACTIVITY_ROWS_PER_CAMERA) {
          const edge = db.prepare('SELECT second_ms FROM motion_activity WHERE camera_id = ? ORDER BY second_ms DESC LIMIT 1 OFFSET ?')
            .get(cameraId, keepOf(MAX_ACTIVITY_ROWS_PER_CAMERA) - 1) as { second_ms: number };
          deleteActivity(cameraId, edge.second_ms);
        }
        if (rows.get(cameraId) === 0) rows.delete(cameraId);
      }
      if (sum(rows.values()) > MAX_ACTIVITY_ROWS) {
        const edge = db.prepare('SELECT second_ms FROM motion_activity ORDER BY second_ms DESC LIMIT 1 OFFSET ?').get(keepOf(MAX_ACTIVITY_ROWS) - 1) as { second_ms: number };
        counts.activity += db.prepare('DELETE FROM motion_activity WHERE second_ms < ?').run(edge.second_ms).changes;
        db.prepare('DELETE FROM motion_activity_minutes WHERE minute_ms < ?').run(Math.floor(edge.second_ms / MINUTE_MS) * MINUTE_MS);
        this.#rows = null; // recounted at the next prune
      }
      counts.events += deleteBeyond(db, 'motion_events', 'id', MAX_MOTION_EVENT_ROWS);
      counts.coverage += deleteBeyond(db, 'motion_coverage', 'id', MAX_COVERAGE_ROWS);
      const thumbnails = (db.prepare('SELECT count(*) AS n FROM motion_events WHERE thumbnail IS NOT NULL').get() as { n: number }).n;
      if (thumbnails > MAX_THUMBNAILS) {
        const edge = db.prepare('SELECT id FROM motion_events WHERE thumbnail IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET ?').get(keepOf(MAX_THUMBNAILS) - 1) as { id: number };
        counts.thumbnails = db.prepare('UPDATE motion_events SET thumbnail = NULL WHERE thumbnail IS NOT NULL AND id < ?').run(edge.id).changes;
      }
      return counts;
    })();
  }

  /** Activity rows per camera: counted once, then kept by addActivity and prune. */
  #activityCounts(): Map<string, number> {
    if (!this.#rows) {
      const rows = this.#db.prepare('SELECT camera_id, count(*) AS n FROM motion_activity GROUP BY camera_id').all() as Array<{ camera_id: string; n: number }>;
      this.#rows = new Map(rows.map((r) => [r.camera_id, r.n]));
    }
    return this.#rows;
  }
}

const MINUTE_MS = 60_000;

/** A table over its bound keeps this share of it. */
export const PRUNE_TO_SHARE = 0.9;
const keepOf = (bound: number) => Math.max(1, Math.floor(bound * PRUNE_TO_SHARE));
const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** The camera ids of a table with an index on (camera_id, ...), by skipping through the index. */
function distinctCameras(db: Database, table: string): string[] {
  const next = db.prepare(`SELECT camera_id FROM ${table} WHERE camera_id > ? ORDER BY camera_id LIMIT 1`);
  const ids: string[] = [];
  for (let row = next.get('') as { camera_id: string } | undefined; row; row = next.get(row.camera_id) as { camera_id: string } | undefined) ids.push(row.camera_id);
  return ids;
}

/** Keeps the newest rows of `table` by `column` when it holds more than `bound` (PRUNE_TO_SHARE of it). */
function deleteBeyond(db: Database, table: string, column: string, bound: number): number {
  const total = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  if (total <= bound) return 0;
  const edge = db.prepare(`SELECT ${column} AS edge FROM ${table} ORDER BY ${column} DESC LIMIT 1 OFFSET ?`).get(keepOf(bound) - 1) as { edge: number };
  return db.prepare(`DELETE FROM ${table} WHERE ${column} < ?`).run(edge.edge).changes;
}

function toEvent(row: EventRow): MotionEvent {
  return {
    id: row.id,
    cameraId: row.camera_id,
    source: row.source,
    startMs: row.start_ms,
    endMs: row.end_ms,
    peakScore: row.peak_score,
    box: row.box === null ? null : (JSON.parse(row.box) as MotionBox),
    zones: JSON.parse(row.zones) as string[],
    hasThumbnail: row.has_thumbnail === 1,
  };
}
