// The frame budget shared by the browser shell's clients: each client's own cap, then the total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FRAME_BUFFERED_BYTES, MAX_TOTAL_FRAME_BUFFERED_BYTES, OutputBudget } from '../../../main/server/output-budget.ts';

const socket = (bufferedAmount: number) => ({ bufferedAmount });
const MIB = 1024 * 1024;

test('a client over its own cap drops frames; an idle one never does', () => {
  const budget = new OutputBudget();
  const slow = socket(MAX_FRAME_BUFFERED_BYTES + 1);
  const idle = socket(0);
  budget.add(slow);
  budget.add(idle);
  assert.equal(budget.dropsFrame(slow), true);
  assert.equal(budget.dropsFrame(idle), false);
});

test('regression: many clients each under their cap cannot queue more than the total; those above an equal share drop first', () => {
  const budget = new OutputBudget();
  // 16 clients at 3.5 MiB each: 56 MiB together, each under the 4 MiB cap.
  const slow = Array.from({ length: 16 }, () => socket(3.5 * MIB));
  const reading = socket(64 * 1024);
  for (const s of [...slow, reading]) budget.add(s);
  assert.ok(budget.total() > MAX_TOTAL_FRAME_BUFFERED_BYTES);
  for (const s of slow) assert.equal(budget.dropsFrame(s), true, 'above an equal share of the total');
  assert.equal(budget.dropsFrame(reading), false, 'a client that reads keeps its frames');
  // Under the total, nobody under the cap drops.
  for (const s of slow.slice(4)) budget.remove(s);
  assert.ok(budget.total() <= MAX_TOTAL_FRAME_BUFFERED_BYTES);
  for (const s of slow.slice(0, 4)) assert.equal(budget.dropsFrame(s), false);
});
