// Recovery: makes a recordings folder and its index agree again after a crash, a kill or a power
// cut. Files are cut after their last whole frame and given their Cues; rows without a file are
// dropped; files without a row are adopted or deleted. Running it twice changes nothing more.
import { join, relative, sep } from 'node:path';
import type { RecordingFs } from '../base/recording-fs.ts';
import { scanSegment } from '../media/mkv-scan.ts';
import { finalize, patchClusterSize } from '../media/mkv-layout.ts';
import type { SegmentIndex } from './segment-index.ts';

export type RepairOutcome =
  | { action: 'unchanged' | 'repaired'; frames: number; bytes: number; cutBytes: number; durationMs: number;
    startWallMs: number; width: number; height: number }
  | { action: 'deleted'; reason: string };

/** Repairs one segment file in place. `syncedOffset`: bytes known durable (0 checks everything). */
export function repairFile(fs: RecordingFs, path: string, syncedOffset = 0): RepairOutcome {
  const fd = fs.openReadWrite(path);
  let outcome: RepairOutcome;
  try {
    outcome = repairOpenFile(fs, fd, syncedOffset);
  } finally {
    fs.close(fd);
  }
  if (outcome.action === 'deleted') fs.unlink(path);
  return outcome;
}

function repairOpenFile(fs: RecordingFs, fd: number, syncedOffset: number): RepairOutcome {
  const scan = scanSegment(fs, fd, syncedOffset);
  if (!scan) return { action: 'deleted', reason: 'no complete Matroska header' };
  if (scan.frames === 0) return { action: 'deleted', reason: 'no whole frame' };
  const interval = scan.previousFrameMs >= 0 ? scan.lastFrameMs - scan.previousFrameMs : 0;
  const durationMs = scan.lastFrameMs + interval;
  const { header } = scan;
  const common = { frames: scan.frames, durationMs, startWallMs: header.startWallMs, width: header.width, height: header.height };
  if (scan.finished) return { action: 'unchanged', bytes: scan.fileSize, cutBytes: 0, ...common };
  fs.ftruncate(fd, scan.goodEnd);
  // Every Cluster that was not yet synced may still say "unknown size"; give each its real one.
  scan.clusters.forEach((cluster, i) => {
    const end = scan.clusters[i + 1]?.clusterPos ?? scan.goodEnd;
    if (end > syncedOffset) patchClusterSize(fs, fd, cluster.clusterPos, end);
  });
  const bytes = finalize(fs, fd, header, scan.clusters, scan.goodEnd, durationMs);
  return { action: 'repaired', bytes, cutBytes: scan.fileSize - scan.goodEnd, ...common };
}

export type RecoveryReport = {
  repaired: { path: string; frames: number; cutBytes: number }[];
  adopted: { path: string; frames: number }[];
  deleted: { path: string; reason: string }[];
  droppedRows: string[];
};

/** Segment files under `root`, as paths relative to it: <camera-id>/<YYYY-MM-DD>/<name>.mkv. */
export function listSegmentFiles(fs: RecordingFs, root: string): string[] {
  const files: string[] = [];
  for (const camera of fs.list(root)) {
    if (!camera.isDirectory) continue;
    for (const day of fs.list(join(root, camera.name))) {
      if (!day.isDirectory) continue;
      for (const file of fs.list(join(root, camera.name, day.name))) {
        if (!file.isDirectory && file.name.endsWith('.mkv')) files.push([camera.name, day.name, file.name].join('/'));
      }
    }
  }
  return files.sort();
}

/**
 * Brings `root` and its index into agreement. Call before any recorder of this root starts
 * (segments still marked `recording` are assumed abandoned).
 */
export function recoverAll(root: string, index: SegmentIndex, fs: RecordingFs, nowMs: number): RecoveryReport {
  const report: RecoveryReport = { repaired: [], adopted: [], deleted: [], droppedRows: [] };
  for (const row of index.all()) {
    if (fs.exists(join(root, row.path))) continue;
    index.delete(row.id);
    report.droppedRows.push(row.path);
  }
  for (const row of index.withStatus('recording')) {
    const outcome = repairFile(fs, join(root, row.path), row.synced_offset);
    if (outcome.action === 'deleted') {
      index.delete(row.id);
      report.deleted.push({ path: row.path, reason: outcome.reason });
      continue;
    }
    const status = outcome.action === 'unchanged' ? 'complete' : 'recovered';
    index.transaction(() => {
      index.finish(row.id, status, {
        endWallMs: outcome.startWallMs + outcome.durationMs, frames: outcome.frames, bytes: outcome.bytes,
        width: outcome.width, height: outcome.height,
      });
      if (status === 'recovered') {
        index.event({ atMs: nowMs, cameraId: row.camera_id, kind: 'segment.recovered', message: `Recovered ${row.path}: ${outcome.frames} frames kept, ${outcome.cutBytes} bytes cut after the last whole frame`, data: { path: row.path, frames: outcome.frames, cutBytes: outcome.cutBytes } });
      }
    });
    report.repaired.push({ path: row.path, frames: outcome.frames, cutBytes: outcome.cutBytes });
  }
  for (const path of listSegmentFiles(fs, root)) {
    if (index.byPath(path)) continue;
    const outcome = repairFile(fs, join(root, path), 0);
    if (outcome.action === 'deleted') {
      report.deleted.push({ path, reason: outcome.reason });
      continue;
    }
    const cameraId = path.split('/')[0] ?? '';
    index.transaction(() => {
      index.insert({
        cameraId, path, startWallMs: outcome.startWallMs, endWallMs: outcome.startWallMs + outcome.durationMs, frames: outcome.frames,
        bytes: outcome.bytes, syncedOffset: outcome.bytes, width: outcome.width, height: outcome.height,
        status: outcome.action === 'unchanged' ? 'complete' : 'recovered',
      });
      index.event({ atMs: nowMs, cameraId, kind: 'segment.recovered', message: `Adopted ${path} (a file without an index row): ${outcome.frames} frames`, data: { path, frames: outcome.frames } });
    });
    report.adopted.push({ path, frames: outcome.frames });
  }
  return report;
}

/** Repairs every segment under `root` without an index (files alone). */
export function repairFolder(root: string, fs: RecordingFs): RecoveryReport {
  const report: RecoveryReport = { repaired: [], adopted: [], deleted: [], droppedRows: [] };
  for (const path of listSegmentFiles(fs, root)) {
    const outcome = repairFile(fs, join(root, path), 0);
    if (outcome.action === 'deleted') report.deleted.push({ path, reason: outcome.reason });
    else if (outcome.action === 'repaired') report.repaired.push({ path, frames: outcome.frames, cutBytes: outcome.cutBytes });
  }
  return report;
}

export function relativeSegmentPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}
