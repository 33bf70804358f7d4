// Retention: deletes the oldest finished segments until every limit holds — per camera (age in
// days, bytes), all cameras together (bytes), and free disk space. A segment still being written
// is never deleted. Each deletion is an event row, so the archive's gaps are explained.
import { dirname, join } from 'node:path';
import type { RecordingFs } from '../base/recording-fs.ts';
import type { SegmentIndex, SegmentRow } from './segment-index.ts';

export const MS_PER_DAY = 86_400_000;

export type CameraRetention = { maxDays?: number | null; maxBytes?: number | null };

export type RetentionPolicy = {
  /** Limits per camera id; cameras not listed use `defaultCamera`. */
  perCamera?: Readonly<Record<string, CameraRetention>>;
  defaultCamera?: CameraRetention;
  /** All recordings together. */
  maxTotalBytes?: number | null;
  /** Delete until at least this much is free on the recordings disk. */
  minFreeBytes?: number | null;
};

export type RetentionDeletion = { cameraId: string; path: string; bytes: number; reason: 'age' | 'camera-bytes' | 'total-bytes' | 'free-space' };

export type RetentionOptions = {
  root: string;
  index: SegmentIndex;
  fs: RecordingFs;
  nowMs: number;
  policy: RetentionPolicy;
  /** Free bytes on the recordings disk; defaults to statfs on `root`. Asked again after each deletion. */
  freeBytes?: () => number;
};

const REASON_TEXT: Record<RetentionDeletion['reason'], string> = {
  age: 'older than the camera keeps recordings',
  'camera-bytes': "over the camera's storage limit",
  'total-bytes': 'over the storage limit for all recordings',
  'free-space': 'the disk is short of free space',
};

export function applyRetention(opts: RetentionOptions): RetentionDeletion[] {
  const { index, policy, nowMs } = opts;
  const deleted: RetentionDeletion[] = [];
  const all = index.all();
  const finished = all.filter((r) => r.status !== 'recording');
  const gone = new Set<number>();
  const remove = (row: SegmentRow, reason: RetentionDeletion['reason']) => {
    removeSegment(opts, row, reason);
    gone.add(row.id);
    deleted.push({ cameraId: row.camera_id, path: row.path, bytes: row.bytes, reason });
  };
  const cameraIds = [...new Set(all.map((r) => r.camera_id))];
  for (const cameraId of cameraIds) {
    const limits = policy.perCamera?.[cameraId] ?? policy.defaultCamera ?? {};
    const own = finished.filter((r) => r.camera_id === cameraId); // oldest first (index.all is ordered)
    if (limits.maxDays != null) {
      const cutoff = nowMs - limits.maxDays * MS_PER_DAY;
      for (const row of own) if (row.end_wall_ms < cutoff) remove(row, 'age');
    }
    if (limits.maxBytes != null) {
      let total = all.filter((r) => r.camera_id === cameraId && !gone.has(r.id)).reduce((s, r) => s + r.bytes, 0);
      for (const row of own) {
        if (total <= limits.maxBytes) break;
        if (gone.has(row.id)) continue;
        remove(row, 'camera-bytes');
        total -= row.bytes;
      }
    }
  }
  const oldestFirst = finished.filter((r) => !gone.has(r.id));
  if (policy.maxTotalBytes != null) {
    let total = all.filter((r) => !gone.has(r.id)).reduce((s, r) => s + r.bytes, 0);
    for (const row of oldestFirst) {
      if (total <= policy.maxTotalBytes) break;
      remove(row, 'total-bytes');
      total -= row.bytes;
    }
  }
  if (policy.minFreeBytes != null) {
    const freeBytes = opts.freeBytes ?? (() => opts.fs.freeBytes(opts.root));
    for (const row of oldestFirst) {
      if (gone.has(row.id)) continue;
      if (freeBytes() >= policy.minFreeBytes) break;
      remove(row, 'free-space');
    }
  }
  return deleted;
}

function removeSegment(opts: RetentionOptions, row: SegmentRow, reason: RetentionDeletion['reason']): void {
  const file = join(opts.root, row.path);
  opts.fs.unlink(file);
  opts.index.transaction(() => {
    opts.index.delete(row.id);
    opts.index.event({
      atMs: opts.nowMs, cameraId: row.camera_id, kind: 'retention.deleted',
      message: `Deleted recording ${row.path} of camera ${row.camera_id} (${row.bytes} bytes): ${REASON_TEXT[reason]}`,
      data: { path: row.path, bytes: row.bytes, startWallMs: row.start_wall_ms, endWallMs: row.end_wall_ms, reason },
    });
  });
  // Leave no empty day or camera folders behind.
  opts.fs.rmdirIfEmpty(dirname(file));
  opts.fs.rmdirIfEmpty(dirname(dirname(file)));
}
