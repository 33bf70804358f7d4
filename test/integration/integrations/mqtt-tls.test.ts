// mqtts:// against Mosquitto with a self-signed certificate: trusted through its CA file, or
// through a pinned SHA-256 fingerprint; refused without either, and with a wrong pin refused
// BEFORE the CONNECT packet (which carries the password) is sent: the broker never sees our user.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSelfSignedCertificate } from '../../support/self-signed.ts';
import { APP_PASSWORD, APP_USER, startBroker } from '../../support/mosquitto.ts';
import { waitFor } from '../../support/wait-for.ts';
import { call, collect, openTestCore, tempDir } from '../recording-app/helpers.ts';
import type { MqttSettings } from '../../../shared/integrations.ts';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('mqtts: a CA file or a pinned fingerprint connects; neither, or a wrong pin, is refused before the password is sent', { timeout: 120_000 }, async () => {
  const cert = await makeSelfSignedCertificate('camwall-test-broker');
  const broker = await startBroker('camwall', cert);
  cleanups.push(() => broker.stop());
  const dir = tempDir('mqtt-tls');
  cleanups.push(() => dir.remove());
  const core = await openTestCore(dir.path);
  cleanups.push(() => core.close());
  await call(core, 'mqtt.setPassword', { password: APP_PASSWORD });
  const url = `mqtts://127.0.0.1:${broker.tlsPort}`;
  const base = { enabled: true, url, username: APP_USER };
  // Each attempt waits for a state pushed after its own settings change, never a stale one.
  const pushes = collect(core, 'mqtt.status');
  const attempt = async (mqtt: Partial<MqttSettings>, want: 'connected' | 'error', message = /./) => {
    const from = pushes.length;
    await call(core, 'settings.set', { patch: { mqtt: { ...base, ...mqtt } } });
    return waitFor(() => pushes.slice(from).find((p) => p.status.state === want && (want === 'connected' || message.test(p.status.message ?? '')))?.status, {
      what: `mqtts ${JSON.stringify(mqtt)} → ${want} ${message} (pushed: ${JSON.stringify(pushes.slice(from).map((p) => [p.status.state, p.status.message]))})`,
    });
  };

  await attempt({}, 'error', /certificate is not trusted .*CA file or pin its fingerprint/);

  const wrongPin = 'AA:'.repeat(31) + 'AA';
  await attempt({ fingerprint256: wrongPin }, 'error', new RegExp(`SHA-256 ${cert.fingerprint256}\\) is not the pinned one; nothing was sent`));
  assert.doesNotMatch(broker.log(), new RegExp(`u'${APP_USER}'`), 'the broker never saw our CONNECT (user and password)');

  await attempt({ caFile: broker.caFile }, 'connected');
  await attempt({ fingerprint256: cert.fingerprint256.replace(/:/g, '').toLowerCase() }, 'connected');
  assert.match(broker.log(), new RegExp(`u'${APP_USER}'`));
});
