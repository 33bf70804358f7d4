// The data folder holds the database, the key file, the serve token and (by default) the
// recordings: only its owner may list or enter it. Created 0700; an existing one that group or
// others can use (made by hand, or by an older Camwall under a umask of 022) is tightened.
import { chmodSync, mkdirSync, statSync } from 'node:fs';

export const DATA_DIR_MODE = 0o700;
const GROUP_OR_OTHER_BITS = 0o077;

/** Creates `dir` (0700) or tightens it; returns the mode it had when it was looser, else null. */
export function ensurePrivateDir(dir: string): number | null {
  mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  if (process.platform === 'win32') return null; // ACLs, not mode bits
  const mode = statSync(dir).mode & 0o777;
  if ((mode & GROUP_OR_OTHER_BITS) === 0) return null;
  chmodSync(dir, DATA_DIR_MODE);
  return mode;
}
