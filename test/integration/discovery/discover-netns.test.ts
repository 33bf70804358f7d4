// `camwall discover` on a real network, but a private one: the CLI runs inside the scanner
// namespace of test/support/netns.ts, the cameras (test/support/axis-responder.ts) inside the
// camera namespace, joined by a veth pair. Real multicast, real UDP and HTTP, and nothing on the
// machine's own network. Needs root and network namespaces (CI has both); skipped otherwise.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DiscoveryReport } from '../../../shared/discovery.ts';
import { CLI_ENTRY } from '../../support/run-cli.ts';
import { CAMERA_ADDRESS, createLan, lanUnavailable, lineFrom, SCANNER_ADDRESS, SECOND_CAMERA_ADDRESS, type Lan } from '../../support/netns.ts';

const RESPONDER = fileURLToPath(new URL('../../support/axis-responder.ts', import.meta.url));
const unavailable = lanUnavailable();
/** A scan takes its timeout plus the HTTP probes; the rest is a loaded machine's slack. */
const CHILD_DEADLINE_MS = 60_000;

type Event = { event: string; from?: string; questions?: string[]; device?: string; path?: string; authorization?: string | null };
type Camera = { child: ChildProcess; events: Event[] };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
after(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function lan(): Promise<Lan> {
  const created = await createLan();
  cleanups.push(() => created.close());
  return created;
}

async function startCameras(network: Lan, flags: string[] = []): Promise<Camera> {
  const child = network.camera.spawn([process.execPath, RESPONDER, ...flags]);
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });
  const events: Event[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let newline;
    while ((newline = pending.indexOf('\n')) !== -1) {
      events.push(JSON.parse(pending.slice(0, newline)) as Event);
      pending = pending.slice(newline + 1);
    }
  });
  await lineFrom(child, (line) => (line.includes('"ready"') ? true : null), 'the camera responder');
  return { child, events };
}

/** Runs `camwall discover` in the scanner namespace, or (network null) in a new, empty one. */
async function discover(network: Lan | null, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = [process.execPath, CLI_ENTRY, 'discover', ...args];
  const child = network !== null ? network.scanner.spawn(command) : spawn('unshare', ['--net', '--', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`camwall discover did not exit within ${CHILD_DEADLINE_MS} ms\n${stdout}\n${stderr}`));
    }, CHILD_DEADLINE_MS);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertTheTwoCameras(report: DiscoveryReport): void {
  assert.deepEqual(report.problems, []);
  assert.deepEqual(report.sent, { mdns: true, wsDiscovery: true });
  assert.equal(report.truncated, false);
  assert.deepEqual(report.devices.map((d) => d.host), [CAMERA_ADDRESS, SECOND_CAMERA_ADDRESS], JSON.stringify(report, null, 1));
  const [axis, other] = report.devices;
  assert.deepEqual(axis, {
    id: 'serial:ACCC8E012345', host: CAMERA_ADDRESS, httpPort: 80, httpsPort: 443, vendor: 'axis', model: 'M3045-V', name: 'AXIS M3045-V', serial: 'ACCC8E012345',
    hostname: 'axis-accc8e012345.local', sources: ['_vapix-http._tcp', '_vapix-https._tcp', '_axis-video._tcp', 'ws-discovery', '_http._tcp'],
    onvifAddresses: [`http://${CAMERA_ADDRESS}/onvif/device_service`, `https://${CAMERA_ADDRESS}/onvif/device_service`],
    scheme: 'http', port: null, kind: 'vapix', http: { status: 401, error: null }, setupNeeded: true,
  });
  assert.deepEqual(other, {
    id: `host:${SECOND_CAMERA_ADDRESS}`, host: SECOND_CAMERA_ADDRESS, httpPort: 8080, httpsPort: null, vendor: null, model: 'AC-100', name: 'Acme Cam', serial: null,
    hostname: null, sources: ['ws-discovery'], onvifAddresses: [`http://${SECOND_CAMERA_ADDRESS}:8080/onvif/device_service`],
    scheme: 'http', port: 8080, kind: 'url', http: { status: 200, error: null }, setupNeeded: false,
  });
}

