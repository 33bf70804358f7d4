import type { Database } from './database.ts';
import type { SecretStore } from './secret-store.ts';
import { RegistryError } from './errors.ts';

/** Names a secret may have: lowercase words joined by '.', e.g. 'restream.password'. */
const SECRET_NAME_RE = /^[a-z][a-z0-9-]{0,31}(?:\.[a-z][a-z0-9-]{0,31}){0,3}$/;

/**
 * Passwords that belong to no camera (the re-stream's user, the MQTT broker's), kept as SecretStore ciphertext in
 * the `secrets` table, exactly as camera passwords are: the plain text never reaches the
 * database, the settings or the API. `get` decrypts for the one part that must check it.
 */
export class NamedSecrets {
  readonly #db: Database;
  readonly #secrets: SecretStore;
  readonly #now: () => number;

  constructor(db: Database, secrets: SecretStore, now: () => number = Date.now) {
    this.#db = db;
    this.#secrets = secrets;
    this.#now = now;
  }

  has(name: string): boolean {
    checkName(name);
    return this.#db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  }

  /** Stores `plain` under `name`; null or '' removes it. */
  async set(name: string, plain: string | null): Promise<void> {
    checkName(name);
    if (plain === null || plain === '') {
      this.#db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
      return;
    }
    const secret = await this.#secrets.encrypt(plain);
    this.#db
      .prepare('INSERT INTO secrets (name, secret, store, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET secret = excluded.secret, store = excluded.store, updated_ms = excluded.updated_ms')
      .run(name, secret, this.#secrets.kind, this.#now());
  }

  /**
   * Keeps ciphertext another place holds already (`store` is the SecretStore kind that made it),
   * without decrypting it: how a password kept elsewhere by an earlier build moves here. A name
   * already stored wins; answers whether the ciphertext was taken.
   */
  adopt(name: string, secret: string, store: string): boolean {
    checkName(name);
    const result = this.#db
      .prepare('INSERT INTO secrets (name, secret, store, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(name, secret, store, this.#now());
    return result.changes === 1;
  }

  /** The plain text, or null when none is stored. Throws a RegistryError('secret') naming it when it cannot be read. */
  async get(name: string): Promise<string | null> {
    checkName(name);
    const row = this.#db.prepare('SELECT secret, store FROM secrets WHERE name = ?').get(name) as { secret: string; store: string } | undefined;
    if (row === undefined) return null;
    if (row.store !== this.#secrets.kind) {
      throw new RegistryError('secret', `The password '${name}' was saved by the '${row.store}' secret store, but this run uses '${this.#secrets.kind}'. Set it again.`);
    }
    try {
      return await this.#secrets.decrypt(row.secret);
    } catch (error) {
      throw new RegistryError('secret', `The password '${name}' cannot be read: ${(error as Error).message}. Set it again.`, { cause: error });
    }
  }
}

function checkName(name: string): void {
  if (!SECRET_NAME_RE.test(name)) throw new Error(`'${name.slice(0, 80)}' is not a valid secret name (lowercase words joined by '.')`);
}
