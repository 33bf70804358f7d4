// Debian's Chromium through playwright-core, with the flags a headless CI box needs.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * `env` adds to Chromium's environment (TZ: the zone the page's local time uses);
 * `executablePath` replaces Debian's Chromium (a wrapper that starts it in a network namespace).
 */
export function launchChromium(extraArgs: string[] = [], env?: Record<string, string>, executablePath = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({
    executablePath,
    ...(env ? { env: { ...process.env, ...env } as Record<string, string> } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...extraArgs],
  });
}
