// The password choice end to end through the real core: app.info reports the protection level
// the renderer warns about, the setting changes it at once, and 'never' refuses a password
// with a field error the camera form can show.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AppInfo } from '../../../shared/api/calls.ts';
import { SafeStorageSecretStore } from '../../../main/electron/safe-storage-secret-store.ts';
import { openCore, type CamwallCore } from '../../../main/service/core.ts';
import { FakeSafeStorage } from '../../fixtures/electron/fake-electron.ts';

const dir = mkdtempSync(join(tmpdir(), 'camwall-secret-choice-'));
let core: CamwallCore;
const context = { shell: 'electron' as const, caller: 'test' };

before(async () => {
  let running: CamwallCore | null = null;
  const secrets = await SafeStorageSecretStore.open(new FakeSafeStorage({ available: true, backend: 'basic_text' }), {
    platform: 'linux',
    choice: () => running?.registry.settings.get('passwordStorage') ?? 'ask',
  });
  core = running = await openCore({ dataDir: dir, shell: 'electron', version: '0.0.0-test', secrets });
});
after(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function protection(): Promise<AppInfo['secretStore']> {
  const result = await core.dispatch('app.info', {}, context);
  assert.ok(result.ok);
  return (result.value as AppInfo).secretStore;
}

describe('the password choice through the core', () => {
  it("reports 'session' until the user chooses, then follows the setting", async () => {
    assert.equal((await protection()).protection, 'session');
    assert.equal((await core.dispatch('settings.set', { patch: { passwordStorage: 'obfuscated' } }, context)).ok, true);
    const info = await protection();
    assert.equal(info.protection, 'obfuscated');
    assert.match(info.description, /obfuscated/);
  });

  it("refuses a camera password under 'never' with an error on the password field, and accepts one without", async () => {
    assert.equal((await core.dispatch('settings.set', { patch: { passwordStorage: 'never' } }, context)).ok, true);
    assert.equal((await protection()).protection, 'none');
    const camera = { name: 'Door', host: '192.0.2.10', username: 'root', password: 'hunter2', enabled: false };
    const refused = await core.dispatch('cameras.add', { camera }, context);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.code, 'invalid-argument');
      assert.deepEqual(refused.error.fields?.map((f) => f.field), ['camera.password']);
      assert.doesNotMatch(JSON.stringify(refused), /hunter2/);
    }
    const accepted = await core.dispatch('cameras.add', { camera: { ...camera, password: undefined } }, context);
    assert.equal(accepted.ok, true, JSON.stringify(accepted));
  });

  it('rejects a value the setting does not know', async () => {
    const result = await core.dispatch('settings.set', { patch: { passwordStorage: 'plain-text' } }, context);
    assert.equal(result.ok, false);
  });
});
