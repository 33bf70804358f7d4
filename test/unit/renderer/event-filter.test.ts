process.env.TZ = 'Europe/Berlin';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localMidnight, matches, NO_FILTER, queryOf } from '../../../renderer/events/event-filter.ts';

test('a range of days runs from local midnight to the midnight after the last day, 23 hours on the DST day', () => {
  const query = queryOf({ ...NO_FILTER, fromDay: '2026-03-29', toDay: '2026-03-29' });
  assert.ok(!('error' in query));
  assert.equal(new Date(query.fromMs!).toISOString(), '2026-03-28T23:00:00.000Z');
  assert.equal(new Date(query.toMs!).toISOString(), '2026-03-29T22:00:00.000Z');
  assert.equal(localMidnight('not a day'), null);
});

test('a type is one kind or a group of them; a backwards range is named', () => {
  assert.deepEqual(queryOf({ ...NO_FILTER, type: 'group:cameras', cameraId: 'cam-1' }), { cameraId: 'cam-1', kinds: ['camera.added', 'camera.changed', 'camera.removed'] });
  assert.deepEqual(queryOf({ ...NO_FILTER, type: 'recording.stopped' }), { kinds: ['recording.stopped'] });
  assert.deepEqual(queryOf({ ...NO_FILTER, fromDay: '2026-05-02', toDay: '2026-05-01' }), { error: 'The last day is before the first: swap them, or clear one.' });
});

test('a new entry shows only when it matches the filter', () => {
  const entry = { id: 1, atMs: Date.UTC(2026, 4, 1, 12), cameraId: 'cam-1', kind: 'camera.offline', message: '', data: null };
  const query = queryOf({ ...NO_FILTER, type: 'group:connection', fromDay: '2026-05-01', toDay: '2026-05-01' });
  assert.ok(!('error' in query));
  assert.equal(matches(entry, query), true);
  assert.equal(matches({ ...entry, kind: 'recording.started' }, query), false);
  assert.equal(matches({ ...entry, atMs: Date.UTC(2026, 4, 2, 12) }, query), false);
  assert.equal(matches({ ...entry, cameraId: 'cam-2' }, { ...query, cameraId: 'cam-1' }), false);
});
