import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestRegistry, dump } from './helpers.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { ValidationError } from '../../../shared/validation.ts';

test('settings read as defaults until set, and a set keeps the other keys', async (t) => {
  const registry = await openTestRegistry(t);
  assert.deepEqual(registry.settings.getAll(), DEFAULT_SETTINGS);
  const after = registry.settings.set({ stallTimeoutS: 20, recordingsDir: '/srv/camwall' });
  assert.equal(after.stallTimeoutS, 20);
  assert.equal(after.recordingsDir, '/srv/camwall');
  registry.settings.set({ notifyOnOffline: false });
  assert.equal(registry.settings.get('stallTimeoutS'), 20, 'not reset by a later patch');
  assert.equal(registry.settings.get('notifyOnOffline'), false);
  assert.deepEqual(registry.seen.map((c) => (c.entity === 'settings' ? c.keys : null)), [['recordingsDir', 'stallTimeoutS'], ['notifyOnOffline']]);
  registry.close();
  const reopened = await openTestRegistry(t, registry.dir);
  assert.equal(reopened.settings.get('recordingsDir'), '/srv/camwall');
});

test('invalid settings are refused with the key and change nothing', async (t) => {
  const registry = await openTestRegistry(t);
  registry.settings.set({ stallTimeoutS: 30 });
  const before = dump(registry);
  for (const [patch, message] of [
    [{ stallTimeoutS: 1, notifyOnOffline: false }, /stallTimeoutS: must be an integer from 2 to 300 seconds/],
    [{ recordingsDir: 'relative/dir' }, /recordingsDir: must be a full folder path \(such as \/srv\/camwall or D:\\Recordings\); leave it empty for the default folder/],
    [{ globalRetentionGb: -5 }, /globalRetentionGb: must be a number of GB/],
    [{ newCameraDefaults: { recordMode: 'scheduled' } }, /newCameraDefaults\.recordMode: must be 'off' or 'continuous'/],
    [{ theme: 'dark' }, /theme: is not a known field/],
  ] as const) {
    assert.throws(() => registry.settings.set(patch as never), (error: unknown) => error instanceof ValidationError && message.test(error.message), JSON.stringify(patch));
  }
  assert.deepEqual(dump(registry), before);
});

test('a stored value that no longer fits the schema reads as the default', async (t) => {
  const registry = await openTestRegistry(t);
  registry.db.prepare("INSERT INTO settings (key, value) VALUES ('stallTimeoutS', '\"ten\"'), ('removedKey', '1'), ('notifyOnOffline', 'not json')").run();
  assert.deepEqual(registry.settings.getAll(), DEFAULT_SETTINGS);
});
