// The schedule engine across the DST changes of a real zone. TZ is set before any Date is made
// (node --test runs each file in its own process, and Node applies a changed TZ at once).
process.env.TZ = 'Europe/Berlin';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextScheduleChange, shouldRecord } from '../../../main/recording/schedule.ts';

// Saturday nights 22:00-06:00, entered as one range on day 6 (Saturday) that wraps to Sunday.
const saturdayNights = [{ day: 6, from: '22:00', to: '06:00' }];

test('the zone is applied (so the figures below mean Berlin time)', () => {
  assert.equal(new Date(2026, 2, 29, 12, 0).toISOString(), '2026-03-29T10:00:00.000Z');
  assert.equal(new Date(2026, 0, 10, 12, 0).toISOString(), '2026-01-10T11:00:00.000Z');
});

test('spring forward (2026-03-29, 02:00 → 03:00): Saturday 22:00 to Sunday 06:00 on the wall clock, 7 hours', () => {
  const start = nextScheduleChange('scheduled', saturdayNights, new Date(2026, 2, 28, 12, 0))!;
  assert.equal(start.toISOString(), '2026-03-28T21:00:00.000Z');
  const end = nextScheduleChange('scheduled', saturdayNights, start)!;
  assert.equal(end.toISOString(), '2026-03-29T04:00:00.000Z');
  assert.equal((end.getTime() - start.getTime()) / 3_600_000, 7);
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-03-29T00:59:00Z')), true); // 01:59 CET
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-03-29T01:00:00Z')), true); // 03:00 CEST, the skipped hour is gone
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-03-29T03:59:00Z')), true); // 05:59 CEST
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-03-29T04:00:00Z')), false); // 06:00 CEST
});

test('fall back (2026-10-25, 03:00 → 02:00): the same night lasts 9 hours and the repeated hour records both times', () => {
  const start = nextScheduleChange('scheduled', saturdayNights, new Date(2026, 9, 24, 12, 0))!;
  assert.equal(start.toISOString(), '2026-10-24T20:00:00.000Z');
  const end = nextScheduleChange('scheduled', saturdayNights, start)!;
  assert.equal(end.toISOString(), '2026-10-25T05:00:00.000Z');
  assert.equal((end.getTime() - start.getTime()) / 3_600_000, 9);
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-10-25T00:30:00Z')), true); // 02:30 CEST
  assert.equal(shouldRecord('scheduled', saturdayNights, new Date('2026-10-25T01:30:00Z')), true); // 02:30 CET
});

test('a range that starts inside the skipped hour starts when the clock jumps past it', () => {
  const early = [{ day: 0, from: '02:30', to: '04:00' }];
  const start = nextScheduleChange('scheduled', early, new Date(2026, 2, 29, 0, 0))!;
  assert.equal(start.toISOString(), '2026-03-29T01:30:00.000Z'); // 03:30 CEST
  assert.equal(shouldRecord('scheduled', early, start), true);
  const end = nextScheduleChange('scheduled', early, start)!;
  assert.equal(end.toISOString(), '2026-03-29T02:00:00.000Z'); // 04:00 CEST
});
