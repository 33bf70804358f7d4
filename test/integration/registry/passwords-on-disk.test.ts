import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestRegistry } from '../../unit/registry/helpers.ts';

const PASSWORDS = ['first-Secret-7fa1c9', 'second-Secret-b83e02', 'third-Secret-😀-d41d8c'];

function bytesOfDataFolder(dir: string): Array<[string, Buffer]> {
  return readdirSync(dir)
    .filter((name) => name.startsWith('camwall.db'))
    .map((name) => [name, readFileSync(join(dir, name))] as [string, Buffer]);
}

function assertAbsent(dir: string, secret: string): void {
  for (const [name, bytes] of bytesOfDataFolder(dir)) {
    for (const encoding of ['utf8', 'utf16le', 'latin1'] as const) {
      assert.equal(bytes.includes(Buffer.from(secret, encoding)), false, `${secret} found in ${name} (${encoding})`);
    }
  }
}

test('passwords never reach the database file or its WAL, during use and after close', async (t) => {
  const registry = await openTestRegistry(t);
  const camera = await registry.cameras.add({ name: 'Door', host: 'door.local', username: 'viewer', password: PASSWORDS[0] });
  await registry.cameras.update(camera.id, { password: PASSWORDS[1] });
  const other = await registry.cameras.add({ name: 'Yard', host: 'yard.local', password: PASSWORDS[2] });
  await registry.importCameras({ format: 'camwall.cameras', version: 1, cameras: [{ name: 'Imported', host: 'imp.local', password: `${PASSWORDS[0]}-imported` }] });
  assert.equal((await registry.cameras.getCredentials(other.id)).password, PASSWORDS[2]);

  // While open, recent writes sit in the -wal file; check it and the main file.
  assert.ok(existsSync(join(registry.dir, 'camwall.db-wal')));
  const stored = registry.db.prepare('SELECT password_secret FROM cameras WHERE id = ?').get(camera.id) as { password_secret: string };
  assert.ok(bytesOfDataFolder(registry.dir).some(([, bytes]) => bytes.includes(Buffer.from(stored.password_secret))), 'the ciphertext is what is stored');
  for (const secret of [...PASSWORDS, `${PASSWORDS[0]}-imported`]) assertAbsent(registry.dir, secret);

  registry.close(); // checkpoints the WAL into the main file
  for (const secret of [...PASSWORDS, `${PASSWORDS[0]}-imported`]) assertAbsent(registry.dir, secret);
});
