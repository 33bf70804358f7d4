// A full disk, recognised in one place: the errors Node's file calls and SQLite raise when
// there is no room left (or the user's quota is used up), and a free-space check for the I/O
// errors SQLite reports when it cannot even size its shared-memory index on a full disk.
import { statfsSync } from 'node:fs';

/** errno and SQLite codes that mean "no space left" (ENOSPC), "quota exceeded" (EDQUOT), SQLITE_FULL. */
export const DISK_FULL_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
/** Below this much free space, an I/O error while opening the database is taken for a full disk. */
export const DISK_FULL_MARGIN_BYTES = 1024 * 1024;
/** How deep `cause` chains are followed (wrapping errors keep the original as their cause). */
const MAX_CAUSE_DEPTH = 5;

export function isDiskFullError(error: unknown): boolean {
  return codesOf(error).some((code) => DISK_FULL_CODES.has(code));
}

/** Any SQLite I/O error (SQLITE_IOERR, SQLITE_IOERR_SHMSIZE, ...) in the error or its causes. */
export function isSqliteIoError(error: unknown): boolean {
  return codesOf(error).some((code) => code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_'));
}

/** Free bytes for this user on the file system that holds `path` (statfs). */
export function freeBytesAt(path: string): number {
  const info = statfsSync(path);
  return info.bavail * info.bsize;
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}
