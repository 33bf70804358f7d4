// Every call of the contract over a real WebSocket against the browser shell: the accept branch
// with its effect checked in the SQLite file (through a second, read-only connection), and the
// reject branch with an error that names the offending field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { CALL_NAMES } from '../../../shared/api/calls.ts';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import type { Serving } from '../../../main/server/serve.ts';
import { DATABASE_FILE_NAME } from '../../../main/registry/registry.ts';
import { simulatedCamera, startServe, tempDir, TestClient } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let simulator: Simulator;
let serving: Serving;
let client: TestClient;
const covered = new Set<string>();

function row(sql: string, ...params: unknown[]): any {
  const db = new BetterSqlite3(join(dir.path, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db.prepare(sql).get(...params);
  } finally {
    db.close();
  }
}

async function rejects(name: string, args: unknown, field: string): Promise<void> {
  const result = await client.call(name, args);
  assert.equal(result.ok, false, `${name} accepted ${JSON.stringify(args)}`);
  if (result.ok) return;
  assert.equal(result.error.code, 'invalid-argument', `${name}: ${result.error.message}`);
  assert.ok(result.error.fields?.some((f) => f.field === field), `${name}: expected a field error on '${field}', got ${JSON.stringify(result.error.fields)}`);
  assert.doesNotMatch(result.error.message, /\n\s+at /, 'no stack trace in the message');
  covered.add(name);
}

before(async () => {
  dir = tempDir('api-calls');
  simulator = await startSimulator({ cameras: 3, fps: 10, resolution: '320x240' });
  serving = await startServe(dir.path);
  client = await TestClient.connect(serving);
});

after(async () => {
  client?.close();
  await serving?.close();
  await simulator?.close();
  dir?.remove();
});

describe('calls over the WebSocket', () => {
  let cameraId = '';
  let secondId = '';

  test('app.info reports the shell and how passwords are protected', async () => {
    const info = await client.value('app.info');
    assert.equal(info.shell, 'browser');
    assert.equal(info.secretStore.protection, 'key-file');
    assert.match(info.secretStore.description, /key file/);
    assert.deepEqual(info.paths, { data: dir.path, recordings: join(dir.path, 'recordings') });
    await rejects('app.info', { extra: 1 }, 'extra');
  });

  test('cameras.add stores the camera, the password only encrypted', async () => {
    const camera = await client.value('cameras.add', { camera: { ...simulatedCamera(simulator.port, 1, 'Door'), username: 'viewer', password: 'hunter2-secret' } });
    cameraId = camera.id;
    assert.equal(camera.name, 'Door');
    assert.equal(camera.hasPassword, true);
    assert.equal('password' in camera, false, 'the password never comes back');
    const stored = row('SELECT name, port, password_secret FROM cameras WHERE id = ?', cameraId);
    assert.equal(stored.name, 'Door');
    assert.equal(stored.port, simulator.port);
    assert.ok(stored.password_secret && !String(stored.password_secret).includes('hunter2-secret'));
    await rejects('cameras.add', { camera: { ...simulatedCamera(simulator.port, 1), port: 70000 } }, 'camera.port');
    await rejects('cameras.add', { camera: { name: 'No host' } }, 'camera.host');
    await rejects('cameras.add', {}, 'camera');
    assert.equal(row('SELECT count(*) AS n FROM cameras').n, 1, 'a rejected add changes nothing');
  });

  test('cameras.list and cameras.get', async () => {
    const second = await client.value('cameras.add', { camera: simulatedCamera(simulator.port, 2, 'Yard') });
    secondId = second.id;
    const list = await client.value('cameras.list');
    assert.deepEqual(list.map((c: { id: string }) => c.id), [cameraId, secondId]);
    assert.equal((await client.value('cameras.get', { id: secondId })).name, 'Yard');
    const missing = await client.call('cameras.get', { id: 'cam-nothere1' });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.error.code, 'not-found');
    await rejects('cameras.list', { verbose: true }, 'verbose');
    await rejects('cameras.get', { id: 42 }, 'id');
  });

  test('cameras.update changes only the fields in the patch', async () => {
    const updated = await client.value('cameras.update', { id: cameraId, patch: { name: 'Front door' } });
    assert.equal(updated.name, 'Front door');
    assert.equal(updated.hasPassword, true, 'the password is kept');
    assert.equal(updated.resolution, '320x240', 'other fields are kept, not reset to defaults');
    assert.equal(row('SELECT name FROM cameras WHERE id = ?', cameraId).name, 'Front door');
    await rejects('cameras.update', { id: cameraId, patch: { fps: 0 } }, 'patch.fps');
    await rejects('cameras.update', { id: cameraId, patch: { colour: 'red' } }, 'patch.colour');
    await rejects('cameras.update', { patch: {} }, 'id');
    assert.equal(row('SELECT name FROM cameras WHERE id = ?', cameraId).name, 'Front door');
  });

  test('cameras.reorder', async () => {
    const list = await client.value('cameras.reorder', { ids: [secondId, cameraId] });
    assert.deepEqual(list.map((c: { id: string }) => c.id), [secondId, cameraId]);
    assert.equal(row('SELECT position FROM cameras WHERE id = ?', secondId).position, 0);
    await rejects('cameras.reorder', { ids: [secondId] }, 'ids');
    await rejects('cameras.reorder', { ids: 'all' }, 'ids');
  });

  test('cameras.test reports what it found on a draft without saving it', async () => {
    const before = row('SELECT count(*) AS n FROM cameras').n;
    const report = await client.value('cameras.test', { camera: simulatedCamera(simulator.port, 3), durationMs: 1000 });
    assert.equal(report.ok, true, JSON.stringify(report.failure));
    assert.equal(report.reachable, true);
    assert.equal(report.authScheme, 'none');
    assert.equal(report.device?.brand, 'AXIS');
    assert.ok(report.resolutions.includes('640x480'));
    assert.equal(report.width, 320);
    assert.equal(report.height, 240);
    assert.ok(report.framesSeen >= 2 && report.fps > 0);
    assert.equal(row('SELECT count(*) AS n FROM cameras').n, before, 'nothing saved');
    // The camera's own events: the simulator offers every topic Camwall follows.
    assert.deepEqual(report.events, {
      state: 'offered',
      topics: ['motion (VMD4)', 'motion (motion alarm, older firmware)', 'tampering', 'day/night', 'digital inputs', 'digital inputs (ONVIF, older firmware)'],
    });
    const wrongPath = await client.value('cameras.test', { camera: { name: 'x', kind: 'url', host: '127.0.0.1', port: simulator.port, path: '/nothing-here' } });
    assert.equal(wrongPath.ok, false);
    assert.equal(wrongPath.failure.kind, 'http');
    assert.equal(wrongPath.events, null, "a 'url' camera has no VAPIX events to test");
    await rejects('cameras.test', { camera: { ...simulatedCamera(simulator.port, 3), scheme: 'ftp' } }, 'camera.scheme');
    await rejects('cameras.test', { camera: simulatedCamera(simulator.port, 3), durationMs: 60_000 }, 'durationMs');
  });

  test('cameras.discover refuses a timeout it would not honour, before scanning (the scan: test/integration/discovery/)', async () => {
    await rejects('cameras.discover', { timeoutMs: 10 }, 'timeoutMs');
  });

  test('cameras.snapshot answers a current JPEG: the next one of a camera nobody watches, the latest of a watched one', async () => {
    // Nobody watches or records the camera: the snapshot connects it and takes the next frame.
    const asked = Date.now();
    const unwatched = await client.value('cameras.snapshot', { id: secondId });
    const bytes = new Uint8Array(unwatched.jpeg);
    assert.deepEqual([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)], [0xff, 0xd8, 0xff, 0xd9], 'a whole JPEG');
    assert.equal(unwatched.width, 320);
    assert.ok(unwatched.capturedAt >= asked, 'a frame received after the question, not an old one');
    client.send({ t: 'subscribe', sub: 9, cameraId: secondId, stream: 'main' });
    await client.until(() => client.frames.find((f) => f.subscription === 9), 15_000, 'a frame');
    const watched = await client.value('cameras.snapshot', { id: secondId });
    client.send({ t: 'unsubscribe', sub: 9 });
    assert.ok(watched.seq > unwatched.seq);
    await rejects('cameras.snapshot', { id: '' }, 'id');
    // A disabled camera has no picture, and says why.
    await client.value('cameras.update', { id: secondId, patch: { enabled: false } });
    const disabled = await client.call('cameras.snapshot', { id: secondId });
    await client.value('cameras.update', { id: secondId, patch: { enabled: true } });
    assert.equal(disabled.ok, false);
    if (!disabled.ok) {
      assert.equal(disabled.error.code, 'unavailable');
      assert.match(disabled.error.message, /Yard has no picture to save: it is disabled/);
    }
    // A camera that cannot be reached: the snapshot ends at its first failure, with the reason.
    const gone = await client.value('cameras.add', { camera: simulatedCamera(9, 1, 'Gone') });
    const failed = await client.call('cameras.snapshot', { id: gone.id });
    await client.value('cameras.remove', { id: gone.id });
    assert.equal(failed.ok, false);
    if (!failed.ok) {
      assert.equal(failed.error.code, 'unavailable');
      assert.match(failed.error.message, /Gone has no picture to save: it is (backoff|error): .*refused/);
    }
  });

  test('cameras.statuses answers the state of each streaming camera now', async () => {
    client.send({ t: 'subscribe', sub: 10, cameraId: secondId, stream: 'main' });
    // Two frames: the second surely came from a connection that is live now.
    await client.until(() => (client.frames.filter((f) => f.subscription === 10).length >= 2 ? true : undefined), 15_000, 'two frames');
    const statuses = await client.value('cameras.statuses');
    client.send({ t: 'unsubscribe', sub: 10 });
    assert.equal(statuses[secondId].state, 'live');
    assert.equal(typeof statuses[secondId].since, 'number');
    assert.deepEqual(Object.keys(statuses).filter((id) => id !== cameraId && id !== secondId), [], 'camera ids only, no tile streams');
    await rejects('cameras.statuses', { extra: 1 }, 'extra');
  });

  test('cameras.export and cameras.import', async () => {
    const exported = await client.value('cameras.export', {});
    assert.equal(exported.includesPasswords, false);
    assert.equal(exported.cameras, 2);
    assert.ok(!exported.json.includes('hunter2-secret'));
    const withPasswords = await client.value('cameras.export', { includePasswords: true });
    assert.ok(withPasswords.json.includes('hunter2-secret'), 'asked for: the password is in the file');
    const document = JSON.parse(exported.json);
    document.cameras = document.cameras.map((c: Record<string, unknown>) => ({ ...c, id: undefined, name: `${c['name']} copy` }));
    const result = await client.value('cameras.import', { json: JSON.stringify(document) });
    assert.equal(result.added.length, 2);
    assert.equal(row('SELECT count(*) AS n FROM cameras').n, 4);
    await rejects('cameras.import', { json: '{not json' }, 'json');
    await rejects('cameras.export', { includePasswords: 'yes' }, 'includePasswords');
    for (const id of result.added) await client.value('cameras.remove', { id });
  });

  test('layouts.save, list, setActive and remove', async () => {
    const saved = await client.value('layouts.save', { layout: { name: 'Entrances', preset: '2x2', tiles: [cameraId, secondId, null, null] } });
    assert.deepEqual(JSON.parse(row('SELECT tiles FROM layouts WHERE id = ?', saved.id).tiles), [cameraId, secondId, null, null]);
    const other = await client.value('layouts.save', { layout: { name: 'Single', preset: '1' } });
    const layouts = await client.value('layouts.list');
    assert.ok(layouts.some((l: { id: string }) => l.id === other.id));
    const active = await client.value('layouts.setActive', { id: other.id });
    assert.equal(active.active, true);
    assert.equal(row('SELECT active FROM layouts WHERE id = ?', other.id).active, 1);
    await client.value('layouts.remove', { id: other.id });
    assert.equal(row('SELECT count(*) AS n FROM layouts WHERE id = ?', other.id).n, 0);
    await rejects('layouts.save', { layout: { name: 'Bad', preset: '2x2', tiles: [null] } }, 'layout.tiles');
    await rejects('layouts.save', { layout: { name: 'Bad', preset: '7x7' } }, 'layout.preset');
    await rejects('layouts.list', { all: true }, 'all');
    await rejects('layouts.setActive', {}, 'id');
    await rejects('layouts.remove', { id: null }, 'id');
  });

  test('settings.get and settings.set', async () => {
    const settings = await client.value('settings.get');
    assert.equal(typeof settings.stallTimeoutS, 'number');
    const updated = await client.value('settings.set', { patch: { stallTimeoutS: 20 } });
    assert.equal(updated.stallTimeoutS, 20);
    assert.equal(updated.notifyOnOffline, settings.notifyOnOffline, 'other settings kept');
    assert.equal(row("SELECT value FROM settings WHERE key = 'stallTimeoutS'").value, '20');
    await rejects('settings.set', { patch: { stallTimeoutS: 1 } }, 'patch.stallTimeoutS');
    await rejects('settings.set', { patch: { volume: 11 } }, 'patch.volume');
    await rejects('settings.get', { key: 'x' }, 'key');
  });

  test('events.query returns the event log, newest first', async () => {
    // The subscription above brought camera 2 online, which the service logs.
    const entries = await client.value('events.query', { cameraId: secondId, kinds: ['camera.online'] });
    assert.ok(entries.length >= 1);
    assert.equal(entries[0].kind, 'camera.online');
    assert.match(entries[0].message, /Yard/);
    await rejects('events.query', { limit: 0 }, 'limit');
    await rejects('events.query', { kinds: 'camera.online' }, 'kinds');
  });

  test('recordings.query and recordings.states answer for cameras that do not record', async () => {
    assert.deepEqual(await client.value('recordings.query', { fromMs: 0, toMs: Date.now() }), []);
    await rejects('recordings.query', { fromMs: -1, toMs: 0 }, 'fromMs');
    const states = await client.value('recordings.states');
    assert.ok(states.every((s: { state: string }) => s.state === 'off'));
    await rejects('recordings.states', { extra: 1 }, 'extra');
  });

  test('cameras.remove deletes the camera', async () => {
    const removed = await client.value('cameras.remove', { id: secondId });
    assert.equal(removed.id, secondId);
    assert.equal(row('SELECT count(*) AS n FROM cameras WHERE id = ?', secondId).n, 0);
    const again = await client.call('cameras.remove', { id: secondId });
    assert.equal(again.ok, false);
    if (!again.ok) assert.equal(again.error.code, 'not-found');
    await rejects('cameras.remove', {}, 'id');
  });

  test('demo.start runs the simulator in the core and adds its cameras, once', async () => {
    const before = row('SELECT count(*) AS n FROM cameras').n;
    const started = await client.value('demo.start');
    assert.equal(started.started, true);
    assert.equal(started.cameras.length, 6);
    assert.equal(row('SELECT count(*) AS n FROM cameras').n, before + 6);
    assert.equal((await client.value('app.info')).demo, true);
    client.send({ t: 'subscribe', sub: 11, cameraId: started.cameras[0].id, stream: 'main' });
    await client.until(() => client.frames.find((f) => f.subscription === 11), 15_000, 'a frame from a demo camera');
    client.send({ t: 'unsubscribe', sub: 11 });
    const again = await client.value('demo.start');
    assert.equal(again.started, false, 'the demo runs: nothing started');
    assert.deepEqual(again.cameras.map((c: { id: string }) => c.id), started.cameras.map((c: { id: string }) => c.id));
    assert.equal(row('SELECT count(*) AS n FROM cameras').n, before + 6);
    await rejects('demo.start', { extra: 1 }, 'extra');
  });

  test('restream.status and restream.setPassword: off by default, a password through the secret store, never echoed', async () => {
    const status = await client.value('restream.status');
    assert.deepEqual({ ...status }, { available: true, enabled: false, listening: false, host: '127.0.0.1', port: null, user: 'camwall', auth: 'digest', hasPassword: false, readers: 0, error: null });
    const set = await client.value('restream.setPassword', { password: 'canary-pass-8' });
    assert.equal(set.hasPassword, true);
    assert.equal(JSON.stringify(set).includes('canary-pass-8'), false);
    assert.equal(JSON.stringify(await client.value('settings.get')).includes('canary-pass-8'), false);
    assert.equal((await client.value('restream.setPassword', { password: null })).hasPassword, false);
    await rejects('restream.setPassword', { password: 'a\nb' }, 'password');
    await rejects('restream.status', { extra: 1 }, 'extra');
    await rejects('settings.set', { patch: { restream: { enabled: true, host: 'bad host!' } } }, 'patch.restream.host');
  });

  test('an unknown call is refused by name', async () => {
    const result = await client.call('cameras.explode', {});
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'unknown-call');
      assert.match(result.error.message, /cameras\.explode/);
    }
  });

  test('the timeline, recorded frames and playback calls refuse malformed arguments, naming the field', async () => {
    await rejects('recordings.cameras', { all: true }, 'all');
    await rejects('storage.plan', { cameraId }, 'cameraId');
    await rejects('exports.start', { cameraIds: [cameraId], fromMs: 10, toMs: 5 }, 'toMs');
    await rejects('exports.start', { cameraIds: [cameraId], fromMs: 0, toMs: 5, format: 'wmv' }, 'format');
    await rejects('exports.list', { all: 1 }, 'all');
    await rejects('exports.cancel', { id: 0 }, 'id');
    await rejects('exports.retry', { id: 'x' }, 'id');
    await rejects('exports.remove', {}, 'id');
    await rejects('exports.deliver', { id: -1 }, 'id');
    await rejects('recordings.timeline', { cameraIds: [], fromMs: 0, toMs: 1 }, 'cameraIds');
    await rejects('recordings.timeline', { cameraIds: [cameraId], fromMs: 10, toMs: 5 }, 'toMs');
    await rejects('recordings.timeline', { cameraIds: [cameraId], fromMs: 0, toMs: 365 * 86_400_000 }, 'toMs');
    await rejects('recordings.frameAt', { cameraId, atMs: -1 }, 'atMs');
    await rejects('playback.open', { cameraIds: [cameraId], atMs: 0, speed: 3 }, 'speed');
    await rejects('playback.open', { cameraIds: Array.from({ length: 65 }, (_, i) => `c${i}`), atMs: 0 }, 'cameraIds');
    await rejects('playback.seek', { session: 0, atMs: 0 }, 'session');
    await rejects('playback.setSpeed', { session: 1, speed: -100 }, 'speed');
    await rejects('playback.pause', { session: 1, paused: 'yes' }, 'paused');
    await rejects('playback.step', { session: 1, frames: 2 }, 'frames');
    await rejects('playback.setCameras', { session: 1, cameraIds: 'all' }, 'cameraIds');
    await rejects('playback.close', { session: 'x' }, 'session');
  });

  test('the motion calls refuse malformed arguments, naming the field', async () => {
    await rejects('motion.events', { fromMs: 10, toMs: 5 }, 'toMs');
    await rejects('motion.events', { fromMs: 0, toMs: 5, limit: 0 }, 'limit');
    await rejects('motion.thumbnail', { id: 0 }, 'id');
    await rejects('motion.activity', { cameraIds: [], fromMs: 0, toMs: 5, buckets: 10 }, 'cameraIds');
    await rejects('motion.activity', { cameraIds: [cameraId], fromMs: 0, toMs: 5, buckets: 100_000 }, 'buckets');
    await rejects('motion.search', { cameraId, fromMs: 0, toMs: 5, region: { x: 0.5, y: 0, w: 0.6, h: 0.5 } }, 'region');
    await rejects('motion.search', { cameraId, fromMs: 0, toMs: 5, region: { x: 0, y: 0, w: 0, h: 0.5 } }, 'region');
    await rejects('motion.search', { cameraId, fromMs: 0, toMs: 30 * 86_400_000, region: { x: 0, y: 0, w: 1, h: 1 } }, 'toMs');
    await rejects('motion.cancelSearch', { id: -1 }, 'id');
  });

  test('the MQTT calls refuse malformed arguments; mqtt.status says off until a broker is set, and never holds the password', async () => {
    await rejects('mqtt.status', { extra: 1 }, 'extra');
    await rejects('mqtt.setPassword', { password: 'x'.repeat(5_000) }, 'password');
    await rejects('mqtt.setPassword', {}, 'password');
    const status = await client.value('mqtt.status');
    assert.equal(status.state, 'off');
    assert.equal(status.hasPassword, false);
    const kept = await client.value('mqtt.setPassword', { password: 'broker-secret' });
    assert.equal(kept.hasPassword, true);
    assert.ok(!JSON.stringify(kept).includes('broker-secret'));
    assert.ok(!JSON.stringify(await client.value('settings.get')).includes('broker-secret'));
    assert.equal((await client.value('mqtt.setPassword', { password: null })).hasPassword, false);
    // A broker URL with credentials in it is refused by the settings, naming the field.
    const refused = await client.call('settings.set', { patch: { mqtt: { enabled: true, url: 'mqtt://u:secret@broker' } } });
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.ok(refused.error.fields?.some((f) => f.field === 'patch.mqtt.url' && /must not hold a user or password/.test(f.message)), JSON.stringify(refused.error.fields));
      assert.ok(!refused.error.message.includes('secret'));
    }
  });

  test('every call of the contract had its reject branch exercised', () => {
    assert.deepEqual(CALL_NAMES.filter((name) => !covered.has(name)), []);
  });
});
