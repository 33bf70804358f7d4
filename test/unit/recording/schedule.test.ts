import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextScheduleChange, shouldRecord } from '../../../main/recording/schedule.ts';

// 2026-01-05 is a Monday (day 1). Dates are local time, so the test holds in any time zone.
const at = (day: number, h: number, m: number) => new Date(2026, 0, 4 + day, h, m);
const weekdays9to17 = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' }));
const nights = [{ day: 6, from: '22:00', to: '24:00' }, { day: 0, from: '00:00', to: '06:30' }];

test('off never records, continuous always does', () => {
  assert.equal(shouldRecord('off', weekdays9to17, at(1, 10, 0)), false);
  assert.equal(shouldRecord('continuous', [], at(0, 3, 0)), true);
});

test('scheduled ranges: from inclusive, to exclusive, by local weekday', () => {
  const cases: [Date, boolean][] = [
    [at(1, 8, 59), false], [at(1, 9, 0), true], [at(3, 16, 59), true], [at(5, 17, 0), false], [at(6, 10, 0), false],
  ];
  for (const [when, expected] of cases) assert.equal(shouldRecord('scheduled', weekdays9to17, when), expected, when.toString());
  assert.equal(shouldRecord('scheduled', nights, at(6, 23, 59)), true);
  assert.equal(shouldRecord('scheduled', nights, at(7, 0, 0)), true); // Sunday 00:00 continues the Saturday night
  assert.equal(shouldRecord('scheduled', nights, at(7, 6, 30)), false);
  assert.equal(shouldRecord('scheduled', [], at(1, 10, 0)), false);
});

test('the next change is the next range edge, across days and the week', () => {
  assert.deepEqual(nextScheduleChange('scheduled', weekdays9to17, at(1, 10, 0)), at(1, 17, 0));
  assert.deepEqual(nextScheduleChange('scheduled', weekdays9to17, at(5, 18, 0)), at(8, 9, 0)); // Friday evening → Monday
  assert.deepEqual(nextScheduleChange('scheduled', nights, at(6, 22, 30)), at(7, 0, 0));
  assert.equal(nextScheduleChange('continuous', weekdays9to17, at(1, 10, 0)), undefined);
});
