// The recordings `npm run bench:playback` plays: written once by the real recorder (through
// recordArchive, without data syncs) into a cache folder named by their parameters, with the
// registry database `camwall serve` reads, and reused by later runs. Each run gets a throw-away
// data folder with a copy of the database and a symlink to the cached recordings, so nothing a
// run does (the core's recovery pass, settings) changes the cache.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/registry/database.ts';
import { DATABASE_FILE_NAME } from '../../main/registry/registry.ts';
import type { Resolution } from '../../main/simulator/picture.ts';
import { recordArchive, type ArchiveCamera } from '../support/recorded-archive.ts';

/** One group of cameras recorded alike. */
export type ArchiveGroup = { prefix: string; cameras: number; resolution: Resolution; fps: number; fromMs: number; durationMs: number };

export type ArchivePlan = { segmentMs: number; groups: Record<'day' | 'scrub' | 'sync' | 'fast', ArchiveGroup> };

export type CachedArchive = {
  /** The cache folder (kept between runs). */
  dir: string;
  /** Frame capture times per camera, as recorded (ms, UTC, ascending). */
  frames: Map<string, number[]>;
  /** Seconds it took to write, when this run wrote it; null when it came from the cache. */
  createdInS: number | null;
  bytes: number;
};

const DAY_MS = 24 * 3600_000;
const T0 = Date.UTC(2026, 9, 1);

/**
 * What the benchmark plays: 16 small cameras for a day (seeks; one frame every 2 s, so every
 * 5-minute segment has 150 one-frame Clusters), one 720p camera (scrubbing), 16 VGA cameras at
 * 15 fps recorded in phase (sync at 1x), one 1080p camera (64x). About 11 GB.
 */
export const PLAYBACK_ARCHIVE: ArchivePlan = {
  segmentMs: 300_000,
  groups: {
    day: { prefix: 'day', cameras: 16, resolution: '320x240', fps: 0.5, fromMs: T0, durationMs: DAY_MS },
    scrub: { prefix: 'scrub', cameras: 1, resolution: '1280x720', fps: 15, fromMs: T0 + 2 * DAY_MS, durationMs: 180_000 },
    sync: { prefix: 'sync', cameras: 16, resolution: '640x480', fps: 15, fromMs: T0 + 2 * DAY_MS + 3600_000, durationMs: 60_000 },
    fast: { prefix: 'fast', cameras: 1, resolution: '1920x1080', fps: 10, fromMs: T0 + 2 * DAY_MS + 2 * 3600_000, durationMs: 480_000 },
  },
};

const COMPLETE_FILE = 'complete.json';
const FRAMES_FILE = 'frames.json';

export function cameraIds(group: ArchiveGroup): string[] {
  return Array.from({ length: group.cameras }, (_, i) => `${group.prefix}${String(i + 1).padStart(2, '0')}`);
}

function cacheName(plan: ArchivePlan): string {
  const part = (g: ArchiveGroup) => `${g.cameras}x${g.resolution}@${g.fps}-${g.durationMs / 1000}s`;
  const { day, scrub, sync, fast } = plan.groups;
  return `camwall-bench-playback-${part(day)}-${part(scrub)}-${part(sync)}-${part(fast)}-seg${plan.segmentMs / 1000}s`;
}

/** The archive of `plan`, from the cache under `cacheRoot` or written there now. */
export async function cachedArchive(plan: ArchivePlan, cacheRoot = tmpdir(), log: (line: string) => void = () => {}): Promise<CachedArchive> {
  const dir = join(cacheRoot, cacheName(plan));
  if (existsSync(join(dir, COMPLETE_FILE))) {
    const { bytes } = JSON.parse(readFileSync(join(dir, COMPLETE_FILE), 'utf8')) as { bytes: number };
    const frames = new Map(Object.entries(JSON.parse(readFileSync(join(dir, FRAMES_FILE), 'utf8')) as Record<string, number[]>));
    return { dir, frames, createdInS: null, bytes };
  }
  // A folder without its marker is a run that was cut off: start it again.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`writing the playback archive into ${dir} (once; later runs reuse it) ...`);
  const started = performance.now();
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  const frames = new Map<string, number[]>();
  let bytes = 0;
  try {
    for (const group of Object.values(plan.groups)) {
      const cameras: ArchiveCamera[] = cameraIds(group).map((id, i) => ({
        id, channel: i + 1, fps: group.fps, resolution: group.resolution, spans: [{ fromMs: group.fromMs, toMs: group.fromMs + group.durationMs }],
      }));
      const archive = await recordArchive({ root: join(dir, 'recordings'), db, cameras, segmentMs: plan.segmentMs, noSync: true });
      for (const [id, list] of archive.frames) frames.set(id, list.map((f) => f.atMs));
      log(`  ${group.cameras} x ${group.resolution}@${group.fps} for ${group.durationMs / 1000} s: ${((performance.now() - started) / 1000).toFixed(0)} s so far`);
    }
    bytes = (db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM segments').get() as { n: number }).n;
  } finally {
    db.close();
  }
  writeFileSync(join(dir, FRAMES_FILE), JSON.stringify(Object.fromEntries(frames)));
  const createdInS = (performance.now() - started) / 1000;
  writeFileSync(join(dir, COMPLETE_FILE), JSON.stringify({ bytes, createdInS }));
  return { dir, frames, createdInS, bytes };
}

/** A data folder for one `camwall serve`: a copy of the archive's database, its recordings linked. */
export function dataDirFor(archive: CachedArchive): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'camwall-bench-playback-data-'));
  copyFileSync(join(archive.dir, DATABASE_FILE_NAME), join(dir, DATABASE_FILE_NAME));
  symlinkSync(join(archive.dir, 'recordings'), join(dir, 'recordings'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Index of the last time at or before `atMs` in an ascending list, or -1. */
export function lastAtOrBefore(times: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= atMs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
