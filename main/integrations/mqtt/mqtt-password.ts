// The broker password, kept as the re-stream's is: SecretStore ciphertext in the registry's
// `secrets` table under MQTT_PASSWORD_SECRET (NamedSecrets), never in the settings or any JSON the
// API returns. One mechanism for passwords that are no camera's. Builds before this kept it in
// `<data folder>/mqtt-password.json`; adoptLegacyPasswordFile moves that ciphertext in, once.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NamedSecrets } from '../../registry/named-secrets.ts';

export const MQTT_PASSWORD_SECRET = 'mqtt.password';
/** Where builds before the `secrets` table kept the ciphertext. */
export const LEGACY_MQTT_PASSWORD_FILE = 'mqtt-password.json';
const MAX_LEGACY_FILE_BYTES = 64 * 1024;

export class MqttPasswordStore {
  readonly #secrets: NamedSecrets;

  constructor(secrets: NamedSecrets) {
    this.#secrets = secrets;
  }

  has(): boolean {
    return this.#secrets.has(MQTT_PASSWORD_SECRET);
  }

  /** Keeps `password`; null or '' removes it. */
  set(password: string | null): Promise<void> {
    return this.#secrets.set(MQTT_PASSWORD_SECRET, password);
  }

  /** The password, or null when none is kept. Throws a message for people when it cannot be read. */
  async get(): Promise<string | null> {
    try {
      return await this.#secrets.get(MQTT_PASSWORD_SECRET);
    } catch (error) {
      throw new Error(`The MQTT broker password cannot be read (${(error as Error).message}): enter it again in Settings → MQTT.`, { cause: error });
    }
  }
}

/**
 * Moves the ciphertext an earlier build kept in `<dataDir>/mqtt-password.json` into `secrets`
 * (without decrypting it: the same store made it), then deletes the file. A password already in
 * the table wins. A damaged file is deleted too, with a log line: nothing could ever read it.
 */
export function adoptLegacyPasswordFile(dataDir: string, secrets: NamedSecrets, log: (line: string) => void): void {
  const file = join(dataDir, LEGACY_MQTT_PASSWORD_FILE);
  if (!existsSync(file)) return;
  let stored: { store?: unknown; secret?: unknown } | null = null;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length <= MAX_LEGACY_FILE_BYTES) stored = JSON.parse(text);
  } catch {
    stored = null;
  }
  try {
    if (stored !== null && typeof stored.store === 'string' && typeof stored.secret === 'string') {
      secrets.adopt(MQTT_PASSWORD_SECRET, stored.secret, stored.store);
    } else {
      log(`mqtt: ${file} is damaged and was removed: enter the broker password again in Settings → MQTT.`);
    }
    rmSync(file, { force: true });
  } catch (error) {
    // The app starts all the same; the file stays for the next start to move.
    log(`mqtt: could not move the broker password from ${file} into the registry (${(error as Error).message}); trying again at the next start.`);
  }
}
