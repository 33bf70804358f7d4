// Retention: deletes the oldest finished segments until every limit holds — per camera (age in
// days, bytes), all cameras together (bytes), and free disk space. A segment still being written
// is never deleted. Each deletion is an event row, so the archive's gaps are explained.
// Free space never costs a camera its last FREE_SPACE_KEEPS_RECENT_MS of recordings, and the
// reserve is sized to the disk (MIN_FREE_DISK_FRACTION of it at most); when a limit cannot be met
// that way, or a limit keeps nothing of a camera at all, a warning says so (`onWarning`).
import { dirname, join } from 'node:path';
import { formatBytes } from '../../shared/util/format.ts';
import type { RecordingFs } from '../base/recording-fs.ts';
import type { SegmentIndex, SegmentRow } from './segment-index.ts';

export const MS_PER_DAY = 86_400_000;
/**
 * The free-space reserve is at most this fraction of the disk: the 2 GiB default would otherwise
 * make retention delete the whole archive on a small disk that other files fill.
 */
export const MIN_FREE_DISK_FRACTION = 0.05;
/** Free space is never made by deleting a camera's newest recordings of this span (6 h). */
export const FREE_SPACE_KEEPS_RECENT_MS = 6 * 60 * 60 * 1000;

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

/**
 * A limit retention could not meet without deleting what it must not (`free-space-short`), or a
 * limit that left a camera without any finished recording (`keeps-nothing`).
 */
export type RetentionWarning = { kind: 'free-space-short' | 'keeps-nothing'; cameraId: string | null; message: string };

export type RetentionOptions = {
  root: string;
  index: SegmentIndex;
  fs: RecordingFs;
  nowMs: number;
  policy: RetentionPolicy;
  /** Free bytes on the recordings disk; defaults to statfs on `root`. Asked again after each deletion. */
  freeBytes?: () => number;
  /** Size of the recordings disk; defaults to statfs on `root` (when the fs can tell). */
  diskBytes?: () => number;
  onWarning?(warning: RetentionWarning): void;
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
  warnIfNothingKept(opts, finished, gone, deleted);
  if (policy.minFreeBytes != null) {
    const reserve = freeSpaceReserve(opts, policy.minFreeBytes);
    const freeBytes = opts.freeBytes ?? (() => opts.fs.freeBytes(opts.root));
    const newestEnd = new Map<string, number>();
    for (const row of all) if (!gone.has(row.id)) newestEnd.set(row.camera_id, Math.max(newestEnd.get(row.camera_id) ?? -Infinity, row.end_wall_ms));
    const isRecent = (row: SegmentRow) => row.end_wall_ms > (newestEnd.get(row.camera_id) ?? Infinity) - FREE_SPACE_KEEPS_RECENT_MS;
    for (const row of oldestFirst) {
      if (gone.has(row.id) || isRecent(row)) continue;
      if (freeBytes() >= reserve) break;
      remove(row, 'free-space');
    }
    const free = freeBytes();
    if (free < reserve) {
      opts.onWarning?.({
        kind: 'free-space-short',
        cameraId: null,
        message:
          `The recordings disk has ${formatBytes(free)} free, less than the ${formatBytes(reserve)} Camwall keeps free, and what is left ` +
          `is each camera's last ${FREE_SPACE_KEEPS_RECENT_MS / 3_600_000} hours of recordings, which retention does not delete for space. ` +
          'Free some space on that disk, lower the storage limits, or lower "Keep free on disk"; recording stops when the disk is full.',
      });
    }
  }
  return deleted;
}

/** The free-space reserve: the setting, but never more than MIN_FREE_DISK_FRACTION of the disk. */
export function freeSpaceReserve(opts: Pick<RetentionOptions, 'diskBytes' | 'fs' | 'root'>, minFreeBytes: number): number {
  let disk: number | null = null;
  try {
    disk = opts.diskBytes?.() ?? opts.fs.diskBytes?.(opts.root) ?? null;
  } catch {
    disk = null;
  }
  return disk === null || !(disk > 0) ? minFreeBytes : Math.min(minFreeBytes, Math.floor(disk * MIN_FREE_DISK_FRACTION));
}

/**
 * A byte limit that deleted every finished segment it applies to (one camera's, or everything
 * for the total limit): it is smaller than one recording, so it keeps nothing.
 */
function warnIfNothingKept(opts: RetentionOptions, finished: SegmentRow[], gone: Set<number>, deleted: RetentionDeletion[]): void {
  if (!opts.onWarning) return;
  const kept = (cameraId?: string) => finished.some((r) => !gone.has(r.id) && (cameraId === undefined || r.camera_id === cameraId));
  const last = (reason: RetentionDeletion['reason'], cameraId?: string) => deleted.filter((d) => d.reason === reason && (cameraId === undefined || d.cameraId === cameraId)).at(-1);
  for (const cameraId of new Set(deleted.filter((d) => d.reason === 'camera-bytes').map((d) => d.cameraId))) {
    if (kept(cameraId)) continue;
    opts.onWarning({
      kind: 'keeps-nothing',
      cameraId,
      message:
        `Camera ${cameraId}: its storage limit is smaller than one of its recordings (the last deleted was ${formatBytes(last('camera-bytes', cameraId)!.bytes)}), ` +
        'so none of them is kept beyond the one being written. Raise its limit, or record shorter segments.',
    });
  }
  const total = last('total-bytes');
  if (total && !kept()) {
    opts.onWarning({
      kind: 'keeps-nothing',
      cameraId: null,
      message:
        `The storage limit for all recordings is smaller than one recording (the last deleted was ${formatBytes(total.bytes)}), so no ` +
        'recording is kept beyond the ones being written. Raise the limit, or record shorter segments.',
    });
  }
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
