import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { KeyFileSecretStore, KEY_BYTES, SECRET_KEY_FILE_NAME } from '../../../main/registry/key-file-secret-store.ts';

const posix = process.platform !== 'win32';

test('the key file is created with mode 0600 and 32 random bytes, and reused', async (t) => {
  const dir = join(tempDir(t), 'data');
  const store = await KeyFileSecretStore.open(dir);
  const keyFile = join(dir, SECRET_KEY_FILE_NAME);
  assert.equal(store.keyFile, keyFile);
  if (posix) assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const key = readFileSync(keyFile);
  assert.equal(key.length, KEY_BYTES);
  const stored = await store.encrypt('pässwörd 🔑');
  const again = await KeyFileSecretStore.open(dir);
  assert.deepEqual(readFileSync(keyFile), key, 'the second open keeps the key');
  assert.equal(await again.decrypt(stored), 'pässwörd 🔑');
});

test('values are versioned, randomised and do not contain the plain text', async (t) => {
  const store = await KeyFileSecretStore.open(tempDir(t));
  const a = await store.encrypt('hunter2');
  const b = await store.encrypt('hunter2');
  assert.match(a, /^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b, 'a fresh IV every time');
  assert.equal(a.includes('hunter2'), false);
  assert.equal(await store.decrypt(b), 'hunter2');
  assert.equal(await store.decrypt(await store.encrypt('')), '');
});

test('a tampered value, a value from another key and an unknown format fail clearly', async (t) => {
  const store = await KeyFileSecretStore.open(tempDir(t));
  const other = await KeyFileSecretStore.open(tempDir(t));
  const stored = await store.encrypt('secret');
  const [version, iv, tag, ciphertext] = stored.split(':') as [string, string, string, string];
  const flipped = Buffer.from(ciphertext, 'base64');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  await assert.rejects(store.decrypt([version, iv, tag, flipped.toString('base64')].join(':')), /it was altered, or encrypted with another key/);
  await assert.rejects(other.decrypt(stored), /it was altered, or encrypted with another key/);
  await assert.rejects(store.decrypt(`v9:${iv}:${tag}:${ciphertext}`), /unknown format \(version 'v9'\)/);
  await assert.rejects(store.decrypt('plain password'), /unknown format/);
  await assert.rejects(store.decrypt(`v1:AAAA:${tag}:${ciphertext}`), /wrong length/);
  const message = await store.decrypt('plain password').catch((e: Error) => e.message);
  assert.equal(message.includes('plain password'), false, 'the stored value is not echoed');
});

test('a key file readable by group or others is refused with the fix', { skip: !posix && 'mode bits are POSIX only' }, async (t) => {
  const dir = tempDir(t);
  await KeyFileSecretStore.open(dir);
  const keyFile = join(dir, SECRET_KEY_FILE_NAME);
  for (const mode of [0o640, 0o604, 0o620]) {
    chmodSync(keyFile, mode);
    await assert.rejects(KeyFileSecretStore.open(dir), (error: Error) => {
      assert.ok(error.message.includes(keyFile));
      assert.ok(error.message.includes(`mode 0${mode.toString(8)}`));
      assert.ok(error.message.includes(`chmod 600 '${keyFile}'`));
      return true;
    });
  }
  chmodSync(keyFile, 0o600);
  await KeyFileSecretStore.open(dir);
});

test('a key file of the wrong size is refused as damaged', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, SECRET_KEY_FILE_NAME), Buffer.alloc(16), { mode: 0o600 });
  await assert.rejects(KeyFileSecretStore.open(dir), /is 16 bytes instead of 32: it is damaged/);
});

test('two stores opening a new data folder at once agree on one key', async (t) => {
  const dir = tempDir(t);
  const stores = await Promise.all(Array.from({ length: 8 }, () => KeyFileSecretStore.open(dir)));
  const stored = await stores[0]!.encrypt('shared');
  for (const store of stores) assert.equal(await store.decrypt(stored), 'shared');
});
