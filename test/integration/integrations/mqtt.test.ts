// The MQTT bridge against a real Mosquitto (password file, ACL, loopback port) and a real core
// streaming a simulator camera: every topic read back by a real client, Home Assistant discovery
// and its birth message, commands refused and then obeyed, the broker killed and restarted (state
// and discovery come back), a wrong password, WebSockets, and the password kept out of every file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { startSimulator } from '../../../main/simulator/server.ts';
import { waitFor } from '../../support/wait-for.ts';
import { CLI_ENTRY, runCli } from '../../support/run-cli.ts';
import { APP_PASSWORD, APP_USER, OBSERVER_PASSWORD, OBSERVER_USER, startBroker } from '../../support/mosquitto.ts';
import { call, collect, openTestCore, simulatedCamera, tempDir } from '../recording-app/helpers.ts';
import type { CamwallCore } from '../../../main/service/core.ts';
import type { MotionEvent } from '../../../shared/motion.ts';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Seen = { retained: Map<string, Buffer>; all: Array<{ topic: string; payload: Buffer; retain: boolean }>; client: MqttClient };

/** A Home Assistant stand-in: subscribes to everything, remembers the latest payload per topic. */
async function observe(url: string): Promise<Seen> {
  const client = connect(url, { username: OBSERVER_USER, password: OBSERVER_PASSWORD, reconnectPeriod: 300, clean: true });
  const seen: Seen = { retained: new Map(), all: [], client };
  client.on('connect', () => client.subscribe('#', { qos: 1 }));
  client.on('message', (topic, payload, packet) => {
    seen.all.push({ topic, payload, retain: packet.retain });
    if (payload.length === 0) seen.retained.delete(topic);
    else seen.retained.set(topic, payload);
  });
  cleanups.push(() => void client.end(true));
  await waitFor(() => client.connected, { what: 'the observer connected' });
  return seen;
}

const text = (seen: Seen, topic: string) => seen.retained.get(topic)?.toString('utf8');
const json = (seen: Seen, topic: string) => {
  const t = text(seen, topic);
  return t === undefined ? undefined : JSON.parse(t);
};

async function setup(prefix = 'camwall') {
  const broker = await startBroker(prefix);
  cleanups.push(() => broker.stop());
  const sim = await startSimulator({ cameras: 1, fps: 5, resolution: '320x240' });
  cleanups.push(() => sim.close());
  const dir = tempDir('mqtt');
  cleanups.push(() => dir.remove());
  const logs: string[] = [];
  const core = await openTestCore(dir.path, {}, (line) => logs.push(line));
  cleanups.push(() => core.close());
  await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
  return { broker, sim, dataDir: dir.path, core, logs };
}

async function connectBridge(core: CamwallCore, url: string, password: string, extra: Record<string, unknown> = {}) {
  await call(core, 'mqtt.setPassword', { password });
  await call(core, 'settings.set', { patch: { mqtt: { enabled: true, url, username: APP_USER, ...extra } } });
}

const motion = (cameraId: string, id: number, endMs: number | null): MotionEvent => ({
  id, cameraId, source: 'camwall', startMs: Date.now() - 1000, endMs, peakScore: 0.31, box: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, zones: ['Drive'], hasThumbnail: false,
});

