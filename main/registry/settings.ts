import type { Database } from './database.ts';
import type { ChangeFeed } from './changes.ts';
import { DEFAULT_SETTINGS, SETTINGS_KEYS, settingsPatchSchema, settingsShape, type Settings, type SettingsKey, type SettingsPatch } from '../../shared/settings.ts';
import { parseOrThrow } from '../../shared/validation.ts';

/**
 * App settings, one row per key with a JSON value. Keys never set read as their default; a
 * stored value that no longer passes the schema (hand-edited, or from an older version) also
 * reads as the default rather than breaking startup. Unknown keys in the table are ignored.
 */
export class SettingsRepository {
  readonly #db: Database;
  readonly #changes: ChangeFeed;

  constructor(db: Database, changes: ChangeFeed) {
    this.#db = db;
    this.#changes = changes;
  }

  getAll(): Settings {
    const rows = this.#db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const { key, value } of rows) {
      if (!(SETTINGS_KEYS as string[]).includes(key)) continue;
      const schema = settingsShape.shape[key as SettingsKey];
      const parsed = schema.safeParse(safeJson(value));
      if (parsed.success) settings[key] = parsed.data;
    }
    return settings as Settings;
  }

  get<K extends SettingsKey>(key: K): Settings[K] {
    return this.getAll()[key];
  }

  /** Sets the given keys (validated together; an invalid patch changes nothing) and returns all settings. */
  set(patch: SettingsPatch): Settings {
    const values = parseOrThrow(settingsPatchSchema, patch, 'Settings not saved');
    const keys = Object.keys(values).filter((key) => values[key as SettingsKey] !== undefined) as SettingsKey[];
    return this.#changes.batch(() =>
      this.#db.transaction(() => {
        const upsert = this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        for (const key of keys) upsert.run(key, JSON.stringify(values[key]));
        if (keys.length > 0) this.#changes.emit({ entity: 'settings', type: 'updated', keys });
        return this.getAll();
      })(),
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
