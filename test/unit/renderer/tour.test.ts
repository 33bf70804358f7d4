// The layout tour's rules: which layout comes next, and when it may come.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layout } from '../../../shared/layout.ts';
import { TOUR_RESUME_AFTER_MS, currentStep, liveSteps, msUntilNext, nextStep } from '../../../renderer/app/tour.ts';

const layout = (id: string) => ({ id, name: id, preset: '2x2', tiles: [null, null, null, null], active: false }) as unknown as Layout;
const steps = [
  { layoutId: 'lay-a', dwellS: 10 },
  { layoutId: 'lay-b', dwellS: 5 },
  { layoutId: 'lay-gone', dwellS: 5 },
  { layoutId: 'lay-c', dwellS: 30 },
];

describe('the layout tour', () => {
  it('skips the steps of deleted layouts', () => {
    assert.deepEqual(liveSteps(steps, [layout('lay-a'), layout('lay-b'), layout('lay-c')]).map((s) => s.layoutId), ['lay-a', 'lay-b', 'lay-c']);
  });

  it('goes round in order, from the first when the layout on screen is not in the tour', () => {
    const live = liveSteps(steps, [layout('lay-a'), layout('lay-b'), layout('lay-c')]);
    assert.equal(nextStep(live, 'lay-a')?.layoutId, 'lay-b');
    assert.equal(nextStep(live, 'lay-c')?.layoutId, 'lay-a');
    assert.equal(nextStep(live, 'lay-other')?.layoutId, 'lay-a');
    assert.equal(currentStep(live, 'lay-b')?.dwellS, 5);
    assert.equal(currentStep(live, 'lay-other')?.layoutId, 'lay-a');
    assert.equal(nextStep([], 'lay-a'), null);
  });

  it('moves on after the dwell time, and waits while the user interacts', () => {
    const start = 1_000_000;
    assert.equal(msUntilNext(start, start, 10, 0), 10_000);
    assert.equal(msUntilNext(start + 10_000, start, 10, 0), 0);
    // Touched 2 s before the dwell ended: it waits until the pause after the touch is over.
    assert.equal(msUntilNext(start + 10_000, start, 10, start + 8_000), TOUR_RESUME_AFTER_MS - 2_000);
  });
});
