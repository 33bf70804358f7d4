// This installation's export signing key: an Ed25519 key pair made at the first export. The
// private key is kept like camera passwords (encrypted by the SecretStore: the OS keychain in the
// desktop app, the 0600 key file for `camwall serve` and the CLI); the public key goes into every
// manifest, and its fingerprint is what a recipient compares with the one the sender publishes.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { constants, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../registry/secret-store.ts';

export const EXPORT_KEY_FILE_NAME = 'export-signing-key.json';

type StoredKey = { version: 1; algorithm: 'ed25519'; publicKey: string; privateKey: string; store: string };

export type SigningKey = {
  /** The public key, DER (SPKI), base64. */
  publicKey: string;
  /** SHA-256 of the DER public key, hex: what a recipient checks. */
  fingerprint: string;
  sign(bytes: Uint8Array): Buffer;
};

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

export function keyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** Loads the key from `dataDir`, making it on first use. */
export async function loadOrCreateSigningKey(dataDir: string, secrets: SecretStore): Promise<SigningKey> {
  const file = join(dataDir, EXPORT_KEY_FILE_NAME);
  let stored = readStored(file);
  if (!stored) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const candidate: StoredKey = {
      version: 1,
      algorithm: 'ed25519',
      publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      privateKey: await secrets.encrypt(privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')),
      store: secrets.kind,
    };
    // Exclusive create: two exports starting at once keep one key, the first one written.
    try {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, `${JSON.stringify(candidate, null, 2)}\n`);
      } finally {
        closeSync(fd);
      }
      stored = candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      stored = readStored(file);
      if (!stored) throw new SigningKeyError(`${file} appeared while the export key was being made, but cannot be read`);
    }
  }
  if (stored.store !== secrets.kind) {
    throw new SigningKeyError(`the export signing key in ${file} was made by another Camwall shell (${stored.store}); sign exports from that shell, or move the file away to make a new key (old exports keep verifying with the key in their manifest)`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(await secrets.decrypt(stored.privateKey), 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SigningKeyError(`the export signing key in ${file} cannot be decrypted (${error instanceof Error ? error.message : String(error)})`);
  }
  const publicKey = stored.publicKey;
  createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  return { publicKey, fingerprint: keyFingerprint(publicKey), sign: (bytes) => sign(null, bytes, privateKey) };
}

function readStored(file: string): StoredKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoredKey>;
  if (parsed.version !== 1 || parsed.algorithm !== 'ed25519' || typeof parsed.publicKey !== 'string' || typeof parsed.privateKey !== 'string' || typeof parsed.store !== 'string') {
    throw new SigningKeyError(`${file} is not a Camwall export signing key`);
  }
  return parsed as StoredKey;
}
