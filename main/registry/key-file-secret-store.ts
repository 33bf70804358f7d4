import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isDiskFullError } from './disk-full.ts';
import type { SecretStore } from './secret-store.ts';

export const SECRET_KEY_FILE_NAME = 'secret.key';
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const KEY_FILE_MODE = 0o600;
const GROUP_OR_OTHER_BITS = 0o077;
const CHECKS_PERMISSIONS = process.platform !== 'win32'; // Windows has ACLs, not mode bits

/**
 * AES-256-GCM with a random key kept in `<dataDir>/secret.key` (mode 0600). Protects passwords
 * in a database file copied or backed up on its own, and from casual reading; it does not
 * protect against anyone who can read the data folder as the user (see docs/registry.md).
 * Stored values: `v1:<iv base64>:<tag base64>:<ciphertext base64>`.
 */
export class KeyFileSecretStore implements SecretStore {
  readonly kind = 'key-file';
  readonly protection = 'key-file';
  readonly keyFile: string;
  readonly #key: Buffer;

  private constructor(keyFile: string, key: Buffer) {
    this.keyFile = keyFile;
    this.#key = key;
  }

  /**
   * Uses the data folder's key file, creating it (0600) when there is none. An existing key is
   * read without writing anything, so a full or read-only data disk still opens.
   */
  static async open(dataDir: string): Promise<KeyFileSecretStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const keyFile = join(dataDir, SECRET_KEY_FILE_NAME);
    const existing = await readKeyFileIfPresent(keyFile);
    if (existing !== null) return new KeyFileSecretStore(keyFile, existing);
    const created = await createKeyFile(keyFile);
    return new KeyFileSecretStore(keyFile, created ?? (await readKeyFile(keyFile)));
  }

  async encrypt(plain: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
  }

  async decrypt(stored: string): Promise<string> {
    const parts = stored.split(':');
    if (parts[0] !== FORMAT_VERSION || parts.length !== 4) {
      const version = parts.length > 1 ? `'${(parts[0] ?? '').slice(0, 8)}'` : 'none';
      throw new Error(`Cannot decrypt a stored secret: unknown format (version ${version}); it was not written by this key-file store`);
    }
    const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error('Cannot decrypt a stored secret: its IV or tag has the wrong length (the value is damaged)');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        `Cannot decrypt a stored secret: it was altered, or encrypted with another key than ${this.keyFile}. Enter the password again.`,
      );
    }
  }
}

/**
 * Writes a fresh key to a private temporary file and links it into place, so a concurrent
 * process never reads a half-written key. Returns null when a key file already exists.
 */
async function createKeyFile(keyFile: string): Promise<Buffer | null> {
  const key = randomBytes(KEY_BYTES);
  const temporary = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, KEY_FILE_MODE);
    try {
      await handle.writeFile(key);
      await handle.chmod(KEY_FILE_MODE); // the umask cannot widen 0600, but an odd one could narrow it to 0400
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, keyFile);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    const what = isDiskFullError(error) ? 'the disk is full; free some space on it and start Camwall again' : (error as Error).message;
    throw new Error(`Cannot create the secret key file ${keyFile}: ${what}`, { cause: error });
  } finally {
    // Also after a failed write: a full disk must not collect half-written temporary keys.
    await unlink(temporary).catch(() => undefined);
  }
}

async function readKeyFileIfPresent(keyFile: string): Promise<Buffer | null> {
  try {
    return await readKeyFile(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readKeyFile(keyFile: string): Promise<Buffer> {
  const info = await stat(keyFile);
  if (!info.isFile()) throw new Error(`The secret key file ${keyFile} is not a regular file; move it away and restart`);
  if (CHECKS_PERMISSIONS) {
    const mode = info.mode & 0o777;
    if ((mode & GROUP_OR_OTHER_BITS) !== 0) {
      throw new Error(
        `The secret key file ${keyFile} can be read or written by other users (mode ${mode.toString(8).padStart(4, '0')}); ` +
          `refusing to use it. Run: chmod 600 '${keyFile}'`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new Error(`The secret key file ${keyFile} belongs to user id ${info.uid}, not to the user running Camwall (${uid}); refusing to use it`);
    }
  }
  const key = await readFile(keyFile);
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The secret key file ${keyFile} is ${key.length} bytes instead of ${KEY_BYTES}: it is damaged. Restore it from a backup, ` +
        `or delete it and enter the camera passwords again`,
    );
  }
  return key;
}
