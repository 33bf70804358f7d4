// Which of two states of the same search is the newer: pushes and the call's answer may cross
// (a search answered from the stored grid alone can finish, and push "done", before the answer
// of `motion.search` says "running"). A search only moves forward: a finished state beats a
// running one, and of two running states the one further on wins. Pure.
import type { MotionSearchState } from '../../shared/motion.ts';

export function newerSearch(a: MotionSearchState | null, b: MotionSearchState): MotionSearchState {
  if (!a || a.id !== b.id) return b;
  if (a.state !== 'running') return a;
  if (b.state !== 'running') return b;
  return b.progress >= a.progress ? b : a;
}

/** States pushed before the answer said which search is ours: the last few kept, by id. */
export const MAX_EARLY_SEARCH_STATES = 8;
