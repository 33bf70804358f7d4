import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameRate, MIN_FPS_SPAN_MS } from '../../../main/cli/probe-report.ts';

test('regression: a burst of buffered frames has no rate (ten VGA frames over 12 ms read as about 750 fps before)', () => {
  assert.equal(frameRate(10, 1000, 1012), null);
  assert.equal(frameRate(10, 1000, 1000 + MIN_FPS_SPAN_MS - 1), null);
  assert.equal(frameRate(1, 1000, 1000), null, 'one frame has no rate');
  assert.equal(frameRate(10, 1000, 1900), 10, 'nine intervals over 0.9 s');
  assert.equal(frameRate(4, 0, 300), 10);
  assert.equal(frameRate(2, 0, MIN_FPS_SPAN_MS), 10);
});
