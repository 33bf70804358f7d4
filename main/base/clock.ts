// Time as the core sees it. Every timer and timestamp in main/ (sessions, the stall watchdog,
// stats, frame batching, the demand grace period, recording's schedule and retention) goes through
// a Clock (a parameter or option, `systemClock` when none is given), so tests can drive time
// instead of sleeping. The simulator keeps its own real time: it is the camera, not the app. In
// main/base/ because every layer uses it.

export type TimerHandle = { cancel(): void };

export type Clock = {
  /** Wall-clock ms since the epoch: frame capture times, state timestamps. */
  now(): number;
  /** Monotonic ms: durations, rates, the watchdog. Never jumps with the wall clock. */
  monotonic(): number;
  /** Calls `fn` once after `ms`; the handle cancels it. Timers never keep the process alive. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /** Calls `fn` every `ms` until cancelled (setInterval); never keeps the process alive either. */
  setRepeating(fn: () => void, ms: number): TimerHandle;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  setRepeating(fn, ms) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
