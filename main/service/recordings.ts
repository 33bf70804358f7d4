// Reads the recorder's index (the `segments` table, schema in main/registry/migrations.ts) for
// the API: segments overlapping a time range, and the event-log rows recovery and retention
// wrote. Plain SQL on the registry's connection; the recorder writes
// the same table from its worker through its own connection (WAL keeps readers unblocked).
import type { Database } from 'better-sqlite3';
import type { RecordedCamera, RecordingSegment } from '../../shared/api/calls.ts';
import type { SegmentRow } from '../recording/segment-index.ts';

export type SegmentQuery = { cameraId?: string; fromMs: number; toMs: number; limit?: number };

/** Rows one query returns when the caller gives no limit. */
export const DEFAULT_SEGMENTS_PER_QUERY = 500;

/** Segments overlapping [fromMs, toMs), oldest first; paths relative to the recordings root. */
export function querySegments(db: Database, query: SegmentQuery): RecordingSegment[] {
  const limit = query.limit ?? DEFAULT_SEGMENTS_PER_QUERY;
  const params = { fromMs: query.fromMs, toMs: query.toMs, cameraId: query.cameraId ?? null, limit };
  const rows = db
    .prepare(
      `SELECT * FROM segments
        WHERE start_wall_ms < @toMs AND end_wall_ms >= @fromMs AND (@cameraId IS NULL OR camera_id = @cameraId)
        ORDER BY start_wall_ms, id LIMIT @limit`,
    )
    .all(params) as SegmentRow[];
  return rows.map(segmentOf);
}

export function segmentOf(row: SegmentRow): RecordingSegment {
  return {
    id: row.id,
    cameraId: row.camera_id,
    path: row.path,
    startMs: row.start_wall_ms,
    endMs: row.end_wall_ms,
    frames: row.frames,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    status: row.status,
  };
}

export type EventRow = { id: number; at_ms: number; camera_id: string | null; kind: string; message: string; data: string | null };

/** Every camera id's name: registered ones by their name now, removed ones by the last name they had. */
export function cameraNames(db: Database, registered: readonly { id: string; name: string }[]): Map<string, { name: string; removed: boolean }> {
  const names = new Map<string, { name: string; removed: boolean }>();
  for (const row of db.prepare('SELECT id, name FROM removed_cameras').all() as Array<{ id: string; name: string }>) names.set(row.id, { name: row.name, removed: true });
  for (const camera of registered) names.set(camera.id, { name: camera.name, removed: false });
  return names;
}

/** Registered cameras in their order, then removed cameras whose recordings remain (by their last name). */
export function recordedCameras(db: Database, registered: readonly { id: string; name: string }[]): RecordedCamera[] {
  const bounds = new Map(
    (db.prepare('SELECT camera_id AS id, min(start_wall_ms) AS firstMs, max(end_wall_ms) AS lastMs FROM segments GROUP BY camera_id').all() as
      Array<{ id: string; firstMs: number; lastMs: number }>).map((row) => [row.id, row]),
  );
  const out: RecordedCamera[] = registered.map((camera) => {
    const b = bounds.get(camera.id);
    return { cameraId: camera.id, name: camera.name, removed: false, firstMs: b?.firstMs ?? null, lastMs: b?.lastMs ?? null };
  });
  const known = new Set(registered.map((c) => c.id));
  const names = cameraNames(db, registered);
  const removed = [...bounds.values()].filter((b) => !known.has(b.id))
    .map((b) => ({ cameraId: b.id, name: names.get(b.id)?.name ?? b.id, removed: true, firstMs: b.firstMs, lastMs: b.lastMs }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...out, ...removed];
}

/**
 * Rows recovery and retention wrote into the event log after `afterId`. They write on the main
 * thread through the registry's connection and report no rows of their own, so the service reads
 * them back right after each run. (The recorders' `recording.*` rows are not read here: their
 * rows travel with the recorders' structured events.)
 */
export function retentionAndRecoveryEventsAfter(db: Database, afterId: number, limit = 1000): EventRow[] {
  return db
    .prepare(
      `SELECT id, at_ms, camera_id, kind, message, data FROM events
        WHERE id > ? AND (kind LIKE 'retention.%' OR kind LIKE 'segment.%')
        ORDER BY id LIMIT ?`,
    )
    .all(afterId, limit) as EventRow[];
}

export function lastEventId(db: Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM events').get() as { id: number }).id;
}
