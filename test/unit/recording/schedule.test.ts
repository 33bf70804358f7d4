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

// Ranges across midnight are entered as one: `to` not after `from` runs into the next day.
const overnight = [{ day: 5, from: '22:00', to: '06:00' }, { day: 6, from: '22:00', to: '06:00' }];

test('an overnight range records from its start to its end the next morning, Saturday into Sunday', () => {
  const cases: [Date, boolean][] = [
    [at(5, 21, 59), false], [at(5, 22, 0), true], [at(5, 23, 59), true], [at(6, 0, 0), true], [at(6, 5, 59), true], [at(6, 6, 0), false],
    [at(6, 12, 0), false], [at(6, 22, 0), true], [at(7, 0, 0), true], [at(7, 3, 0), true], [at(7, 6, 0), false], // Saturday night ends on Sunday
    [at(0, 3, 0), true], // the Sunday before, as the same weekly schedule: Saturday's night before it
    [at(1, 3, 0), false], // Monday early: Sunday has no range
  ];
  for (const [when, expected] of cases) assert.equal(shouldRecord('scheduled', overnight, when), expected, when.toString());
});

test('several ranges a day and different ranges per day', () => {
  const schedule = [
    { day: 1, from: '06:00', to: '09:00' }, { day: 1, from: '17:00', to: '20:00' }, { day: 2, from: '12:00', to: '13:00' },
  ];
  const cases: [Date, boolean][] = [[at(1, 7, 0), true], [at(1, 12, 0), false], [at(1, 18, 0), true], [at(2, 7, 0), false], [at(2, 12, 30), true]];
  for (const [when, expected] of cases) assert.equal(shouldRecord('scheduled', schedule, when), expected, when.toString());
  assert.deepEqual(nextScheduleChange('scheduled', schedule, at(1, 10, 0)), at(1, 17, 0));
  assert.deepEqual(nextScheduleChange('scheduled', schedule, at(1, 20, 0)), at(2, 12, 0));
});

test('the next change of an overnight range is its end on the next day, also from Saturday to Sunday', () => {
  assert.deepEqual(nextScheduleChange('scheduled', overnight, at(5, 12, 0)), at(5, 22, 0));
  assert.deepEqual(nextScheduleChange('scheduled', overnight, at(5, 23, 0)), at(6, 6, 0));
  assert.deepEqual(nextScheduleChange('scheduled', overnight, at(6, 23, 0)), at(7, 6, 0));
  // Sunday 03:00: the range began on the Saturday before, and ends today at 06:00.
  assert.deepEqual(nextScheduleChange('scheduled', overnight, at(7, 3, 0)), at(7, 6, 0));
  assert.deepEqual(nextScheduleChange('scheduled', overnight, at(7, 6, 0)), at(12, 22, 0));
});

test('a timer that follows nextScheduleChange sees every switch of shouldRecord, and no other, over two weeks', () => {
  const schedules = [weekdays9to17, nights, overnight, [{ day: 3, from: '23:30', to: '00:15' }, { day: 4, from: '00:10', to: '24:00' }]];
  for (const schedule of schedules) {
    let t = at(0, 0, 0);
    const end = at(14, 0, 0);
    let switches = 0;
    while (t < end) {
      const next = nextScheduleChange('scheduled', schedule, t);
      assert.ok(next && next > t, `a next change after ${t.toString()}`);
      const state = shouldRecord('scheduled', schedule, t);
      for (let probe = new Date(t.getTime() + 60_000); probe < next && probe < end; probe = new Date(probe.getTime() + 5 * 60_000)) {
        assert.equal(shouldRecord('scheduled', schedule, probe), state, `no switch between ${t.toString()} and ${next.toString()}`);
      }
      if (shouldRecord('scheduled', schedule, next) !== state) switches++;
      t = next;
    }
    assert.ok(switches >= 4, `switches seen: ${switches}`);
  }
});
