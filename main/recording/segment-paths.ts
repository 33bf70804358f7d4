// Where a segment lives: <recordings>/<camera-id>/<YYYY-MM-DD>/<HHMMSS>.mkv, in local time, with
// a _01, _02... suffix when two segments of a camera start within the same second. The names of a
// folder sort in time order: '_' sorts after '.', and the suffix has a fixed width ('-1' sorted
// before '.mkv', so a listing showed the later segment first).

/** Camera ids become folder names; anything outside this set is replaced. */
const UNSAFE_PATH_CHARS = /[^A-Za-z0-9._-]/g;
/** Longest folder name a camera id maps to (file systems allow 255 bytes). */
export const MAX_CAMERA_DIR_CHARS = 120;
/** Same-second collisions tried before giving up (more means something loops). */
export const MAX_NAME_COLLISIONS = 100;

export function cameraDirName(cameraId: string): string {
  const safe = cameraId.replace(UNSAFE_PATH_CHARS, '_').slice(0, MAX_CAMERA_DIR_CHARS);
  if (safe === '' || /^\.+$/.test(safe)) return `camera_${safe.length}`;
  return safe;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Digits of the same-second suffix: enough for MAX_NAME_COLLISIONS - 1, so names sort as numbers. */
const SUFFIX_DIGITS = String(MAX_NAME_COLLISIONS - 1).length;

/** Relative path candidates for a segment starting at `startWallMs` (local time). */
export function* segmentPathCandidates(cameraId: string, startWallMs: number): Generator<string> {
  const d = new Date(startWallMs);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const base = `${cameraDirName(cameraId)}/${day}/${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  yield `${base}.mkv`;
  for (let i = 1; i < MAX_NAME_COLLISIONS; i++) yield `${base}_${pad(i, SUFFIX_DIGITS)}.mkv`;
}

/** 32-bit FNV-1a of the camera id as a fraction in [0, 1): spreads rotations across cameras. */
export function staggerFraction(cameraId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < cameraId.length; i++) {
    hash ^= cameraId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}
