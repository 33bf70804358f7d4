// The broker password, kept as the secret store's ciphertext in `<data folder>/mqtt-password.json`
// (mode 0600), never in the database, the settings or any JSON the API returns. A file of its own
// rather than a registry table: one value, no schema to migrate, and removing it is deleting it.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../../registry/secret-store.ts';

export const MQTT_PASSWORD_FILE = 'mqtt-password.json';
const MAX_FILE_BYTES = 64 * 1024;

export class MqttPasswordStore {
  readonly #file: string;
  readonly #secrets: SecretStore;

  constructor(dataDir: string, secrets: SecretStore) {
    this.#file = join(dataDir, MQTT_PASSWORD_FILE);
    this.#secrets = secrets;
  }

  has(): boolean {
    return existsSync(this.#file);
  }

  async set(password: string | null): Promise<void> {
    if (password === null || password === '') {
      rmSync(this.#file, { force: true });
      return;
    }
    const secret = await this.#secrets.encrypt(password);
    const temp = `${this.#file}.tmp`;
    writeFileSync(temp, JSON.stringify({ store: this.#secrets.kind, secret }), { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.#file);
  }

  /** The password, or null when none is kept. Throws a message for people when it cannot be read. */
  async get(): Promise<string | null> {
    if (!existsSync(this.#file)) return null;
    let stored: { store?: unknown; secret?: unknown };
    try {
      const text = readFileSync(this.#file, 'utf8');
      if (text.length > MAX_FILE_BYTES) throw new Error('too large');
      stored = JSON.parse(text);
    } catch {
      throw new Error(`The MQTT password file ${this.#file} is damaged: enter the broker password again in Settings → MQTT.`);
    }
    if (stored.store !== this.#secrets.kind || typeof stored.secret !== 'string') {
      throw new Error(`The MQTT password was saved by another secret store ('${String(stored.store)}', this run uses '${this.#secrets.kind}'): enter it again in Settings → MQTT.`);
    }
    try {
      return await this.#secrets.decrypt(stored.secret);
    } catch (error) {
      throw new Error(`The MQTT password cannot be decrypted (${(error as Error).message}): enter it again in Settings → MQTT.`);
    }
  }
}
