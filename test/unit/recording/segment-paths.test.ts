import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NAME_COLLISIONS, segmentPathCandidates } from '../../../main/recording/segment-paths.ts';

test('regression: same-second names sort in the order they are taken, and before the next second', () => {
  const at = new Date(2026, 10, 21, 12, 0, 0).getTime();
  const names = [...segmentPathCandidates('cam-a', at)];
  assert.equal(names.length, MAX_NAME_COLLISIONS);
  assert.equal(names[0], 'cam-a/2026-11-21/120000.mkv');
  assert.equal(names[1], 'cam-a/2026-11-21/120000_01.mkv');
  assert.deepEqual([...names].sort(), names, 'a plain sort of the names is their time order');
  const nextSecond = [...segmentPathCandidates('cam-a', at + 1000)][0]!;
  assert.ok(names.every((name) => name < nextSecond), `${names.at(-1)} sorts before ${nextSecond}`);
});