function assertAskedFromTheNamespace(camera: Camera): void {
  const asked = camera.events.filter((e) => e.event !== 'ready');
  assert.ok(asked.some((e) => e.event === 'mdns-query'), 'no Bonjour query reached the camera');
  assert.ok(asked.some((e) => e.event === 'wsd-probe'), 'no WS-Discovery probe reached the camera');
  for (const event of asked) assert.equal(event.from, SCANNER_ADDRESS, `${event.event} came from ${event.from}, not from the scanner namespace`);
  const requests = asked.filter((e) => e.event === 'http');
  assert.deepEqual(requests.map((e) => `${e.device} ${e.path}`).sort(), ['axis /', 'other /'], 'exactly one GET / per device');
  assert.ok(requests.every((e) => e.authorization === null), 'the probe sent credentials');
}

describe('camwall discover on a private network', { skip: unavailable ?? false, timeout: 240_000 }, () => {
  test('--json finds the Axis camera (four Bonjour services and ONVIF merged) and an ONVIF-only camera, and flags the factory-default one', async () => {
    const network = await lan();
    const camera = await startCameras(network);
    const result = await discover(network, ['--timeout', '2', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assertTheTwoCameras(JSON.parse(result.stdout) as DiscoveryReport);
    assertAskedFromTheNamespace(camera);
  });

  test('records split over answers are asked for; malformed, oversized and foreign answers change nothing', async () => {
    const network = await lan();
    const camera = await startCameras(network, ['--split', '--hostile']);
    const result = await discover(network, ['--timeout', '5', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assertTheTwoCameras(JSON.parse(result.stdout) as DiscoveryReport);
    assertAskedFromTheNamespace(camera);
    const questions = camera.events.flatMap((e) => e.questions ?? []);
    assert.ok(questions.includes('SRV AXIS M3045-V - ACCC8E012345._vapix-http._tcp.local'), questions.join('\n'));
    assert.ok(questions.includes('A axis-accc8e012345.local'), questions.join('\n'));
  });

  test('text output says which camera needs set-up in its own web page', async () => {
    const network = await lan();
    await startCameras(network);
    const result = await discover(network, ['--timeout', '2']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^http://${CAMERA_ADDRESS.replace(/\./g, '\\.')}/ .*AXIS M3045-V .*serial ACCC8E012345 .*NEEDS SET-UP: open http://${CAMERA_ADDRESS.replace(/\./g, '\\.')}/ in a browser`));
    assert.match(lines[1] ?? '', new RegExp(`^http://${SECOND_CAMERA_ADDRESS.replace(/\./g, '\\.')}:8080/ .*Acme Cam .*model AC-100 .*via ONVIF`));
    assert.doesNotMatch(lines[1] ?? '', /SET-UP/);
    assert.match(lines[2] ?? '', /^2 devices found in \d+\.\d s$/);
  });

  test('nothing answering is exit 4 with an explanation; a bad timeout is exit 2 before anything is sent', async () => {
    const network = await lan();
    const quiet = await discover(network, ['--timeout', '1', '--json']);
    assert.equal(quiet.code, 4, quiet.stderr);
    assert.deepEqual((JSON.parse(quiet.stdout) as DiscoveryReport).devices, []);
    const text = await discover(network, ['--timeout', '0.5']);
    assert.equal(text.code, 4);
    assert.match(text.stdout, /no camera answered within/);
    const usage = await discover(network, ['--timeout', '0']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--timeout must be at least 0\.5/);
  });

  test('no network at all (a namespace with nothing up) is exit 5, and says so', async () => {
    const offline = await discover(null, ['--timeout', '0.5', '--json']);
    assert.equal(offline.code, 5, offline.stderr);
    const report = JSON.parse(offline.stdout) as DiscoveryReport;
    assert.deepEqual(report.sent, { mdns: false, wsDiscovery: false });
    assert.ok(report.problems.some((p) => /Bonjour \(mDNS\) query could not be sent \(ENETUNREACH\)/.test(p)), report.problems.join('\n'));
    assert.ok(report.problems.some((p) => /WS-Discovery probe could not be sent \(ENETUNREACH\)/.test(p)), report.problems.join('\n'));
    const text = await discover(null, ['--timeout', '0.5']);
    assert.equal(text.code, 5);
    assert.match(text.stdout, /no network connection/);
  });
});
