// The Python that has Debian's python3-opencv: `python3` on the PATH may be another build (pyenv)
// that does not see Debian's packages, so /usr/bin/python3 is tried too. build/test-deps.mjs
// installs python3-opencv where it is missing.
import { spawnSync } from 'node:child_process';

let found: string | null | undefined;

export function pythonWithOpenCv(): string | null {
  if (found !== undefined) return found;
  found = null;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import cv2'], { stdio: 'ignore' }).status === 0) {
      found = candidate;
      break;
    }
  }
  return found;
}
