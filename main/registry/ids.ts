import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const ID_RANDOM_CHARS = 8;

/** `<prefix>-` + 8 random base32 characters (40 bits): short, lowercase, safe in file paths. */
export function newId(prefix: 'cam' | 'lay'): string {
  const bytes = randomBytes(ID_RANDOM_CHARS);
  let out = `${prefix}-`;
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}
