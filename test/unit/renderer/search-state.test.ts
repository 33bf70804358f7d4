// A search's states as they cross (pushes, the start's answer, the cancel's answer): it only
// ever moves forward.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MotionSearchState } from '../../../shared/motion.ts';
import { newerSearch } from '../../../renderer/motion/search-state.ts';

const state = (id: number, s: MotionSearchState['state'], progress: number): MotionSearchState => ({ id, cameraId: 'front', fromMs: 0, toMs: 1, state: s, progress, hits: [], analysedMs: 0, error: null });

describe('search states', () => {
  it('keeps a finished state over a late "running" answer', () => {
    const done = state(1, 'done', 1);
    assert.equal(newerSearch(done, state(1, 'running', 0)), done);
    assert.equal(newerSearch(state(1, 'running', 0.5), done), done);
  });
  it('keeps the running state further on, and takes anything of another search', () => {
    const half = state(1, 'running', 0.5);
    assert.equal(newerSearch(half, state(1, 'running', 0.2)), half);
    const more = state(1, 'running', 0.7);
    assert.equal(newerSearch(half, more), more);
    const other = state(2, 'running', 0);
    assert.equal(newerSearch(state(1, 'done', 1), other), other);
    assert.equal(newerSearch(null, other), other);
  });
  it('a cancel answered after the search finished leaves it finished', () => {
    const done = state(1, 'done', 1);
    assert.equal(newerSearch(done, state(1, 'cancelled', 1)), done);
  });
});
