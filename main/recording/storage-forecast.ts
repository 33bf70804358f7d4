// How many days of recordings each camera will keep at its current rate, once retention's limits
// apply: its own days and GB, the GB for all cameras, and the free space the disk must keep
// (retention.ts enforces the same limits). Pure: the caller measures the rates and the disk.
//
// The limits for all cameras delete the oldest recordings of any camera first, so at steady
// state every camera they bind keeps the same span D: the one where the cameras' daily rates,
// each times min(D, its own limit in days), fill the budget (budget = the all-cameras GB, or what
// is stored now plus the free space minus the reserve, whichever is smaller). Cameras that do not
// record now keep what they have until it ages out; the forecast counts their bytes as held.
import { formatBytes } from '../../shared/util/format.ts';
import type { StorageLimit } from '../../shared/api/calls.ts';
import { MS_PER_DAY } from './retention.ts';

export type CameraUsage = {
  cameraId: string;
  name: string;
  /** Records now (enabled, a recording mode); its rate then counts. */
  recording: boolean;
  bytes: number;
  /** Bytes per day over the recent window; null when too little was recorded to tell. */
  bytesPerDay: number | null;
  maxDays: number | null;
  maxBytes: number | null;
};

export type Budget = {
  totalBytes: number;
  freeBytes: number | null;
  reserveBytes: number | null;
  allCamerasLimitBytes: number | null;
};

export type CameraForecast = { cameraId: string; keepsDays: number | null; limitedBy: StorageLimit | null; warning: string | null };

/** Longest span the search for D considers; a forecast beyond it is "no limit ends it". */
export const MAX_FORECAST_DAYS = 100 * 365;
const SEARCH_STEPS = 80;

export function forecastStorage(cameras: readonly CameraUsage[], budget: Budget): { cameras: CameraForecast[]; warnings: string[] } {
  const active = cameras.filter((c) => c.recording && c.bytesPerDay !== null && c.bytesPerDay > 0);
  const held = cameras.filter((c) => !active.includes(c)).reduce((sum, c) => sum + c.bytes, 0);
  /** Each active camera's own limit in days (its days, or its GB at its rate), and which one. */
  const own = new Map(active.map((c) => [c.cameraId, ownLimit(c)]));

  const bySpace = budget.freeBytes === null ? Infinity : budget.totalBytes + budget.freeBytes - (budget.reserveBytes ?? 0);
  const byLimit = budget.allCamerasLimitBytes ?? Infinity;
  const room = Math.min(bySpace, byLimit) - held;
  const sharedLimit: StorageLimit = byLimit <= bySpace ? 'all-cameras-gb' : 'free-space';
  const filled = (days: number) => active.reduce((sum, c) => sum + c.bytesPerDay! * Math.min(days, own.get(c.cameraId)!.days), 0);
  // The span D the shared budget allows: Infinity when the cameras' own limits stop first.
  let shared = Infinity;
  if (Number.isFinite(room) && filled(MAX_FORECAST_DAYS) > room) {
    let low = 0;
    let high = MAX_FORECAST_DAYS;
    for (let i = 0; i < SEARCH_STEPS; i++) {
      const mid = (low + high) / 2;
      if (filled(mid) > room) high = mid;
      else low = mid;
    }
    shared = Math.max(0, low);
  }

  const warnings: string[] = [];
  const out = cameras.map((camera): CameraForecast => {
    const limit = own.get(camera.cameraId);
    if (!limit) return { cameraId: camera.cameraId, keepsDays: null, limitedBy: null, warning: null };
    const days = Math.min(limit.days, shared);
    const limitedBy = shared < limit.days ? sharedLimit : limit.by;
    const keepsDays = Number.isFinite(days) && days < MAX_FORECAST_DAYS ? days : null;
    let warning: string | null = null;
    if (camera.maxDays !== null && keepsDays !== null && keepsDays < camera.maxDays * 0.995) {
      warning = `${camera.name} is set to keep ${camera.maxDays} days, but at its current rate (${formatBytes(camera.bytesPerDay!)} a day) ${LIMIT_TEXT[limitedBy!]} holds only about ${formatDays(keepsDays)}. Raise that limit or lower the camera's frame rate or resolution.`;
      warnings.push(warning);
    }
    return { cameraId: camera.cameraId, keepsDays, limitedBy: keepsDays === null ? null : limitedBy, warning };
  });
  return { cameras: out, warnings };
}

const LIMIT_TEXT: Record<StorageLimit, string> = {
  'camera-days': 'its own limit in days',
  'camera-gb': 'its own storage limit',
  'all-cameras-gb': 'the storage limit for all cameras',
  'free-space': 'the free disk space (less the space kept free)',
};

function ownLimit(camera: CameraUsage): { days: number; by: StorageLimit | null } {
  const byDays = camera.maxDays ?? Infinity;
  const byBytes = camera.maxBytes === null ? Infinity : camera.maxBytes / camera.bytesPerDay!;
  if (byDays === Infinity && byBytes === Infinity) return { days: Infinity, by: null };
  return byBytes < byDays ? { days: byBytes, by: 'camera-gb' } : { days: byDays, by: 'camera-days' };
}

/** "3.5 days", "6 hours", "an hour". */
export function formatDays(days: number): string {
  if (days < 1) {
    const hours = Math.max(1, Math.round(days * 24));
    return hours === 1 ? 'an hour' : `${hours} hours`;
  }
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

/** Bytes per day over `spanMs`; null for a span too short to say anything. */
export function ratePerDay(bytes: number, spanMs: number, minSpanMs: number): number | null {
  return spanMs >= minSpanMs ? (bytes * MS_PER_DAY) / spanMs : null;
}
