/**
 * Where camera passwords are turned into something safe to store in the database and back.
 * The Electron shell implements it with safeStorage (async API), the Node shells with a key file
 * (KeyFileSecretStore). Async because safeStorage's non-deprecated API is.
 */
export interface SecretStore {
  /** Recorded next to each ciphertext, so a value written by another store is recognised. */
  readonly kind: string;
  /**
   * os: the OS keychain protects the key (Keychain, DPAPI, libsecret/kwallet);
   * key-file: a key file only the user can read; obfuscated: a fixed key (Electron's basic_text);
   * session: kept in memory, lost on exit; none: passwords are refused, nothing is kept.
   */
  readonly protection: 'os' | 'key-file' | 'obfuscated' | 'session' | 'none';
  encrypt(plain: string): Promise<string>;
  decrypt(stored: string): Promise<string>;
}
