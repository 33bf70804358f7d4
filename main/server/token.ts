// The browser shell's access token: 32 random bytes, generated on the first `camwall serve` and
// kept in the data folder (mode 0600) so the printed URL and a browser's cookie stay valid
// across restarts. Delete the file to revoke every browser at once.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';

export const TOKEN_BYTES = 32;
/** base64url of TOKEN_BYTES bytes. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const OWNER_ONLY = 0o600;

export function loadOrCreateToken(file: string): string {
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (!TOKEN_RE.test(token)) {
      throw new Error(`the token file ${file} does not hold a Camwall token; delete it and start camwall serve again to make a new one`);
    }
    // Tighten a file someone loosened (e.g. copied with a umask of 022); the token grants the wall.
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, OWNER_ONLY);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  // 'wx': never overwrite a token another process wrote a moment ago.
  try {
    writeFileSync(file, `${token}\n`, { mode: OWNER_ONLY, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(file);
    throw error;
  }
  return token;
}

/** Constant-time comparison, so response timing tells nothing about how much of a guess was right. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
