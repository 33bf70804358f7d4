import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_GROUPS, EVENT_TITLES, eventTitle } from '../../../shared/event-titles.ts';

test('every kind the core writes has a readable title, and every titled kind is in one filter group', () => {
  const written = ['camera.online', 'camera.offline', 'camera.auth-failed', 'camera.added', 'camera.changed', 'camera.removed', 'recording.started',
    'recording.stopped', 'recording.error', 'recording.resumed', 'retention.deleted', 'retention.warning', 'segment.recovered', 'segment.discarded', 'segment.missing'];
  for (const kind of written) {
    assert.ok(EVENT_TITLES[kind], kind);
    assert.doesNotMatch(eventTitle(kind), /\./, kind);
  }
  const grouped = EVENT_GROUPS.flatMap((g) => g.kinds);
  assert.deepEqual([...grouped].sort(), Object.keys(EVENT_TITLES).sort());
  assert.equal(new Set(grouped).size, grouped.length);
});

test('a kind without a title gets one from its words', () => {
  assert.equal(eventTitle('motion.started'), 'Motion started');
  assert.equal(eventTitle('mqtt.broker-down'), 'Mqtt broker down');
  assert.equal(eventTitle('camera.auth-failed'), 'Password refused');
});
