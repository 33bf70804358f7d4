// A real full file system for tests: a small tmpfs mounted by the test (root only; where mounting
// is refused the test is skipped with the reason), filled to the last byte by a filler file that
// can be removed again to give the space back.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** Big enough for a database, a key file, a token and a few writes. */
export const SMALL_DISK_BYTES = 8 * 1024 * 1024;
const FILL_CHUNK_BYTES = 64 * 1024;

export type SmallDisk = { path: string; fill(): void; free(): void };

/** Why a tmpfs cannot be mounted here, or null when it can (checked once). */
let mountRefusal: string | null | undefined;
export function cannotMount(): string | false {
  if (mountRefusal === undefined) {
    if (process.platform !== 'linux') mountRefusal = 'mounting a tmpfs needs Linux';
    else if (process.getuid?.() !== 0) mountRefusal = 'mounting a tmpfs needs root';
    else {
      const probe = mkdtempSync(join(tmpdir(), 'camwall-mount-probe-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
        execFileSync('umount', [probe], { stdio: 'pipe' });
        mountRefusal = null;
      } catch (error) {
        mountRefusal = `mount -t tmpfs was refused here (${String((error as { stderr?: unknown }).stderr ?? error).trim()})`;
      } finally {
        rmSync(probe, { recursive: true, force: true });
      }
    }
  }
  return mountRefusal ?? false;
}

/** Mounts a tmpfs of `bytes` for the test and unmounts it at the end. Call only when cannotMount() is false. */
export function mountSmallDisk(t: TestContext, bytes = SMALL_DISK_BYTES): SmallDisk {
  const path = mkdtempSync(join(tmpdir(), 'camwall-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', path], { stdio: 'pipe' });
  t.after(() => {
    execFileSync('umount', ['-l', path], { stdio: 'pipe' });
    rmSync(path, { recursive: true, force: true });
  });
  const filler = join(path, 'filler');
  return {
    path,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(FILL_CHUNK_BYTES);
      try {
        // Smaller and smaller writes until not even one byte fits.
        for (let size = FILL_CHUNK_BYTES; size >= 1; ) {
          try {
            writeSync(fd, chunk, 0, size);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            size = Math.floor(size / 2);
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
  };
}
