// Runs the layout tour (tour.ts): while on, shows each step's layout for its dwell time, waiting
// while the user moves the pointer, scrolls or types. The tour switches the active layout
// (layouts.setActive), so a layout edited during a pause is the one shown.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Layout } from '../../shared/layout.ts';
import { currentStep, liveSteps, msUntilNext, nextStep, type TourStep } from './tour.ts';

export type Tour = { running: boolean; available: boolean; toggle: () => void; stop: () => void };

export function useTour(configured: readonly TourStep[], layouts: readonly Layout[], activeId: string | null, switchTo: (id: string) => void, autoStart: boolean): Tour {
  const steps = liveSteps(configured, layouts);
  const available = steps.length >= 2;
  const [running, setRunning] = useState(false);
  const lastInteraction = useRef(0);
  const stepStarted = useRef(Date.now());

  useEffect(() => {
    if (autoStart && available) setRunning(true);
  }, [autoStart, available]);

  useEffect(() => {
    const touched = () => (lastInteraction.current = Date.now());
    const listening = new AbortController();
    for (const name of ['pointermove', 'pointerdown', 'wheel', 'keydown'] as const) {
      document.addEventListener(name, touched, { passive: true, capture: true, signal: listening.signal });
    }
    return () => listening.abort();
  }, []);

  // A new layout on screen (the tour's or the user's) starts its step's dwell time afresh.
  useEffect(() => {
    stepStarted.current = Date.now();
  }, [activeId]);

  useEffect(() => {
    if (!running || !available) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const step = currentStep(steps, activeId);
      if (!step) return;
      const wait = msUntilNext(Date.now(), stepStarted.current, step.dwellS, lastInteraction.current);
      if (wait > 0) {
        timer = setTimeout(schedule, wait);
        return;
      }
      const next = nextStep(steps, activeId);
      if (next) switchTo(next.layoutId);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [running, available, activeId, JSON.stringify(steps)]);

  return { running: running && available, available, toggle: () => setRunning((r) => !r), stop: () => setRunning(false) };
}
