import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestRegistry } from '../registry/helpers.ts';
import { adoptLegacyPasswordFile, LEGACY_MQTT_PASSWORD_FILE, MQTT_PASSWORD_SECRET, MqttPasswordStore } from '../../../main/integrations/mqtt/mqtt-password.ts';

const PASSWORD = 'broker-canary-73';

test('the MQTT password is kept in the registry\'s secrets table, as the re-stream password is', async (t) => {
  const registry = await openTestRegistry(t);
  const store = new MqttPasswordStore(registry.namedSecrets);
  assert.equal(store.has(), false);
  await store.set(PASSWORD);
  assert.equal(store.has(), true);
  assert.equal(await registry.namedSecrets.get(MQTT_PASSWORD_SECRET), PASSWORD);
  assert.equal(await store.get(), PASSWORD);
  assert.equal(existsSync(join(registry.dir, LEGACY_MQTT_PASSWORD_FILE)), false, 'no file of its own');
  registry.close();
  assert.ok(!readFileSync(join(registry.dir, 'camwall.db')).includes(PASSWORD), 'only ciphertext in the database');
});

test('a password an earlier build kept in mqtt-password.json moves into the secrets table once, and the file goes', async (t) => {
  const registry = await openTestRegistry(t);
  const file = join(registry.dir, LEGACY_MQTT_PASSWORD_FILE);
  // The file exactly as the earlier MqttPasswordStore wrote it.
  writeFileSync(file, JSON.stringify({ store: registry.secrets.kind, secret: await registry.secrets.encrypt(PASSWORD) }), { mode: 0o600 });
  const logs: string[] = [];
  adoptLegacyPasswordFile(registry.dir, registry.namedSecrets, (line) => logs.push(line));
  assert.equal(existsSync(file), false);
  assert.equal(logs.length, 0, logs.join('\n'));
  assert.equal(await new MqttPasswordStore(registry.namedSecrets).get(), PASSWORD);
  adoptLegacyPasswordFile(registry.dir, registry.namedSecrets, (line) => logs.push(line)); // no file: nothing to do
  assert.equal(await registry.namedSecrets.get(MQTT_PASSWORD_SECRET), PASSWORD);
});

test('a password already in the table wins over a stale file; a damaged file is removed with a log line', async (t) => {
  const registry = await openTestRegistry(t);
  const file = join(registry.dir, LEGACY_MQTT_PASSWORD_FILE);
  await registry.namedSecrets.set(MQTT_PASSWORD_SECRET, 'the-newer-one');
  writeFileSync(file, JSON.stringify({ store: registry.secrets.kind, secret: await registry.secrets.encrypt(PASSWORD) }), { mode: 0o600 });
  const logs: string[] = [];
  adoptLegacyPasswordFile(registry.dir, registry.namedSecrets, (line) => logs.push(line));
  assert.equal(await registry.namedSecrets.get(MQTT_PASSWORD_SECRET), 'the-newer-one');
  assert.equal(existsSync(file), false);

  await registry.namedSecrets.set(MQTT_PASSWORD_SECRET, null);
  writeFileSync(file, '{not json', { mode: 0o600 });
  adoptLegacyPasswordFile(registry.dir, registry.namedSecrets, (line) => logs.push(line));
  assert.equal(existsSync(file), false);
  assert.equal(registry.namedSecrets.has(MQTT_PASSWORD_SECRET), false);
  assert.match(logs.join('\n'), /mqtt-password\.json is damaged.*Settings → MQTT/);
});

test('a password saved by another secret store says so and what to do', async (t) => {
  const registry = await openTestRegistry(t);
  registry.namedSecrets.adopt(MQTT_PASSWORD_SECRET, 'opaque', 'electron-safe-storage');
  await assert.rejects(new MqttPasswordStore(registry.namedSecrets).get(), /MQTT broker password cannot be read.*'electron-safe-storage' secret store.*Settings → MQTT/);
});

test('a legacy file that cannot be moved (the registry refuses the write) stays for the next start, and the start goes on', async (t) => {
  const registry = await openTestRegistry(t);
  const file = join(registry.dir, LEGACY_MQTT_PASSWORD_FILE);
  writeFileSync(file, JSON.stringify({ store: registry.secrets.kind, secret: await registry.secrets.encrypt(PASSWORD) }), { mode: 0o600 });
  const secrets = registry.namedSecrets;
  registry.close(); // as a registry whose writes fail
  const logs: string[] = [];
  assert.doesNotThrow(() => adoptLegacyPasswordFile(registry.dir, secrets, (line) => logs.push(line)));
  assert.equal(existsSync(file), true);
  assert.match(logs.join('\n'), /could not move the broker password.*next start/);
});
