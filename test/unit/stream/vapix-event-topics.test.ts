// Reading the Axis event stream's messages: every topic Camwall follows, table-driven, on the
// right channel only; acknowledgements and errors; and whatever else a camera sends is ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXIS_TOPICS, configureRequest, readEventMessage } from '../../../main/stream/vapix-events/topics.ts';
import { simulatedTopics } from '../../../main/simulator/event-stream.ts';

const notify = (topic: string, source: Record<string, string>, data: Record<string, string>, timestamp: unknown = 1737794941428) =>
  JSON.stringify({ apiVersion: '1.0', method: 'events:notify', params: { notification: { topic, timestamp, message: { source, key: {}, data } } } });

test('each followed topic reads as its kind, on or off, for its channel only', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>, number, string, boolean | null]> = [
    ['tnsaxis:CameraApplicationPlatform/VMD/Camera2Profile1', {}, { active: '1' }, 2, 'motion', true],
    ['tnsaxis:CameraApplicationPlatform/VMD/Camera2Profile1', {}, { active: '1' }, 1, '', null],
    ['tns1:VideoSource/MotionAlarm', { VideoSourceConfigurationToken: '0' }, { State: '0' }, 1, 'motion', false],
    ['tns1:VideoSource/MotionAlarm', { VideoSourceConfigurationToken: '1' }, { State: '1' }, 1, '', null],
    ['tns1:VideoSource/tnsaxis:Tampering', { channel: '1' }, { tampering: '1' }, 1, 'tampering', true],
    ['tns1:VideoSource/tnsaxis:DayNightVision', { VideoSourceConfigurationToken: '0' }, { day: '0' }, 1, 'day-night', true],
    ['tns1:Device/tnsaxis:IO/Port', { port: '3' }, { state: '1' }, 1, 'input', true],
    ['tns1:Device/Trigger/DigitalInput', { InputToken: '0' }, { LogicalState: 'false' }, 1, 'input', false],
    ['tns1:VideoSource/tnsaxis:LiveStreamAccessed', {}, { accessed: '1' }, 1, '', null],
    ['tns1:Device/tnsaxis:IO/Port', { port: '1' }, { state: 'maybe' }, 1, '', null],
  ];
  for (const [topic, source, data, channel, kind, active] of cases) {
    const message = readEventMessage(notify(topic, source, data), channel);
    if (active === null) {
      assert.equal(message.type, 'other', `${topic} ${JSON.stringify(source)} on channel ${channel}`);
      continue;
    }
    assert.equal(message.type, 'event', topic);
    if (message.type !== 'event') continue;
    assert.equal(message.event.kind, kind);
    assert.equal(message.event.active, active);
    assert.equal(message.event.cameraAtMs, 1737794941428);
  }
  const port = readEventMessage(notify('tns1:Device/tnsaxis:IO/Port', { port: '3' }, { state: '1' }), 1);
  assert.equal(port.type === 'event' ? port.event.port : null, '3');
});

test('acknowledgements, refusals and garbage', () => {
  assert.deepEqual(readEventMessage('{"apiVersion":"1.0","method":"events:configure","data":{}}', 1), { type: 'ack' });
  assert.deepEqual(
    readEventMessage('{"apiVersion":"1.0","method":"events:configure","error":{"code":2104,"message":"Invalid event datasource payload"}}', 1),
    { type: 'error', message: 'Invalid event datasource payload (code 2104)' },
  );
  for (const text of ['not json', '[]', 'null', '{"method":"events:notify"}', notify('tns1:VideoSource/MotionAlarm', {}, { State: '1' }, 'yesterday').replace('MotionAlarm', 'Nothing')]) {
    assert.equal(readEventMessage(text, 1).type, 'other', text);
  }
  // An ISO timestamp is read too; an unreadable one is null, not an error.
  const iso = readEventMessage(notify('tns1:VideoSource/tnsaxis:Tampering', {}, { tampering: '1' }, '2024-01-01T00:00:00Z'), 1);
  assert.equal(iso.type === 'event' ? iso.event.cameraAtMs : undefined, Date.UTC(2024, 0, 1));
});

test('the configure request names every topic for the channel, and the simulator offers each of them', () => {
  const request = JSON.parse(configureRequest(3)) as { method: string; params: { eventFilterList: Array<{ topicFilter: string }> } };
  assert.equal(request.method, 'events:configure');
  const filters = request.params.eventFilterList.map((f) => f.topicFilter);
  assert.deepEqual(filters, AXIS_TOPICS.map((t) => t.topic(3)));
  const offered = (['motion', 'tampering', 'daynight', 'input'] as const).flatMap((kind) => simulatedTopics(kind, 3, true));
  for (const state of offered) {
    assert.ok(filters.includes(state.topic), state.topic);
    const read = readEventMessage(notify(state.topic, state.source, state.data), 3);
    assert.equal(read.type === 'event' ? read.event.active : null, true, state.topic);
  }
});
