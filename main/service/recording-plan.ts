// Pure decisions about recording, from the registry's records and a time: whether a camera
// records now, when that may next change across all cameras, where recordings go, and the
// retention policy the settings and cameras describe. No I/O, so tests pass fixed dates.
import { join } from 'node:path';
import type { Camera } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import type { RetentionPolicy } from '../recording/retention.ts';
import { nextScheduleChange, shouldRecord } from '../recording/schedule.ts';

/** Retention limits in GB are binary gigabytes, as `minFreeDiskBytes`' default (2 GiB) is. */
export const BYTES_PER_GB = 1024 ** 3;

/** What a camera's recorder should be doing now, before anything is known about the disk. */
export type RecordingIntent = 'off' | 'waiting' | 'record';

export function recordingIntent(camera: Camera, at: Date): RecordingIntent {
  if (!camera.enabled || camera.recordMode === 'off') return 'off';
  return shouldRecord(camera.recordMode, camera.schedule, at) ? 'record' : 'waiting';
}

/** The earliest moment after `at` when any camera's intent may change; undefined when none can. */
export function nextIntentChange(cameras: readonly Camera[], at: Date): Date | undefined {
  let next: Date | undefined;
  for (const camera of cameras) {
    if (!camera.enabled) continue;
    const when = nextScheduleChange(camera.recordMode, camera.schedule, at);
    if (when && (!next || when < next)) next = when;
  }
  return next;
}

/** `settings.recordingsDir`, or `<data folder>/recordings`. */
export function recordingsRootOf(settings: Pick<Settings, 'recordingsDir'>, dataDir: string): string {
  return settings.recordingsDir ?? join(dataDir, 'recordings');
}

/**
 * Per-camera limits from the cameras (cameras no longer registered keep only the global limits,
 * so their recordings go when those need room), and the global ones from the settings.
 */
export function retentionPolicyOf(cameras: readonly Camera[], settings: Pick<Settings, 'globalRetentionGb' | 'minFreeDiskBytes'>): RetentionPolicy {
  const perCamera: Record<string, { maxDays: number | null; maxBytes: number | null }> = {};
  for (const camera of cameras) {
    perCamera[camera.id] = {
      maxDays: camera.retentionDays,
      maxBytes: camera.retentionGb === null ? null : Math.round(camera.retentionGb * BYTES_PER_GB),
    };
  }
  return {
    perCamera,
    defaultCamera: {},
    maxTotalBytes: settings.globalRetentionGb === null ? null : Math.round(settings.globalRetentionGb * BYTES_PER_GB),
    minFreeBytes: settings.minFreeDiskBytes > 0 ? settings.minFreeDiskBytes : null,
  };
}

/** Human text for the next scheduled start, e.g. "next recording Mon 08:00". */
export function describeNextStart(camera: Camera, at: Date): string | null {
  const when = nextScheduleChange(camera.recordMode, camera.schedule, at);
  if (!when) return null;
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][when.getDay()];
  const hh = String(when.getHours()).padStart(2, '0');
  const mm = String(when.getMinutes()).padStart(2, '0');
  return `Waiting for the schedule: recording starts ${day} ${hh}:${mm}`;
}
