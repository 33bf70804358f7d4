// storage.plan: disk use per camera and in total from the segment index, the free space of the
// recordings disk, and how many days each camera will keep at its current rate under the
// retention limits (main/recording/storage-forecast.ts does the arithmetic).
import type { Database } from 'better-sqlite3';
import type { StoragePlan } from '../../shared/api/calls.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import type { RecordingFs } from '../base/recording-fs.ts';
import { freeSpaceReserve, MS_PER_DAY } from '../recording/retention.ts';
import { forecastStorage, ratePerDay, type CameraUsage } from '../recording/storage-forecast.ts';
import { retentionPolicyOf } from './recording-plan.ts';
import { cameraNames } from './recordings.ts';

/** The rate is measured over the last week of recordings: a weekly schedule averages out. */
export const RATE_WINDOW_MS = 7 * MS_PER_DAY;
/** Less than this much recording says too little about a rate (a first forecast after 10 s; it firms up over the week). */
export const MIN_RATE_SPAN_MS = 10_000;

export type StoragePlanInput = {
  db: Database;
  cameras: readonly Camera[];
  settings: Pick<Settings, 'globalRetentionGb' | 'minFreeDiskBytes'>;
  root: string;
  fs: RecordingFs;
  nowMs: number;
};

type Row = { id: string; bytes: number; segments: number; oldestMs: number; newestMs: number; recentBytes: number; recentFromMs: number | null };

export function storagePlan({ db, cameras, settings, root, fs, nowMs }: StoragePlanInput): StoragePlan {
  const windowStart = nowMs - RATE_WINDOW_MS;
  const rows = db.prepare(
    `SELECT camera_id AS id, sum(bytes) AS bytes, count(*) AS segments, min(start_wall_ms) AS oldestMs, max(end_wall_ms) AS newestMs,
            coalesce(sum(CASE WHEN end_wall_ms > ? THEN bytes END), 0) AS recentBytes,
            min(CASE WHEN end_wall_ms > ? THEN start_wall_ms END) AS recentFromMs
       FROM segments GROUP BY camera_id`,
  ).all(windowStart, windowStart) as Row[];
  const usage = new Map(rows.map((r) => [r.id, r]));
  const names = cameraNames(db, cameras);
  const policy = retentionPolicyOf(cameras, settings);
  const registered = new Map(cameras.map((c) => [c.id, c]));
  const ids = [...cameras.map((c) => c.id), ...rows.map((r) => r.id).filter((id) => !registered.has(id))];

  const usages: CameraUsage[] = ids.map((id) => {
    const camera = registered.get(id);
    const row = usage.get(id);
    const recording = camera !== undefined && camera.enabled && camera.recordMode !== 'off';
    // From the first recent segment's start (at most a week ago) to now: gaps in between (a
    // schedule, an outage) count, so the rate is what a day really costs.
    const spanMs = row?.recentFromMs == null ? 0 : nowMs - Math.max(row.recentFromMs, windowStart);
    const limits = policy.perCamera?.[id] ?? {};
    return {
      cameraId: id,
      name: names.get(id)?.name ?? id,
      recording,
      bytes: row?.bytes ?? 0,
      bytesPerDay: recording && row ? ratePerDay(row.recentBytes, spanMs, MIN_RATE_SPAN_MS) : null,
      maxDays: limits.maxDays ?? null,
      maxBytes: limits.maxBytes ?? null,
    };
  });

  const freeBytes = ask(() => fs.freeBytes(root));
  const diskBytes = ask(() => fs.diskBytes?.(root) ?? null);
  const reserveBytes = policy.minFreeBytes == null ? null : freeSpaceReserve({ fs, root, ...(diskBytes === null ? {} : { diskBytes: () => diskBytes }) }, policy.minFreeBytes);
  const totalBytes = rows.reduce((sum, r) => sum + r.bytes, 0);
  const forecast = forecastStorage(usages, { totalBytes, freeBytes, reserveBytes, allCamerasLimitBytes: policy.maxTotalBytes ?? null });

  return {
    atMs: nowMs,
    totalBytes,
    freeBytes,
    diskBytes,
    reserveBytes,
    allCamerasLimitBytes: policy.maxTotalBytes ?? null,
    cameras: usages.map((u, i) => {
      const row = usage.get(u.cameraId);
      const f = forecast.cameras[i]!;
      return {
        cameraId: u.cameraId,
        name: u.name,
        removed: !registered.has(u.cameraId),
        recording: u.recording,
        bytes: u.bytes,
        segments: row?.segments ?? 0,
        oldestMs: row?.oldestMs ?? null,
        newestMs: row?.newestMs ?? null,
        bytesPerDay: u.bytesPerDay,
        keepsDays: f.keepsDays,
        limitedBy: f.limitedBy,
        askedDays: u.maxDays,
        askedBytes: u.maxBytes,
        warning: f.warning,
      };
    }),
    warnings: forecast.warnings,
  };
}

/** The disk's answer, or null when it cannot be asked (the folder is missing, statfs fails). */
function ask(question: () => number | null): number | null {
  try {
    return question();
  } catch {
    return null;
  }
}
