// Camera passwords in the Electron shell, on safeStorage's async API (the sync one is deprecated
// in Electron 45 and gone in 46).
//
// Where the OS keychain protects safeStorage's key (Keychain, DPAPI, gnome-libsecret, kwallet)
// passwords are encrypted with it: protection 'os'. Where it does not — Linux desktops without
// a secret service fall back to 'basic_text', a fixed key, or encryption is unavailable — the
// user chooses (settings.passwordStorage, asked by the renderer, which shows a persistent notice
// from app.info's protection level):
//   never       no password is saved; saving one is refused with a field error ('none')
//   session     kept in this process's memory, lost on exit ('session'); also what 'ask' does
//   obfuscated  stored under a fixed key: basic_text, or our own where safeStorage has none
//
// One `kind` for all of them: each stored value starts with its form ('os:', 'obf:', 'fixed:',
// 'session:'), so a choice changed later still reads what was stored before.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PasswordStorageChoice } from '../../shared/settings.ts';
import { ValidationError } from '../../shared/validation.ts';
import type { SecretStore } from '../registry/secret-store.ts';

export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only in Electron; never called elsewhere. */
  getSelectedStorageBackend(): string;
}

/** Linux backends that keep safeStorage's key in a real secret service. */
const KEYCHAIN_BACKENDS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export type KeychainState = {
  /** safeStorage can encrypt at all. */
  available: boolean;
  /** ...and an OS keychain protects its key. */
  keychain: boolean;
  /** What Electron chose on Linux ('basic_text', 'gnome_libsecret', ...); null elsewhere. */
  linuxBackend: string | null;
};

export async function detectKeychain(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<KeychainState> {
  let available: boolean;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (platform !== 'linux') return { available, keychain: available, linuxBackend: null };
  // Only meaningful after `ready`, which is when the shell opens the store.
  const linuxBackend = safeStorage.getSelectedStorageBackend();
  return { available, keychain: available && KEYCHAIN_BACKENDS.has(linuxBackend), linuxBackend };
}

export type SafeStorageSecretStoreOptions = {
  platform?: NodeJS.Platform;
  /** The user's choice where there is no keychain; read on every use, so a change applies at once. */
  choice(): PasswordStorageChoice;
};

const OS_PREFIX = 'os:';
const OBFUSCATED_PREFIX = 'obf:';
const FIXED_KEY_PREFIX = 'fixed:';
const SESSION_PREFIX = 'session:';
/** A fixed key is obfuscation only, as basic_text's is; it keeps passwords out of plain sight. */
const FIXED_KEY = createHash('sha256').update('camwall obfuscation key: not a secret').digest();
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'electron-safe-storage';
  readonly state: KeychainState;
  readonly #safeStorage: SafeStorageLike;
  readonly #choice: () => PasswordStorageChoice;
  readonly #session = new Map<string, string>();

  private constructor(safeStorage: SafeStorageLike, state: KeychainState, choice: () => PasswordStorageChoice) {
    this.#safeStorage = safeStorage;
    this.state = state;
    this.#choice = choice;
  }

  /** Call after the app is ready (safeStorage's backend is known only then). */
  static async open(safeStorage: SafeStorageLike, options: SafeStorageSecretStoreOptions): Promise<SafeStorageSecretStore> {
    const state = await detectKeychain(safeStorage, options.platform ?? process.platform);
    return new SafeStorageSecretStore(safeStorage, state, options.choice);
  }

  get protection(): SecretStore['protection'] {
    if (this.state.keychain) return 'os';
    switch (this.#choice()) {
      case 'never':
        return 'none';
      case 'obfuscated':
        return 'obfuscated';
      case 'ask':
      case 'session':
        return 'session';
    }
  }

  async encrypt(plain: string): Promise<string> {
    switch (this.protection) {
      case 'os':
        return OS_PREFIX + (await this.#safeStorage.encryptStringAsync(plain)).toString('base64');
      case 'obfuscated':
        if (this.state.available) return OBFUSCATED_PREFIX + (await this.#safeStorage.encryptStringAsync(plain)).toString('base64');
        return FIXED_KEY_PREFIX + encryptWithFixedKey(plain);
      case 'session': {
        const handle = randomUUID();
        this.#session.set(handle, plain);
        return SESSION_PREFIX + handle;
      }
      default:
        throw new ValidationError('Password not saved', [
          {
            field: 'password',
            message:
              'cannot be saved: this desktop has no keychain and Camwall is set not to save passwords. Choose "this session only" or "obfuscated" in Settings, or leave the password empty.',
          },
        ]);
    }
  }

  async decrypt(stored: string): Promise<string> {
    if (stored.startsWith(SESSION_PREFIX)) {
      const plain = this.#session.get(stored.slice(SESSION_PREFIX.length));
      if (plain === undefined) throw new Error('it was kept for one session only and Camwall has restarted since; enter it again');
      return plain;
    }
    if (stored.startsWith(FIXED_KEY_PREFIX)) return decryptWithFixedKey(stored.slice(FIXED_KEY_PREFIX.length));
    const prefix = stored.startsWith(OS_PREFIX) ? OS_PREFIX : stored.startsWith(OBFUSCATED_PREFIX) ? OBFUSCATED_PREFIX : null;
    if (prefix === null) throw new Error('it is in a form this store did not write; enter it again');
    if (!this.state.available) throw new Error("it was encrypted by the system's secret storage, which is not available now; enter it again");
    try {
      const { result } = await this.#safeStorage.decryptStringAsync(Buffer.from(stored.slice(prefix.length), 'base64'));
      return result;
    } catch {
      throw new Error('the system\'s secret storage could not decrypt it (another user, machine or keychain); enter it again');
    }
  }
}

function encryptWithFixedKey(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', FIXED_KEY, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64')).join(':');
}

function decryptWithFixedKey(value: string): string {
  const [iv, tag, ciphertext] = value.split(':').map((part) => Buffer.from(part, 'base64'));
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ciphertext === undefined) throw new Error('it is damaged; enter it again');
  try {
    const decipher = createDecipheriv('aes-256-gcm', FIXED_KEY, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('it is damaged; enter it again');
  }
}