test('every topic, discovery, Home Assistant birth, commands, and state back after the broker restarts', { timeout: 180_000 }, async () => {
  const { broker, sim, core, dataDir, logs } = await setup();
  const camera = await call(core, 'cameras.add', { camera: { ...simulatedCamera(sim.port, 1, 'Front door'), recordMode: 'continuous' } });
  const seen = await observe(broker.url);
  await connectBridge(core, broker.url, APP_PASSWORD);
  await waitFor(async () => (await call(core, 'mqtt.status', {})).state === 'connected', { what: 'the bridge connected' });

  const id = camera.id;
  await waitFor(() => text(seen, 'camwall/available') === 'online', { what: 'camwall/available online' });
  await waitFor(() => text(seen, `camwall/${id}/status`) === 'live', { what: `camwall/${id}/status live`, timeoutMs: 60_000 });
  await waitFor(() => text(seen, `camwall/${id}/recording`) === 'ON', { what: 'recording ON' });
  assert.equal(text(seen, `camwall/${id}/motion`), 'OFF');

  // Discovery: one device per camera, ids from the camera id, the name only as the device name.
  const node = `camwall_${id}`;
  const motionConfig = await waitFor(() => json(seen, `homeassistant/binary_sensor/${node}/motion/config`), { what: 'motion discovery config' });
  assert.equal(motionConfig.unique_id, `${node}_motion`);
  assert.equal(motionConfig.device_class, 'motion');
  assert.equal(motionConfig.state_topic, `camwall/${id}/motion`);
  assert.deepEqual(motionConfig.device.identifiers, [node]);
  assert.equal(motionConfig.device.name, 'Front door');
  assert.equal(motionConfig.availability[0].topic, 'camwall/available');
  const connectivity = json(seen, `homeassistant/binary_sensor/${node}/connectivity/config`);
  assert.equal(connectivity.device_class, 'connectivity');
  assert.equal(connectivity.state_topic, `camwall/${id}/status`);
  assert.deepEqual(connectivity.device, motionConfig.device, 'grouped as one device');
  const image = json(seen, `homeassistant/image/${node}/snapshot/config`);
  assert.equal(image.image_topic, `camwall/${id}/snapshot`);
  assert.equal(image.content_type, 'image/jpeg');
  assert.equal(text(seen, `homeassistant/switch/${node}/recording/config`), undefined, 'no recording switch while remote control is off');
  for (const topic of ['camwall/available', `camwall/${id}/status`, `homeassistant/binary_sensor/${node}/motion/config`]) {
    assert.ok(seen.all.some((m) => m.topic === topic && m.retain) || (await retainedOnFreshSubscribe(broker.url, topic)), `${topic} is retained`);
  }

  // Motion (the detector's push, published by hand here): ON, an event, a snapshot; then OFF and the end.
  core.events.emit('motion.event', { event: motion(id, 41, null) });
  await waitFor(() => text(seen, `camwall/${id}/motion`) === 'ON', { what: 'motion ON' });
  const created = await waitFor(() => seen.all.find((m) => m.topic === 'camwall/events' && JSON.parse(m.payload.toString()).id === 41), { what: 'event new' });
  assert.equal(created.retain, false);
  const createdBody = JSON.parse(created.payload.toString());
  assert.equal(createdBody.type, 'new');
  assert.equal(createdBody.camera, id);
  assert.equal(createdBody.camera_name, 'Front door');
  assert.equal(createdBody.end_time, null);
  assert.deepEqual(createdBody.zones, ['Drive']);
  const snapshot = await waitFor(() => seen.retained.get(`camwall/${id}/snapshot`), { what: 'a snapshot' });
  assert.deepEqual([...snapshot.subarray(0, 2)], [0xff, 0xd8], 'the snapshot is a JPEG');
  assert.deepEqual([...snapshot.subarray(-2)], [0xff, 0xd9]);
  core.events.emit('motion.event', { event: motion(id, 41, null) });
  core.events.emit('motion.event', { event: motion(id, 41, Date.now()) });
  await waitFor(() => text(seen, `camwall/${id}/motion`) === 'OFF', { what: 'motion OFF' });
  const types = await waitFor(() => {
    const t = seen.all.filter((m) => m.topic === 'camwall/events').map((m) => JSON.parse(m.payload.toString()).type);
    return t.length >= 3 ? t : undefined;
  }, { what: 'new, update, end' });
  assert.deepEqual(types, ['new', 'update', 'end']);
  // Snapshots are rate-limited: a second event at once brings none.
  const snapshotsBefore = seen.all.filter((m) => m.topic === `camwall/${id}/snapshot`).length;
  core.events.emit('motion.event', { event: motion(id, 42, null) });
  await waitFor(() => seen.all.filter((m) => m.topic === 'camwall/events').length >= 4, { what: 'the second event' });
  await waitFor(() => text(seen, `camwall/${id}/motion`) === 'ON', { what: 'motion ON again' });
  assert.equal(seen.all.filter((m) => m.topic === `camwall/${id}/snapshot`).length, snapshotsBefore, 'no second snapshot within snapshotIntervalS');

  // Renaming the camera renames the device, nothing else.
  await call(core, 'cameras.update', { id, patch: { name: 'Porch' } });
  await waitFor(() => json(seen, `homeassistant/binary_sensor/${node}/motion/config`)?.device.name === 'Porch', { what: 'the device renamed' });
  assert.equal(json(seen, `homeassistant/binary_sensor/${node}/motion/config`).unique_id, `${node}_motion`);

  // Commands: refused while remote control is off.
  seen.client.publish(`camwall/${id}/recording/set`, 'OFF', { qos: 1 });
  const refused = await waitFor(() => seen.all.find((m) => m.topic === 'camwall/command_result'), { what: 'a command result' });
  const refusal = JSON.parse(refused.payload.toString());
  assert.equal(refusal.ok, false);
  assert.match(refusal.error, /remote control is off/);
  assert.equal((await call(core, 'cameras.get', { id })).recordMode, 'continuous', 'the camera still records');
  // Turned on: the switch appears in Home Assistant and the command is obeyed.
  const current = (await call(core, 'settings.get', {})).mqtt;
  await call(core, 'settings.set', { patch: { mqtt: { ...current, remoteControl: true } } });
  const switchConfig = await waitFor(() => json(seen, `homeassistant/switch/${node}/recording/config`), { what: 'the recording switch config' });
  assert.equal(switchConfig.command_topic, `camwall/${id}/recording/set`);
  seen.client.publish(`camwall/${id}/recording/set`, 'OFF', { qos: 1 });
  await waitFor(async () => (await call(core, 'cameras.get', { id })).recordMode === 'off', { what: 'recording turned off by MQTT' });
  await waitFor(() => text(seen, `camwall/${id}/recording`) === 'OFF', { what: 'recording OFF published' });
  await waitFor(() => seen.all.some((m) => m.topic === 'camwall/command_result' && JSON.parse(m.payload.toString()).ok === true), { what: 'the command accepted' });

  // Home Assistant restarts: its birth message brings every discovery config again.
  const configCount = () => seen.all.filter((m) => m.topic === `homeassistant/image/${node}/snapshot/config`).length;
  const before = configCount();
  seen.client.publish('homeassistant/status', 'online', { qos: 1 });
  await waitFor(() => configCount() > before, { what: 'discovery again after homeassistant/status online' });

  // The broker dies (losing every retained message: no persistence) and comes back. (Recording
  // is off now, so nobody needs the camera's stream: its status is idle.)
  await waitFor(() => text(seen, `camwall/${id}/status`) === 'idle', { what: 'status idle once recording is off' });
  await broker.kill();
  await waitFor(async () => (await call(core, 'mqtt.status', {})).state !== 'connected', { what: 'the bridge noticed the broker is gone' });
  core.events.emit('motion.event', { event: motion(id, 42, Date.now()) }); // happens while it is down
  seen.retained.clear();
  await broker.start();
  await waitFor(async () => (await call(core, 'mqtt.status', {})).state === 'connected', { what: 'the bridge reconnected', timeoutMs: 60_000 });
  await waitFor(() => text(seen, 'camwall/available') === 'online', { what: 'available online again', timeoutMs: 30_000 });
  await waitFor(() => text(seen, `camwall/${id}/status`) === 'idle', { what: 'status again' });
  assert.equal(text(seen, `camwall/${id}/recording`), 'OFF');
  await waitFor(() => text(seen, `camwall/${id}/motion`) === 'OFF', { what: 'the motion that ended while the broker was down' });
  await waitFor(() => json(seen, `homeassistant/binary_sensor/${node}/motion/config`)?.device.name === 'Porch', { what: 'discovery again after the restart' });
  assert.ok(json(seen, `homeassistant/switch/${node}/recording/config`));

  // A removed camera takes its entities with it.
  await call(core, 'cameras.remove', { id });
  await waitFor(() => !seen.retained.has(`homeassistant/binary_sensor/${node}/motion/config`), { what: 'the discovery config cleared' });

  // Closing says offline (retained), as the will would have.
  await core.close();
  await waitFor(() => text(seen, 'camwall/available') === 'offline', { what: 'available offline after close' });

  // The password is nowhere in plain text: settings, status, the data folder's files, the log.
  assert.ok(!JSON.stringify(current).includes(APP_PASSWORD));
  for (const file of filesUnder(dataDir)) {
    assert.ok(!readFileSync(file).includes(APP_PASSWORD), `${file} holds no password`);
  }
  assert.ok(!existsSync(join(dataDir, 'mqtt-password.json')), 'the password is in the registry\'s secrets table, not a file of its own');
  assert.ok(!logs.join('\n').includes(APP_PASSWORD), 'the log holds no password');
});

