// The Events view's motion list: the filter's local-day range (DST days included), which live
// pushes belong, merging an event's end into its start, and where playback opens.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

process.env.TZ = 'Europe/Berlin';
const { defaultFilter, durationLabel, filterRange, localDayOf, matches, mergeEvents, playbackStartFor, PLAYBACK_PRE_ROLL_MS, scoreLabel, MAX_LISTED_EVENTS } = await import('../../../renderer/motion/motion-events.ts');
import type { MotionEvent } from '../../../shared/motion.ts';

const event = (id: number, startMs: number, endMs: number | null, extra: Partial<MotionEvent> = {}): MotionEvent => ({ id, cameraId: 'front', source: 'camwall', startMs, endMs, peakScore: 0.1, box: null, zones: [], hasThumbnail: true, ...extra });

describe('motion events list', () => {
  it('opens playback PLAYBACK_PRE_ROLL_MS before the motion began', () => {
    const start = Date.UTC(2026, 10, 21, 9, 0, 30);
    assert.equal(PLAYBACK_PRE_ROLL_MS, 5_000);
    assert.equal(playbackStartFor(start), start - 5_000);
    assert.equal(playbackStartFor(1_000), 0);
  });

  it('turns local days into a range, 25 hours on the day the clocks go back', () => {
    const range = filterRange({ source: '', cameraId: '', fromDay: '2026-10-25', toDay: '2026-10-25' });
    assert.ok('fromMs' in range);
    assert.equal(range.fromMs, Date.UTC(2026, 9, 24, 22));
    assert.equal(range.toMs - range.fromMs, 25 * 3_600_000);
    const week = filterRange(defaultFilter(Date.UTC(2026, 10, 21, 12)));
    assert.ok('fromMs' in week && week.toMs - week.fromMs === 7 * 86_400_000);
    assert.equal(localDayOf(Date.UTC(2026, 10, 20, 23, 30)), '2026-11-21', 'the local day, not the UTC one');
  });

  it('names the field that is wrong', () => {
    assert.deepEqual(filterRange({ source: '', cameraId: '', fromDay: '', toDay: '2026-10-25' }), { error: 'From: choose a date.' });
    assert.deepEqual(filterRange({ source: '', cameraId: '', fromDay: '2026-10-25', toDay: '2026-02-31' }), { error: 'To: choose a date.' });
    assert.match((filterRange({ source: '', cameraId: '', fromDay: '2026-10-26', toDay: '2026-10-25' }) as { error: string }).error, /on or after From/);
    assert.match((filterRange({ source: '', cameraId: '', fromDay: '2026-01-01', toDay: '2026-10-25' }) as { error: string }).error, /at most 62 days/);
  });

  it('keeps a live push only when it matches the type, camera and range', () => {
    const range = { fromMs: 1_000_000, toMs: 2_000_000 };
    const all = { source: '' as const, cameraId: '', fromDay: '', toDay: '' };
    assert.ok(matches(event(1, 1_500_000, null), all, range));
    assert.ok(matches(event(1, 900_000, 1_100_000), all, range), 'one that overlaps the start');
    assert.ok(!matches(event(1, 2_000_000, null), all, range));
    assert.ok(!matches(event(1, 1_500_000, null, { source: 'camera' }), { ...all, source: 'camwall' }, range));
    assert.ok(matches(event(1, 1_500_000, null, { source: 'camera' }), { ...all, source: 'camera' }, range));
    assert.ok(!matches(event(1, 1_500_000, null), { ...all, cameraId: 'yard' }, range));
  });

  it('merges by id (an end replaces its start), newest first, bounded', () => {
    const list = mergeEvents([event(1, 100, 200), event(2, 300, null)], [event(2, 300, 400), event(3, 250, 260)]);
    assert.deepEqual(list.map((e) => [e.id, e.endMs]), [[2, 400], [3, 260], [1, 200]]);
    const many = mergeEvents([], Array.from({ length: MAX_LISTED_EVENTS + 50 }, (_, i) => event(i + 1, i * 1000, null)));
    assert.equal(many.length, MAX_LISTED_EVENTS);
    assert.equal(many.at(-1)!.id, 51, 'the oldest fall off');
  });

  it('says lengths and scores the way a person reads them', () => {
    assert.equal(durationLabel({ startMs: 0, endMs: null }), 'going on');
    assert.equal(durationLabel({ startMs: 0, endMs: 12_400 }), '12 s');
    assert.equal(durationLabel({ startMs: 0, endMs: 185_000 }), '3 min 5 s');
    assert.equal(durationLabel({ startMs: 0, endMs: 3_660_000 }), '1 h 1 min');
    assert.equal(scoreLabel(0.034), '3.4%');
    assert.equal(scoreLabel(0.5), '50%');
  });
});
