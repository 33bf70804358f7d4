import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type Registry } from '../../../main/registry/registry.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';
import type { RegistryChange } from '../../../main/registry/changes.ts';

interface TestContext {
  after: (fn: () => void | Promise<void>) => void;
}

export function tempDir(t: TestContext, prefix = 'camwall-registry-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A registry on a real SQLite file and a real key file in a fresh temp folder. */
export async function openTestRegistry(t: TestContext, dir = tempDir(t)): Promise<Registry & { dir: string; seen: RegistryChange[] }> {
  const secrets = await KeyFileSecretStore.open(dir);
  const registry = openRegistry({ file: join(dir, 'camwall.db'), secrets });
  const seen: RegistryChange[] = [];
  registry.changes.subscribe((change) => seen.push(change));
  t.after(() => {
    if (registry.db.open) registry.close();
  });
  return Object.assign(registry, { dir, seen });
}

/** Every row of every table, for "nothing changed" assertions. */
export function dump(registry: Registry): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['cameras', 'layouts', 'settings', 'segments', 'events']) {
    out[table] = registry.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  }
  return out;
}