test('a wrong password gives a clear auth-failed status, and a right one over WebSockets connects', { timeout: 120_000 }, async () => {
  const { broker, core, logs } = await setup();
  const statuses = collect(core, 'mqtt.status');
  await connectBridge(core, broker.url, 'not-the-password');
  const failed = await waitFor(async () => {
    const status = await call(core, 'mqtt.status', {});
    return status.state === 'auth-failed' ? status : undefined;
  }, { what: 'auth-failed' });
  assert.match(failed.message!, /refused the user 'camwall' or its password/);
  assert.match(failed.message!, /Settings → MQTT/);
  assert.ok(statuses.some((s) => s.status.state === 'auth-failed'), 'pushed to the pages');
  assert.ok(!JSON.stringify(failed).includes('not-the-password'));
  assert.ok(!logs.join('\n').includes('not-the-password'));

  const seen = await observe(broker.url);
  await call(core, 'mqtt.setPassword', { password: APP_PASSWORD });
  const current = (await call(core, 'settings.get', {})).mqtt;
  await call(core, 'settings.set', { patch: { mqtt: { ...current, url: broker.wsUrl } } });
  await waitFor(async () => (await call(core, 'mqtt.status', {})).state === 'connected', { what: 'connected over ws://' });
  await waitFor(() => text(seen, 'camwall/available') === 'online', { what: 'online over ws://' });
  const status = await call(core, 'mqtt.status', {});
  assert.equal(status.url, broker.wsUrl);
  assert.equal(status.hasPassword, true);
});

