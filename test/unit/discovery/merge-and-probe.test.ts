// The merge of Bonjour and ONVIF views into devices, and the one HTTP request per device against
// real servers on 127.0.0.1: the AXIS-Setup header of a factory-default Axis device, a device
// that answers normally, one that never answers, and one that refuses the connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from '../../../main/base/clock.ts';
import { discoverCameras } from '../../../main/discovery/discover.ts';
import { probeHttp } from '../../../main/discovery/http-probe.ts';
import { MAX_DISCOVERED_DEVICES } from '../../../main/discovery/limits.ts';
import { mergeSightings, type Sighting } from '../../../main/discovery/sighting.ts';

const sighting = (overrides: Partial<Sighting>): Sighting => ({
  host: '192.0.2.10', httpPort: null, httpsPort: null, vendor: null, name: null, model: null, serial: null, hostname: null, source: 'ws-discovery', onvifAddresses: [], ...overrides,
});

describe('merging sightings', () => {
  test('three views of one Axis camera are one device; Bonjour\'s VAPIX names win over ONVIF\'s', () => {
    const { devices, truncated } = mergeSightings([
      sighting({ source: 'ws-discovery', httpPort: 80, httpsPort: 443, vendor: 'axis', name: 'AXIS M3045-V (onvif)', model: 'M3045-V', onvifAddresses: ['http://192.0.2.10/onvif/device_service'] }),
      sighting({ source: '_axis-video._tcp', httpPort: 80, vendor: 'axis', name: 'AXIS M3045-V', model: 'M3045-V', serial: 'ACCC8E012345', hostname: 'axis-accc8e012345.local' }),
      sighting({ source: '_vapix-https._tcp', httpsPort: 443, vendor: 'axis', name: 'AXIS M3045-V', model: 'M3045-V', serial: 'ACCC8E012345' }),
    ]);
    assert.equal(truncated, false);
    assert.deepEqual(devices, [
      {
        id: 'serial:ACCC8E012345', host: '192.0.2.10', httpPort: 80, httpsPort: 443, vendor: 'axis', model: 'M3045-V', name: 'AXIS M3045-V', serial: 'ACCC8E012345',
        hostname: 'axis-accc8e012345.local', sources: ['_vapix-https._tcp', '_axis-video._tcp', 'ws-discovery'], onvifAddresses: ['http://192.0.2.10/onvif/device_service'],
        scheme: 'http', port: null, kind: 'vapix', http: null, setupNeeded: false,
      },
    ]);
  });

  test('the same serial on two addresses is one device; different addresses without a serial are two', () => {
    const { devices } = mergeSightings([
      sighting({ host: '192.0.2.10', source: '_vapix-http._tcp', serial: 'ACCC8E012345', httpPort: 80 }),
      sighting({ host: '169.254.1.2', source: '_axis-video._tcp', serial: 'ACCC8E012345', httpPort: 80 }),
      sighting({ host: '192.0.2.9', httpPort: 8080 }),
    ]);
    assert.deepEqual(devices.map((d) => [d.host, d.port, d.kind]), [['192.0.2.9', 8080, 'url'], ['192.0.2.10', null, 'url']]);
  });

  test('two devices that claim one serial keep distinct ids', () => {
    const { devices } = mergeSightings([
      sighting({ host: '192.0.2.1', source: '_vapix-http._tcp' }),
      sighting({ host: '192.0.2.2', source: '_vapix-http._tcp', serial: 'ACCC8E000001' }),
      sighting({ host: '192.0.2.1', source: 'ws-discovery', serial: 'ACCC8E000001' }),
    ]);
    assert.deepEqual(devices.map((d) => d.id), ['serial:ACCC8E000001', 'host:192.0.2.2']);
  });

  test('https only when nothing is offered over http; a non-default port is kept', () => {
    const [device] = mergeSightings([sighting({ source: '_vapix-https._tcp', httpsPort: 8443, vendor: 'axis' })]).devices;
    assert.equal(device?.scheme, 'https');
    assert.equal(device?.port, 8443);
  });

  test('more devices than MAX_DISCOVERED_DEVICES: the report is cut and says so', () => {
    const many = Array.from({ length: MAX_DISCOVERED_DEVICES + 5 }, (_, i) => sighting({ host: `10.0.${Math.floor(i / 250)}.${i % 250}` }));
    const { devices, truncated } = mergeSightings(many);
    assert.equal(devices.length, MAX_DISCOVERED_DEVICES);
    assert.equal(truncated, true);
    assert.equal(devices[1]?.host, '10.0.0.1', 'sorted by address, numerically');
  });
});

