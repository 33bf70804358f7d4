// cameras.discover over the browser shell's WebSocket: the argument's bounds, the default
// timeout, and one scan at a time across clients. The scan itself is replaced here (it is tested
// on a real network of namespaces in test/integration/discovery/); this is the API around it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Serving } from '../../../main/server/serve.ts';
import { DEFAULT_DISCOVERY_TIMEOUT_MS, MAX_DISCOVERY_TIMEOUT_MS, type DiscoveryReport } from '../../../shared/discovery.ts';
import { waitFor } from '../../support/wait-for.ts';
import { startServe, tempDir, TestClient } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let serving: Serving;
const scans: Array<{ timeoutMs: number; finish: (report: DiscoveryReport) => void }> = [];

const report = (host: string): DiscoveryReport => ({
  devices: [
    {
      id: `host:${host}`, host, scheme: 'http', port: null, httpPort: 80, httpsPort: null, vendor: 'axis', model: 'M3045-V', name: 'AXIS M3045-V',
      serial: null, hostname: null, kind: 'vapix', sources: ['_axis-video._tcp'], onvifAddresses: [], http: { status: 401, error: null }, setupNeeded: true,
    },
  ],
  truncated: false,
  durationMs: 1,
  problems: [],
  sent: { mdns: true, wsDiscovery: true },
});

before(async () => {
  dir = tempDir('api-discover');
  serving = await startServe(dir.path, {
    discoverCameras: (timeoutMs) => new Promise((resolve) => scans.push({ timeoutMs, finish: resolve })),
  });
});

after(async () => {
  await serving?.close();
  dir?.remove();
});

describe('cameras.discover', () => {
  test('refuses a timeout out of bounds, naming the field, without scanning', async () => {
    const client = await TestClient.connect(serving);
    try {
      for (const timeoutMs of [10, MAX_DISCOVERY_TIMEOUT_MS + 1, 1.5, '3000']) {
        const result = await client.call('cameras.discover', { timeoutMs });
        assert.equal(result.ok, false);
        assert.ok(!result.ok && result.error.code === 'invalid-argument', JSON.stringify(result));
        assert.deepEqual(!result.ok && result.error.fields?.map((f: { field: string }) => f.field), ['timeoutMs']);
      }
      assert.equal(scans.length, 0);
    } finally {
      client.close();
    }
  });

  test('one scan at a time: a second client during a scan gets the same report; the next call scans again', async () => {
    const first = await TestClient.connect(serving);
    const second = await TestClient.connect(serving);
    try {
      const a = first.value('cameras.discover', { timeoutMs: 1_000 });
      await waitFor(() => scans.length === 1, { what: 'the first scan to start' });
      const b = second.value('cameras.discover', {});
      // The second call reaches the core before the scan ends (a ping round trip proves it).
      await second.value('app.info');
      assert.equal(scans.length, 1, 'a second scan started while one was running');
      assert.equal(scans[0]?.timeoutMs, 1_000);
      scans[0]?.finish(report('192.0.2.10'));
      assert.deepEqual(await a, report('192.0.2.10'));
      assert.deepEqual(await b, report('192.0.2.10'));

      const c = first.value('cameras.discover');
      await waitFor(() => scans.length === 2, { what: 'a new scan after the first ended' });
      assert.equal(scans[1]?.timeoutMs, DEFAULT_DISCOVERY_TIMEOUT_MS);
      scans[1]?.finish(report('192.0.2.11'));
      assert.equal((await c).devices[0].host, '192.0.2.11');
    } finally {
      first.close();
      second.close();
    }
  });
});
