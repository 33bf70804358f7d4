// What the settings page reads back right after saving: the API's re-stream status answers once the
// listener has applied the saved settings and password, not while the old one is being replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServe, tempDir, TestClient } from '../api/helpers.ts';
import { RESTREAM_PASSWORD, RESTREAM_USER } from './helpers.ts';

test('restream.setPassword and restream.status answer with the listener that matches what was just saved', async () => {
  const dir = tempDir('restream-status');
  const serving = await startServe(dir.path);
  const client = await TestClient.connect(serving);
  try {
    const restream = { enabled: true, host: '127.0.0.1', port: 0, user: RESTREAM_USER, auth: 'digest' };
    await client.value('settings.set', { patch: { restream } });
    const noPassword = await client.value('restream.status');
    assert.equal(noPassword.listening, false);
    assert.match(noPassword.error ?? '', /no password is set/);

    const afterPassword = await client.value('restream.setPassword', { password: RESTREAM_PASSWORD });
    assert.equal(afterPassword.listening, true, JSON.stringify(afterPassword));
    assert.ok(afterPassword.port > 0);
    assert.equal(afterPassword.error, null);

    await client.value('settings.set', { patch: { restream: { ...restream, enabled: false } } });
    const off = await client.value('restream.status');
    assert.equal(off.listening, false, JSON.stringify(off));
    assert.equal(off.port, null);
    await client.value('settings.set', { patch: { restream } });
    const on = await client.value('restream.status');
    assert.equal(on.listening, true, JSON.stringify(on));
  } finally {
    client.close();
    await serving.close();
    dir.remove();
  }
});
