import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestRegistry } from './helpers.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { MIGRATIONS } from '../../../main/registry/migrations.ts';

test('a named secret round-trips through the secret store and its plain text is nowhere in the database file', async (t) => {
  const registry = await openTestRegistry(t);
  assert.equal(registry.namedSecrets.has('restream.password'), false);
  assert.equal(await registry.namedSecrets.get('restream.password'), null);
  await registry.namedSecrets.set('restream.password', 'plain-text-canary-41');
  assert.equal(registry.namedSecrets.has('restream.password'), true);
  assert.equal(await registry.namedSecrets.get('restream.password'), 'plain-text-canary-41');
  registry.db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(readFileSync(join(registry.dir, 'camwall.db')).includes('plain-text-canary-41'), false);
  assert.equal(JSON.stringify(registry.settings.getAll()).includes('plain-text-canary-41'), false);
  await registry.namedSecrets.set('restream.password', '');
  assert.equal(registry.namedSecrets.has('restream.password'), false);
});

test('a secret written by another store is refused with a message that says to set it again', async (t) => {
  const registry = await openTestRegistry(t);
  await registry.namedSecrets.set('restream.password', 'x');
  registry.db.prepare("UPDATE secrets SET store = 'electron-safe-storage'").run();
  await assert.rejects(registry.namedSecrets.get('restream.password'), /'electron-safe-storage' secret store.*Set it again/);
  await assert.rejects(registry.namedSecrets.get('Bad Name'), /not a valid secret name/);
});

test('migration versions may skip numbers but must rise', () => {
  const last = MIGRATIONS[MIGRATIONS.length - 1]!;
  assert.throws(() => openDatabase(':memory:', [...MIGRATIONS, { ...last }]), /out of order: entry \d+ has version \d+, expected a version above/);
  const db = openDatabase(':memory:', [...MIGRATIONS, { version: last.version + 5, description: 'gap', up: () => {} }]);
  assert.equal(db.pragma('user_version', { simple: true }), last.version + 5);
  db.close();
});
