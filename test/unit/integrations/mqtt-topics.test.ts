// Topic names and the outbox, pure: levels made safe and stable, command topics parsed back,
// discovery configs keyed by the camera id (a rename changes the device name only), and the
// bounded queue where the newest state per topic wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryConfigs, removedCameraTopics, statusPayload, topicLevel, topicsOf } from '../../../main/integrations/mqtt/topics.ts';
import { MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS, Outbox } from '../../../main/integrations/mqtt/outbox.ts';
import { brokerUrlProblem, topicPrefixProblem } from '../../../shared/integrations.ts';

test('topicLevel: no separators or wildcards, accents folded, stable, never empty', () => {
  assert.equal(topicLevel('cam-k3x9a2bq'), 'cam-k3x9a2bq');
  assert.equal(topicLevel('Front Door / #1 +north'), 'front_door_1_north');
  assert.equal(topicLevel('Caméra Entrée'), 'camera_entree');
  assert.equal(topicLevel('///'), '_');
  assert.equal(topicLevel('x'.repeat(200)).length, 64);
  assert.equal(topicLevel('Front Door / #1 +north'), topicLevel('Front Door / #1 +north'));
});

test('topics and command topics', () => {
  const t = topicsOf('home/camwall');
  assert.equal(t.status('cam-a'), 'home/camwall/cam-a/status');
  assert.equal(t.recordingSetFilter, 'home/camwall/+/recording/set');
  assert.equal(t.commandCamera('home/camwall/cam-a/recording/set'), 'cam-a');
  assert.equal(t.commandCamera('home/camwall/a/b/recording/set'), null);
  assert.equal(t.commandCamera('other/cam-a/recording/set'), null);
  assert.equal(t.commandCamera('home/camwall//recording/set'), null);
  assert.deepEqual(['live', 'auth-failed', 'stalled', 'backoff', 'stopped', null].map((s) => statusPayload(s as never)), ['live', 'auth failed', 'offline', 'offline', 'idle', 'idle']);
});

test('discovery: the camera id in every topic and unique_id, the name only in the device; the switch only with remote control', () => {
  const t = topicsOf('camwall');
  const before = discoveryConfigs({ id: 'cam-a', name: 'Door', kind: 'vapix' }, t, { version: '1.0', remoteControl: false });
  const after = discoveryConfigs({ id: 'cam-a', name: 'Porch', kind: 'vapix' }, t, { version: '1.0', remoteControl: false });
  assert.deepEqual(before.map((c) => c.topic), after.map((c) => c.topic));
  for (let i = 0; i < 3; i++) {
    const [a, b] = [JSON.parse(before[i]!.payload), JSON.parse(after[i]!.payload)];
    assert.equal(a.unique_id, b.unique_id);
    assert.equal(a.device.name, 'Door');
    assert.equal(b.device.name, 'Porch');
    assert.deepEqual(a.device.identifiers, ['camwall_cam-a']);
  }
  assert.equal(before[3]!.payload, '', 'the switch is removed while remote control is off');
  const withSwitch = discoveryConfigs({ id: 'cam-a', name: 'Door', kind: 'url' }, t, { version: '1.0', remoteControl: true });
  assert.equal(JSON.parse(withSwitch[3]!.payload).command_topic, 'camwall/cam-a/recording/set');
  assert.deepEqual(removedCameraTopics('cam-a', t).slice(0, 4), withSwitch.map((c) => c.topic));
});

test('the outbox: the newest per topic wins, events keep their order up to their bound, bytes are bounded', () => {
  const box = new Outbox();
  box.put({ topic: 'a', payload: '1', retain: true, qos: 1 });
  box.put({ topic: 'b', payload: '1', retain: true, qos: 1 });
  box.put({ topic: 'a', payload: '2', retain: true, qos: 1 });
  box.append({ topic: 'e', payload: 'x', retain: false, qos: 1 });
  box.append({ topic: 'e', payload: 'y', retain: false, qos: 1 });
  assert.deepEqual([box.shift(), box.shift(), box.shift(), box.shift(), box.shift()].map((m) => m && `${m.topic}=${m.payload}`), ['b=1', 'a=2', 'e=x', 'e=y', null]);
  assert.equal(box.dropped, 1);
  for (let i = 0; i < MAX_QUEUED_EVENTS + 50; i++) box.append({ topic: 'e', payload: String(i), retain: false, qos: 1 });
  box.put({ topic: 's', payload: 'state', retain: true, qos: 1 });
  assert.equal(box.size, MAX_QUEUED_EVENTS + 1);
  assert.equal(box.shift()!.payload, '50', 'the oldest events went first');
  box.clear();
  const big = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 20; i++) box.put({ topic: `snap/${i}`, payload: big, retain: true, qos: 0 });
  assert.ok(box.size * big.length <= MAX_QUEUED_BYTES, `${box.size} snapshots kept`);
  assert.equal(box.shift()!.topic, `snap/${20 - box.size - 1}`);
});

test('broker URLs and topic prefixes are checked with messages that say what to do', () => {
  assert.equal(brokerUrlProblem('mqtt://broker.local:1883'), null);
  assert.equal(brokerUrlProblem('wss://[::1]:8884/mqtt'), null);
  assert.match(brokerUrlProblem('http://broker')!, /mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//);
  assert.match(brokerUrlProblem('mqtt://user:pw@broker')!, /must not hold a user or password/);
  assert.match(brokerUrlProblem('mqtt://:1883')!, /name the broker host/);
  assert.match(brokerUrlProblem('mqtt://broker:70000')!, /port from 1 to 65535/);
  assert.match(brokerUrlProblem('broker')!, /such as mqtt:\/\//);
  assert.equal(topicPrefixProblem('home/camwall'), null);
  for (const bad of ['', 'a/#', 'a/+/b', '/a', 'a/', 'a//b', '$SYS']) assert.notEqual(topicPrefixProblem(bad), null, bad);
});