describe('the HTTP probe', () => {
  let server: Server;
  let silent: Server;
  const requests: Array<{ path: string | undefined; headers: IncomingHttpHeaders }> = [];
  const held: Socket[] = [];
  let port = 0;
  let silentPort = 0;
  before(async () => {
    server = createServer((request, response) => {
      requests.push({ path: request.url, headers: request.headers });
      response.writeHead(401, { 'AXIS-Setup': 'vapix', 'WWW-Authenticate': 'Digest realm="AXIS"' });
      response.end('body that is never read');
    });
    silent = createServer(() => {});
    silent.on('connection', (socket) => held.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    silentPort = (silent.address() as AddressInfo).port;
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => silent.close(resolve));
  });

  test('a factory-default Axis device (AXIS-Setup: vapix) is flagged; one GET / without credentials', async () => {
    requests.length = 0;
    assert.deepEqual(await probeHttp({ host: '127.0.0.1', scheme: 'http', port }, 5_000, systemClock), { status: 401, error: null, setupNeeded: true });
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.path, '/');
    assert.equal(requests[0]?.headers.authorization, undefined);
  });

  test('a device that answers without the header is not flagged', async () => {
    const plain = createServer((_request, response) => response.writeHead(200, { server: 'Acme' }).end('<html>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await probeHttp({ host: '127.0.0.1', scheme: 'http', port: (plain.address() as AddressInfo).port }, 5_000, systemClock);
      assert.deepEqual(answer, { status: 200, error: null, setupNeeded: false });
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  test('a device that does not answer in time, and one that refuses, say so', async () => {
    const started = performance.now();
    assert.deepEqual(await probeHttp({ host: '127.0.0.1', scheme: 'http', port: silentPort }, 300, systemClock), { status: null, error: 'no answer within 300 ms', setupNeeded: false });
    assert.ok(performance.now() - started < 5_000);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual(await probeHttp({ host: '127.0.0.1', scheme: 'http', port: closedPort }, 5_000, systemClock), { status: null, error: 'connection refused', setupNeeded: false });
  });

  test('discoverCameras probes every merged device once and puts the answers in the report', async () => {
    requests.length = 0;
    const report = await discoverCameras({
      timeoutMs: 1,
      mdns: async () => ({ sightings: [sighting({ host: '127.0.0.1', httpPort: port, source: '_axis-video._tcp', vendor: 'axis' })], problems: [], sent: true }),
      wsDiscovery: async () => ({ sightings: [sighting({ host: '127.0.0.1', httpPort: port })], problems: ['ONVIF WS-Discovery could not run (EPERM).', 'ONVIF WS-Discovery could not run (EPERM).'], sent: false }),
    });
    assert.equal(report.devices.length, 1);
    assert.deepEqual(report.devices[0]?.http, { status: 401, error: null });
    assert.equal(report.devices[0]?.setupNeeded, true);
    assert.equal(requests.length, 1, 'one request per device, not per view');
    assert.deepEqual(report.problems, ['ONVIF WS-Discovery could not run (EPERM).'], 'the same problem twice is said once');
    assert.deepEqual(report.sent, { mdns: true, wsDiscovery: false });
  });
});
