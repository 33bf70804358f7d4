import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRange, copyToAllDays, emptySchedule, overnightNote, scheduleDraftOf, scheduleFieldName, scheduleRangesOf } from '../../../renderer/cameras/schedule-draft.ts';
import { cameraInputSchema, MAX_SCHEDULE_RANGES } from '../../../shared/camera.ts';

test('a stored schedule of several ranges a day, one across midnight, goes to the form and back unchanged', () => {
  const stored = [{ day: 1, from: '06:00', to: '09:00' }, { day: 1, from: '22:00', to: '06:00' }, { day: 6, from: '22:00', to: '06:00' }];
  const draft = scheduleDraftOf(stored);
  assert.deepEqual(draft[1], [{ from: '06:00', to: '09:00' }, { from: '22:00', to: '06:00' }]);
  assert.deepEqual(scheduleRangesOf(draft), stored);
  // What the form sends is what the core accepts: overnight ranges need no splitting.
  assert.equal(cameraInputSchema.safeParse({ name: 'Night', host: 'cam', recordMode: 'scheduled', schedule: scheduleRangesOf(draft) }).success, true);
});

test('a schedule saved before overnight ranges existed (Saturday to 24:00, Sunday from 00:00) reads as it was', () => {
  const old = [{ day: 6, from: '22:00', to: '24:00' }, { day: 0, from: '00:00', to: '06:30' }];
  assert.deepEqual(scheduleRangesOf(scheduleDraftOf(old)).sort((a, b) => a.day - b.day), [...old].sort((a, b) => a.day - b.day));
  assert.equal(cameraInputSchema.safeParse({ name: 'Old', host: 'cam', recordMode: 'scheduled', schedule: old }).success, true);
});

test('copy to all days gives every day the ranges of one; a new range follows the last', () => {
  const draft = copyToAllDays(addRange(emptySchedule(), 1), 1);
  for (const ranges of draft) assert.deepEqual(ranges, [{ from: '08:00', to: '18:00' }, { from: '18:00', to: '24:00' }]);
  assert.equal(scheduleRangesOf(draft).length, 14);
});

test('no more ranges than the schema takes', () => {
  let draft = emptySchedule();
  for (let i = 0; i < MAX_SCHEDULE_RANGES + 10; i++) draft = addRange(draft, i % 7);
  assert.equal(scheduleRangesOf(draft).length, MAX_SCHEDULE_RANGES);
  const crowded = scheduleDraftOf(Array.from({ length: 20 }, () => ({ day: 2, from: '01:00', to: '02:00' })));
  assert.equal(copyToAllDays(crowded, 2), crowded, '7 × 20 ranges would be over the limit');
});

test('an overnight range says where it ends; a schedule error names the day and range', () => {
  assert.equal(overnightNote({ from: '22:00', to: '06:00' }, 6), 'until 06:00 on Sunday');
  assert.equal(overnightNote({ from: '08:00', to: '18:00' }, 1), null);
  assert.equal(overnightNote({ from: '08:00', to: '24:00' }, 1), null);
  const draft = scheduleDraftOf([{ day: 1, from: '06:00', to: '09:00' }, { day: 2, from: '10:00', to: '11:00' }, { day: 2, from: '12:00', to: '12:00' }]);
  assert.equal(scheduleFieldName(draft, 'patch.schedule[2].to', "'to' must differ"), "Tuesday, range 2, to: 'to' must differ");
  assert.equal(scheduleFieldName(draft, 'name', 'required'), 'required');
});
