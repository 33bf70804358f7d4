// The one way tests wait: poll a condition until it holds, with a deadline that names what was
// awaited. Deadlines only stop a test that hangs (a 2-core machine running other suites can be
// slow), so they are generous; a test never sleeps a fixed time instead.

/** The deadline when a call names none: a safety net, not a speed target. */
export const DEFAULT_WAIT_MS = 20_000;
/** How often the condition is asked again. */
export const DEFAULT_POLL_MS = 50;

export type WaitOptions = {
  /** What is awaited, for the timeout's message ("a complete segment"). */
  what: string;
  timeoutMs?: number;
  pollMs?: number;
};

/**
 * Resolves with the condition's first value that is not undefined, null or false (so a probe can
 * return what it found); rejects after `timeoutMs` with a message naming `what`.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await condition();
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? DEFAULT_POLL_MS));
  }
}