test('a broker that is down never holds up the pushes: the queue stays bounded, the newest state wins', { timeout: 60_000 }, async () => {
  const { broker, core } = await setup();
  await broker.kill();
  await connectBridge(core, broker.url, APP_PASSWORD);
  await waitFor(async () => (await call(core, 'mqtt.status', {})).message?.includes('connection refused'), { what: 'connection refused reported' });
  const started = performance.now();
  for (let i = 0; i < 20_000; i++) core.events.emit('motion.event', { event: motion('cam-x', 1000 + i, i % 2 === 0 ? null : Date.now()) });
  const elapsedMs = performance.now() - started;
  console.log(`20,000 motion pushes with the broker down: ${elapsedMs.toFixed(0)} ms`);
  const status = await call(core, 'mqtt.status', {});
  assert.ok(status.queued <= 200 + 10, `queue bounded (${status.queued})`);
  assert.ok(status.dropped > 19_000, `the oldest dropped (${status.dropped})`);
  // A generous ceiling on a loaded machine: 20,000 pushes are not waiting on any socket.
  assert.ok(elapsedMs < 10_000, `20,000 pushes took ${elapsedMs.toFixed(0)} ms`);
  const seen = await (async () => {
    await broker.start();
    return observe(broker.url);
  })();
  await waitFor(async () => (await call(core, 'mqtt.status', {})).state === 'connected', { what: 'reconnected', timeoutMs: 60_000 });
  await waitFor(() => text(seen, 'camwall/cam-x/motion') === 'OFF', { what: 'the newest motion state for cam-x' });
});

