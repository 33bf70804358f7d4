// The timeline's time arithmetic in the local zone, run under TZ=Europe/Berlin (set below before
// any Date is made) so the DST days of 2026 are real: 29 March has 23 hours, 25 October 25.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

process.env.TZ = 'Europe/Berlin';
// Imported after TZ is set: the module makes its Intl formats when it loads.
const { localizeTimes, fromLocalInput, localDayBounds, offsetChanges, panView, ticks, timeToX, toLocalInput, viewAround, xToTime, zoomView, MIN_SPAN_MS, MAX_SPAN_MS } = await import('../../../renderer/playback/time-scale.ts');

const HOUR = 3_600_000;
// 2026-10-25 00:00 CEST = 2026-10-24 22:00 UTC; the clocks go back at 03:00 CEST (01:00 UTC).
const FALL_DAY = Date.UTC(2026, 9, 24, 22);
const FALL_JUMP = Date.UTC(2026, 9, 25, 1);

describe('time-scale', () => {
  it('maps time to x and back linearly', () => {
    const view = { startMs: 1_000_000, spanMs: 60_000 };
    assert.equal(timeToX(view, 600, 1_030_000), 300);
    assert.equal(xToTime(view, 600, 300), 1_030_000);
  });

  it('zooms around the anchor and keeps the zoom range', () => {
    const view = { startMs: 0, spanMs: 100_000 };
    const zoomed = zoomView(view, 1000, 0.5, 250);
    assert.equal(xToTime(zoomed, 1000, 250), xToTime(view, 1000, 250));
    assert.equal(zoomed.spanMs, 50_000);
    assert.equal(zoomView(view, 1000, 1e-6).spanMs, MIN_SPAN_MS);
    assert.equal(zoomView(view, 1000, 1e9).spanMs, MAX_SPAN_MS);
    assert.equal(panView(view, 1000, 100).startMs, -10_000);
    assert.equal(viewAround(50_000, 10_000).startMs, 45_000);
  });

  it('gives the local day of the autumn change 25 hours and the spring one 23', () => {
    const fall = localDayBounds(FALL_DAY + 12 * HOUR);
    assert.equal(fall.fromMs, FALL_DAY);
    assert.equal(fall.toMs - fall.fromMs, 25 * HOUR);
    const spring = localDayBounds(Date.UTC(2026, 2, 29, 12));
    assert.equal(spring.toMs - spring.fromMs, 23 * HOUR);
  });

  it('ticks the repeated hour twice, an hour apart, and finds the jump to the second', () => {
    const view = { startMs: FALL_DAY, spanMs: 6 * HOUR };
    const hourly = ticks(view, 600, 90).filter((t) => t.atMs >= FALL_DAY);
    const labels = hourly.map((t) => t.label);
    assert.equal(labels.filter((l) => l === '02:00').length, 2, labels.join(' '));
    const twos = hourly.filter((t) => t.label === '02:00').map((t) => t.atMs);
    assert.equal(twos[1]! - twos[0]!, HOUR);
    assert.equal(labels.filter((l) => l === '03:00').length, 1);
    const changes = offsetChanges(view);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.atMs, FALL_JUMP);
    assert.match(changes[0]!.label, /^Clocks back 1 h/);
  });

  it('marks local midnights as day starts', () => {
    const view = { startMs: FALL_DAY - 3 * HOUR, spanMs: 6 * HOUR };
    const starts = ticks(view, 600).filter((t) => t.dayStart);
    assert.deepEqual(starts.map((t) => t.atMs), [FALL_DAY]);
    const week = ticks({ startMs: FALL_DAY - 2 * 86_400_000, spanMs: 5 * 86_400_000 }, 500);
    assert.ok(week.every((t) => t.dayStart));
    assert.ok(week.some((t) => t.atMs === FALL_DAY + 25 * HOUR), 'the day after the 25-hour day starts 25 h later');
  });

  it('writes the core\'s UTC times in local time with the zone', () => {
    const text = localizeTimes('Nothing was recorded at 2026-10-25T00:30:05.000Z; went to the nearest recording, 2026-10-25T01:30:05.250Z.');
    assert.match(text, /at Oct 25, 2026, 02:30:05\.000 GMT\+2; went/);
    assert.match(text, /recording, Oct 25, 2026, 02:30:05\.250 GMT\+1\.$/);
  });

  it('reads and writes datetime-local values in local time', () => {
    const at = Date.UTC(2026, 9, 25, 0, 30, 5);
    assert.equal(toLocalInput(at), '2026-10-25T02:30:05');
    assert.equal(fromLocalInput('2026-10-25T02:30:05'), at, 'the first 02:30 of the day');
    assert.equal(fromLocalInput('nonsense'), null);
  });
});
