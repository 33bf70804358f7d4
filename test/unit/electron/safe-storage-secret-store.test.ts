import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PasswordStorageChoice } from '../../../shared/settings.ts';
import { ValidationError } from '../../../shared/validation.ts';
import { detectKeychain, SafeStorageSecretStore } from '../../../main/electron/safe-storage-secret-store.ts';
import { FakeSafeStorage } from '../../fixtures/electron/fake-electron.ts';

async function open(storage: FakeSafeStorage, platform: NodeJS.Platform, initial: PasswordStorageChoice = 'ask') {
  let choice = initial;
  const store = await SafeStorageSecretStore.open(storage, { platform, choice: () => choice });
  return { store, setChoice: (next: PasswordStorageChoice) => (choice = next) };
}

describe('keychain detection', () => {
  it("trusts safeStorage on macOS and Windows when it is available", async () => {
    assert.deepEqual(await detectKeychain(new FakeSafeStorage({ available: true }), 'darwin'), { available: true, keychain: true, linuxBackend: null });
    assert.deepEqual(await detectKeychain(new FakeSafeStorage({ available: false }), 'win32'), { available: false, keychain: false, linuxBackend: null });
  });

  it('on Linux, counts only a real secret service as a keychain', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      assert.equal((await detectKeychain(new FakeSafeStorage({ available: true, backend }), 'linux')).keychain, true, backend);
    }
    for (const backend of ['basic_text', 'unknown']) {
      const state = await detectKeychain(new FakeSafeStorage({ available: true, backend }), 'linux');
      assert.equal(state.keychain, false, backend);
      assert.equal(state.linuxBackend, backend);
    }
    assert.equal((await detectKeychain(new FakeSafeStorage({ available: false, backend: 'gnome_libsecret' }), 'linux')).keychain, false);
  });
});

describe('the safeStorage secret store', () => {
  it("with a keychain: protection 'os', encrypted by safeStorage, whatever the setting says", async () => {
    const storage = new FakeSafeStorage({ available: true, backend: 'gnome_libsecret' });
    const { store, setChoice } = await open(storage, 'linux', 'never');
    assert.equal(store.protection, 'os');
    const stored = await store.encrypt('hunter2');
    assert.match(stored, /^os:/);
    assert.doesNotMatch(stored, /hunter2/);
    assert.equal(await store.decrypt(stored), 'hunter2');
    setChoice('obfuscated');
    assert.equal(store.protection, 'os');
    assert.equal(storage.encryptCalls, 1);
  });

  it("basic_text, not chosen yet ('ask'): kept for the session only, never written", async () => {
    const storage = new FakeSafeStorage({ available: true, backend: 'basic_text' });
    const { store } = await open(storage, 'linux');
    assert.equal(store.protection, 'session');
    const stored = await store.encrypt('hunter2');
    assert.match(stored, /^session:[0-9a-f-]{36}$/);
    assert.equal(await store.decrypt(stored), 'hunter2');
    assert.equal(storage.encryptCalls, 0);
    const { store: afterRestart } = await open(storage, 'linux');
    await assert.rejects(afterRestart.decrypt(stored), /one session only.*enter it again/);
  });

  it("basic_text, 'obfuscated' chosen: stored with safeStorage's fixed key, readable after a restart", async () => {
    const storage = new FakeSafeStorage({ available: true, backend: 'basic_text' });
    const { store } = await open(storage, 'linux', 'obfuscated');
    assert.equal(store.protection, 'obfuscated');
    const stored = await store.encrypt('hunter2');
    assert.match(stored, /^obf:/);
    const { store: afterRestart } = await open(storage, 'linux', 'obfuscated');
    assert.equal(await afterRestart.decrypt(stored), 'hunter2');
  });

  it("basic_text, 'never' chosen: protection 'none' and a password is refused with a field error", async () => {
    const { store } = await open(new FakeSafeStorage({ available: true, backend: 'basic_text' }), 'linux', 'never');
    assert.equal(store.protection, 'none');
    await assert.rejects(store.encrypt('hunter2'), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.fields.map((f) => f.field), ['password']);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });

  it("encryption unavailable: 'obfuscated' uses Camwall's own fixed key; safeStorage values cannot be read", async () => {
    const storage = new FakeSafeStorage({ available: false });
    const { store, setChoice } = await open(storage, 'win32', 'obfuscated');
    assert.equal(store.protection, 'obfuscated');
    const stored = await store.encrypt('pässwörd');
    assert.match(stored, /^fixed:/);
    assert.doesNotMatch(stored, /pässwörd/);
    assert.equal(await store.decrypt(stored), 'pässwörd');
    await assert.rejects(store.decrypt('os:ZmFrZS1lbmM6MzIx'), /not available now/);
    await assert.rejects(store.decrypt(`${stored.slice(0, -4)}AAAA`), /damaged/);
    setChoice('session');
    assert.equal(store.protection, 'session');
  });

  it('reads what it stored under an earlier choice and refuses foreign values', async () => {
    const storage = new FakeSafeStorage({ available: true, backend: 'basic_text' });
    const { store, setChoice } = await open(storage, 'linux', 'obfuscated');
    const obfuscated = await store.encrypt('one');
    setChoice('session');
    const session = await store.encrypt('two');
    setChoice('never');
    assert.equal(await store.decrypt(obfuscated), 'one');
    assert.equal(await store.decrypt(session), 'two');
    await assert.rejects(store.decrypt('v1:abc:def:ghi'), /form this store did not write/);
    await assert.rejects(store.decrypt('obf:bm90LWZha2U='), /could not decrypt/);
    assert.equal(store.kind, 'electron-safe-storage');
  });
});
