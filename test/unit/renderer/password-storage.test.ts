// When the renderer offers the password storage choice, asks for it, and keeps a notice up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppInfo, SecretProtection } from '../../../shared/api/calls.ts';
import { DEFAULT_SETTINGS, type PasswordStorageChoice } from '../../../shared/settings.ts';
import { asksForPasswordChoice, offersPasswordChoice, persistentNotice, STORAGE_CHOICES } from '../../../renderer/shell/password-storage.ts';

function info(shell: AppInfo['shell'], protection: SecretProtection): AppInfo {
  return {
    name: 'Camwall',
    version: 'test',
    shell,
    platform: 'linux',
    secretStore: { protection, description: '' },
    demo: false,
    recording: true,
    paths: { data: '/data', recordings: '/data/recordings' },
    storage: { state: 'ok', startedFull: false, message: null, warnings: [] },
  };
}
const settings = (passwordStorage: PasswordStorageChoice) => ({ ...DEFAULT_SETTINGS, passwordStorage });
const withPassword = [{ hasPassword: false }, { hasPassword: true }];

describe('offersPasswordChoice', () => {
  it('offers it in the Electron shell where no OS keychain protects passwords', () => {
    for (const protection of ['session', 'obfuscated', 'none'] as const) assert.equal(offersPasswordChoice(info('electron', protection)), true, protection);
  });
  it('does not offer it with a keychain, in the browser shell (key file), or before app.info is known', () => {
    assert.equal(offersPasswordChoice(info('electron', 'os')), false);
    assert.equal(offersPasswordChoice(info('browser', 'key-file')), false);
    assert.equal(offersPasswordChoice(null), false);
  });
  it('lists the three choices the setting takes besides ask', () => {
    assert.deepEqual(STORAGE_CHOICES.map((c) => c.value), ['never', 'session', 'obfuscated']);
  });
});

describe('asksForPasswordChoice', () => {
  it('asks once a password is typed, while the setting is still ask', () => {
    assert.equal(asksForPasswordChoice(info('electron', 'session'), settings('ask'), true), true);
    assert.equal(asksForPasswordChoice(info('electron', 'session'), settings('ask'), false), false);
  });
  it('does not ask again once chosen, nor where the choice does not apply', () => {
    assert.equal(asksForPasswordChoice(info('electron', 'session'), settings('session'), true), false);
    assert.equal(asksForPasswordChoice(info('electron', 'obfuscated'), settings('obfuscated'), true), false);
    assert.equal(asksForPasswordChoice(info('electron', 'os'), settings('ask'), true), false);
    assert.equal(asksForPasswordChoice(info('browser', 'key-file'), settings('ask'), true), false);
    assert.equal(asksForPasswordChoice(info('electron', 'session'), null, true), false);
  });
});

describe('persistentNotice', () => {
  it('keeps a notice up while saved passwords are only obfuscated or kept for the session', () => {
    assert.equal(persistentNotice(info('electron', 'obfuscated'), withPassword), 'obfuscated');
    assert.equal(persistentNotice(info('electron', 'session'), withPassword), 'session');
  });
  it('shows none when no camera has a password, with a keychain, when not saving, or in the browser shell', () => {
    assert.equal(persistentNotice(info('electron', 'obfuscated'), [{ hasPassword: false }]), null);
    assert.equal(persistentNotice(info('electron', 'os'), withPassword), null);
    assert.equal(persistentNotice(info('electron', 'none'), withPassword), null);
    assert.equal(persistentNotice(info('browser', 'key-file'), withPassword), null);
  });
});
