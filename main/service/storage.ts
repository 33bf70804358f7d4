// Whether the core can write its data folder, for app.info, the `storage.changed` event and the
// dispatcher. Two ways to be full:
// - at start (the registry had to open on a full disk): live view only; every call that saves
//   is refused up front and recording stays off until Camwall restarts with space free (the
//   database is held through an exclusive connection the recorders cannot share);
// - while running (a save failed with ENOSPC/EDQUOT/SQLITE_FULL): shown until a free-space check
//   finds room again, every STORAGE_RECHECK_MS.
import type { CallName } from '../../shared/api/calls.ts';
import type { StorageInfo } from '../../shared/api/calls.ts';
import { DISK_FULL_MARGIN_BYTES, freeBytesAt } from '../registry/disk-full.ts';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { ServiceError } from './service-error.ts';

/** While the disk is full, free space is checked this often. */
export const STORAGE_RECHECK_MS = 10_000;

/** Calls that write the registry; refused while Camwall runs on the disk it found full at start. */
export const WRITING_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'cameras.add',
  'cameras.update',
  'cameras.remove',
  'cameras.reorder',
  'cameras.import',
  'layouts.save',
  'layouts.remove',
  'layouts.setActive',
  'settings.set',
  'demo.start',
]);

export type StorageStatusOptions = {
  dataDir: string;
  startedFull: boolean;
  clock: Clock;
  onChange(storage: StorageInfo): void;
  /** Free bytes on the data folder's disk; default statfs. */
  freeBytes?: (dir: string) => number;
};

export class StorageStatus {
  #o: StorageStatusOptions;
  #full: boolean;
  #recheck: TimerHandle | null = null;
  #closed = false;
  #warnings: string[] = [];

  constructor(options: StorageStatusOptions) {
    this.#o = options;
    this.#full = options.startedFull;
  }

  info(): StorageInfo {
    const warnings = [...this.#warnings];
    if (this.#o.startedFull) {
      return {
        state: 'full',
        startedFull: true,
        warnings,
        message:
          `The disk that holds Camwall's data folder (${this.#o.dataDir}) was full when Camwall started: live view works, ` +
          'but nothing can be saved and nothing is recorded. Free some space on that disk, then restart Camwall.',
      };
    }
    if (!this.#full) return { state: 'ok', startedFull: false, message: null, warnings };
    return {
      state: 'full',
      startedFull: false,
      warnings,
      message: `The disk that holds Camwall's data folder (${this.#o.dataDir}) is full: changes cannot be saved. Free some space on that disk.`,
    };
  }

  /** Refuses a call that would write while the disk was full at start. */
  refusal(name: CallName): ServiceError | null {
    if (!this.#o.startedFull || !WRITING_CALLS.has(name)) return null;
    return diskFullError(name, this.#o.dataDir, 'Camwall started on a full disk, so nothing is saved', 'then restart Camwall');
  }

  /** Retention's warnings changed. */
  setWarnings(warnings: string[]): void {
    if (this.#closed || (warnings.length === this.#warnings.length && warnings.every((w, i) => w === this.#warnings[i]))) return;
    this.#warnings = [...warnings];
    this.#o.onChange(this.info());
  }

  /** A write failed for lack of space. */
  writeFailed(): void {
    if (this.#closed || this.#o.startedFull) return;
    if (!this.#full) {
      this.#full = true;
      this.#o.onChange(this.info());
    }
    this.#armRecheck();
  }

  close(): void {
    this.#closed = true;
    this.#recheck?.cancel();
    this.#recheck = null;
  }

  #armRecheck(): void {
    if (this.#recheck !== null) return;
    this.#recheck = this.#o.clock.setTimer(() => {
      this.#recheck = null;
      if (this.#closed || !this.#full) return;
      if (this.#freeBytes() >= DISK_FULL_MARGIN_BYTES) {
        this.#full = false;
        this.#o.onChange(this.info());
      } else {
        this.#armRecheck();
      }
    }, STORAGE_RECHECK_MS);
  }

  #freeBytes(): number {
    try {
      return (this.#o.freeBytes ?? freeBytesAt)(this.#o.dataDir);
    } catch {
      return 0;
    }
  }
}

/** The answer to a call that could not save because the disk is full. */
export function diskFullError(name: CallName, dataDir: string, detail = 'nothing was saved', then = 'then try again'): ServiceError {
  return new ServiceError(
    'disk-full',
    `${name}: the disk is full; ${detail}. Free some space on the disk that holds Camwall's data folder (${dataDir}), ${then}.`,
  );
}