async function retainedOnFreshSubscribe(url: string, topic: string): Promise<boolean> {
  const client = connect(url, { username: OBSERVER_USER, password: OBSERVER_PASSWORD, reconnectPeriod: 0 });
  try {
    let retained = false;
    client.on('message', (t, _p, packet) => (retained ||= t === topic && packet.retain));
    await waitFor(() => client.connected, { what: 'a fresh client' });
    client.subscribe(topic, { qos: 1 });
    await waitFor(() => retained, { what: `${topic} retained` });
    return true;
  } finally {
    client.end(true);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.mkv') ? [] : [join(dir, e.name)]));
}


test('camwall serve --mqtt publishes headless with the password from a file; a password flag or a URL with credentials is refused', { timeout: 120_000 }, async () => {
  const broker = await startBroker();
  cleanups.push(() => broker.stop());
  const dir = tempDir('mqtt-serve');
  cleanups.push(() => dir.remove());
  const renderer = join(dir.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  const passwordFile = join(dir.path, 'mqtt-password.txt');
  writeFileSync(passwordFile, `${APP_PASSWORD}\n`, { mode: 0o600 });
  const seen = await observe(broker.url);
  const args = ['serve', '--port', '0', '--data', join(dir.path, 'data'), '--renderer', renderer, '--mqtt', broker.url, '--mqtt-user', APP_USER, '--mqtt-password-file', passwordFile];
  const startServe = async () => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(() => void child.kill('SIGKILL'));
    const onlineBefore = seen.all.filter((m) => m.topic === 'camwall/available' && m.payload.toString() === 'online').length;
    await waitFor(() => seen.all.filter((m) => m.topic === 'camwall/available' && m.payload.toString() === 'online').length > onlineBefore, { what: `online from camwall serve (output: ${output})`, timeoutMs: 60_000 });
    return { child, exited, output: () => output };
  };
  // A clean stop says offline itself.
  const first = await startServe();
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0);
  await waitFor(() => text(seen, 'camwall/available') === 'offline', { what: 'offline after serve stopped' });
  assert.ok(!first.output().includes(APP_PASSWORD));
  // A crash leaves it to the last will, which the broker publishes (retained) when the socket drops.
  const second = await startServe();
  assert.equal(text(seen, 'camwall/available'), 'online');
  second.child.kill('SIGKILL');
  await second.exited;
  await waitFor(() => text(seen, 'camwall/available') === 'offline', { what: 'the last will: offline after serve was killed' });
  assert.ok(await retainedOnFreshSubscribe(broker.url, 'camwall/available'), 'the will is retained');

  const refused = await runCli(['serve', '--mqtt', broker.url, '--mqtt-user', APP_USER, '--mqtt-password', APP_PASSWORD]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--mqtt-password is not accepted/);
  assert.ok(!refused.stderr.includes(APP_PASSWORD));
  const inUrl = await runCli(['serve', '--mqtt', `mqtt://camwall:${APP_PASSWORD}@127.0.0.1:${broker.port}`]);
  assert.equal(inUrl.code, 2);
  assert.match(inUrl.stderr, /--mqtt must not hold a user or password/);
  assert.ok(!inUrl.stderr.includes(APP_PASSWORD));
});
