// Playback across the autumn DST change, end to end with TZ=Europe/Berlin in both `camwall
// serve` and Chromium: on 2026-10-25 the clocks go back from 03:00 CEST to 02:00 CET, so the
// local day has 25 hours and 02:00-03:00 happens twice. The timeline labels each occurrence of
// the repeated hour once (with its zone) and marks the jump; "go to" reaches either 02:45; the
// playhead reads in local time with its zone; the Recordings view's day holds all 25 hours.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument } from '../support/page-dom.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';
import { makeRecordedDataDir } from '../support/recorded-data.ts';
import { pressOnWall as pressKeyOnWall } from '../support/keyboard.ts';

declare const document: PageDocument;

const WAIT_MS = 25_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
const BERLIN = { TZ: 'Europe/Berlin' };
/** 02:45 CEST (the first) and 02:45 CET (the second). */
const FIRST_0245 = Date.UTC(2026, 9, 25, 0, 45);
const SECOND_0245 = Date.UTC(2026, 9, 25, 1, 45);
/** 23:30 CET on the 25th: still that local day, 24.5 hours after it began. */
const LATE_EVENING = Date.UTC(2026, 9, 25, 22, 30);

describe('playback across the autumn DST change (Europe/Berlin)', { timeout: 180_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    // One frame every 2 s from 00:30 CEST to 03:00 CET, and a minute late in the evening.
    const made = await makeRecordedDataDir([
      { id: 'hall', name: 'Hall', channel: 1, fps: 0.5, spans: [{ fromMs: Date.UTC(2026, 9, 24, 22, 30), toMs: Date.UTC(2026, 9, 25, 2) }, { fromMs: LATE_EVENING, toMs: LATE_EVENING + 60_000 }] },
    ], { segmentMs: 30 * 60_000 });
    [serve, browser] = await Promise.all([startServe({ dataDir: made.dataDir, env: BERLIN }), launchChromium([], BERLIN)]);
    // The zone comes from TZ (above); the locale is pinned so labels read the same on every machine.
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.goto(serve.url);
    await page.waitForSelector('[data-tile][data-camera-id="hall"]', { timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const pressOnWall = (key: string) => pressKeyOnWall(page, key);
  const position = () => page.getByTestId('playback-position');
  const goTo = async (local: string, second: boolean) => {
    await pressOnWall('/');
    const dialog = page.getByRole('dialog', { name: 'Go to a date and time' });
    await dialog.locator('input[type="datetime-local"]').fill(local);
    if (second) await dialog.getByLabel(/the second time/).check();
    await dialog.getByRole('button', { name: 'Go' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  };
  const capturedAt = () => page.locator('[data-tile][data-camera-id="hall"]').getAttribute('data-captured-at').then(Number);

  it('goes to the first and the second 02:45 of the day, and says which in local time', async () => {
    await goTo('2026-10-25T02:45:00', false);
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs) === t, FIRST_0245, { timeout: WAIT_MS });
    await page.waitForFunction((t) => Number(document.querySelector('[data-tile]')!.dataset.capturedAt) === t, FIRST_0245, { timeout: WAIT_MS });
    assert.match(await position().innerText(), /02:45:00\.000 GMT\+2/);

    // The dialog offers both occurrences of a clock time the day has twice.
    await goTo('2026-10-25T02:45:00', true);
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs) === t, SECOND_0245, { timeout: WAIT_MS });
    await page.waitForFunction((t) => Number(document.querySelector('[data-tile]')!.dataset.capturedAt) === t, SECOND_0245, { timeout: WAIT_MS });
    assert.equal(await capturedAt(), SECOND_0245);
    assert.match(await position().innerText(), /02:45:00\.000 GMT\+1/);
  });

  it('labels each occurrence of the repeated hour once, in local time, and marks the jump', async () => {
    // Around the first 02:45, zoomed out from 10 minutes to 160: the view holds both 02:00s.
    await goTo('2026-10-25T02:45:00', false);
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs) === t, FIRST_0245, { timeout: WAIT_MS });
    for (let i = 0; i < 4; i++) await pressOnWall('Z');
    await page.waitForFunction(() => Number(document.querySelector('.timeline-track')?.getAttribute('data-view-span')) >= 9_000_000, null, { timeout: WAIT_MS });
    const labels = await page.locator('.timeline-tick').allTextContents();
    assert.equal(labels.filter((l) => l === '02:00 GMT+2').length, 1, labels.join(' | '));
    assert.equal(labels.filter((l) => l === '02:00 GMT+1').length, 1, labels.join(' | '));
    assert.equal(labels.filter((l) => l === '03:00').length, 1, 'after the jump, 03:00 comes once');
    const jump = page.locator('.timeline-dst');
    assert.match(await jump.innerText(), /^Clocks back 1 h \(GMT\+2 → GMT\+1\)$/);
    assert.equal(Number(await jump.getAttribute('data-at-ms')), Date.UTC(2026, 9, 25, 1));
    // Ticks go left to right in time, the repeated hour after the first one.
    const times = (await page.locator('.timeline-tick').evaluateAll((ts) => ts.map((t) => Number(t.getAttribute('data-at-ms')))));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'playback-dst.png') });
  });

  it('lists the whole 25-hour local day in the Recordings view', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Recordings', exact: true }).click();
    await page.locator('.recordings-panel input[type="date"]').fill('2026-10-25');
    await page.locator('.recordings-table tr[data-segment]').first().waitFor({ timeout: WAIT_MS });
    const starts = await page.locator('.recordings-table tbody tr td:first-child').allTextContents();
    // 23:30 CET is 24.5 hours after the day began: a day of 24 hours would lose it.
    assert.ok(starts.some((s) => /11:30:00 PM GMT\+1/.test(s)), starts.join(' | '));
    // The repeated hour's segments read apart by their zone.
    assert.ok(starts.some((s) => /2:08:00 AM GMT\+2/.test(s)) && starts.some((s) => /2:08:00 AM GMT\+1/.test(s)), starts.join(' | '));
  });
});
