// The export dialog's starting range from the in and out marks and the playhead, and how a new
// mark treats the other one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EXPORT_MS, exportRange, NO_MARKS, setMark } from '../../../renderer/export/export-range.ts';

describe('export range', () => {
  it('is the marks when both are set', () => {
    assert.deepEqual(exportRange({ inMs: 1_000, outMs: 9_000 }, 50_000), { fromMs: 1_000, toMs: 9_000 });
  });

  it('fills a missing mark from the playhead, never an empty range', () => {
    assert.deepEqual(exportRange({ inMs: 1_000, outMs: null }, 5_000), { fromMs: 1_000, toMs: 5_000 });
    assert.deepEqual(exportRange({ inMs: 9_000, outMs: null }, 5_000), { fromMs: 9_000, toMs: 9_000 + DEFAULT_EXPORT_MS });
    assert.deepEqual(exportRange({ inMs: null, outMs: 90_000 }, 5_000), { fromMs: 90_000 - DEFAULT_EXPORT_MS, toMs: 90_000 });
    assert.deepEqual(exportRange(NO_MARKS, 100_000), { fromMs: 100_000 - DEFAULT_EXPORT_MS, toMs: 100_000 });
  });

  it('drops the other mark when a new one passes it', () => {
    assert.deepEqual(setMark({ inMs: 1_000, outMs: 5_000 }, 'in', 2_000), { inMs: 2_000, outMs: 5_000 });
    assert.deepEqual(setMark({ inMs: 1_000, outMs: 5_000 }, 'in', 6_000), { inMs: 6_000, outMs: null });
    assert.deepEqual(setMark({ inMs: 1_000, outMs: 5_000 }, 'out', 500), { inMs: null, outMs: 500 });
  });
});
