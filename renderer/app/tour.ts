// The layout tour's rules, pure so they are tested without a page (use-tour.ts runs them): which
// layout comes next, and when. A tour waits while the user interacts: it moves on only once the
// step's dwell time is over and nobody has touched the page for TOUR_RESUME_AFTER_MS.
import type { Layout } from '../../shared/layout.ts';

export type TourStep = { layoutId: string; dwellS: number };

/** After the last pointer or key activity, the tour waits this long before it moves on. */
export const TOUR_RESUME_AFTER_MS = 10_000;

/** The steps whose layout still exists, in order. */
export function liveSteps(steps: readonly TourStep[], layouts: readonly Layout[]): TourStep[] {
  return steps.filter((step) => layouts.some((layout) => layout.id === step.layoutId));
}

/** The step showing now: the active layout's, or the first when the active layout is not in the tour. */
export function currentStep(steps: readonly TourStep[], activeLayoutId: string | null): TourStep | null {
  return steps.find((step) => step.layoutId === activeLayoutId) ?? steps[0] ?? null;
}

/** The step after the active layout's (the first after the last, or when the active one is not in the tour). */
export function nextStep(steps: readonly TourStep[], activeLayoutId: string | null): TourStep | null {
  const at = steps.findIndex((step) => step.layoutId === activeLayoutId);
  return steps[(at + 1) % steps.length] ?? null;
}

/** Milliseconds until the tour moves on (0 or less: now). */
export function msUntilNext(now: number, stepStartedAt: number, dwellS: number, lastInteractionAt: number): number {
  return Math.max(stepStartedAt + dwellS * 1000, lastInteractionAt + TOUR_RESUME_AFTER_MS) - now;
}
