// Recording from the wall, end to end: `camwall serve --demo` and the built renderer in Chromium.
// The tile's record button starts recording, the red dot follows the recorder's state, the
// Recordings view lists the segment being written, and the camera form's weekly schedule editor
// saves a schedule the core accepts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';

const WAIT_MS = 25_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');

describe('recording from the wall', { timeout: 120_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    serve = await startServe({ demo: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const firstTile = () => page.locator('[data-tile="0"]');

  it('the record button on a tile records the camera; the dot and the Recordings view show it', async () => {
    await page.waitForSelector('[data-tile="0"][data-camera-id^="cam-"]', { timeout: WAIT_MS });
    const cameraId = (await firstTile().getAttribute('data-camera-id'))!;
    const name = (await firstTile().locator('.tile-name').textContent())!;
    await firstTile().hover();
    await firstTile().getByRole('button', { name: `Record ${name}` }).click();
    await firstTile().locator('.rec-dot[data-recording="recording"]').waitFor({ timeout: WAIT_MS });

    await tab('Recordings').click();
    await page.locator('.recordings-panel select').first().selectOption(cameraId);
    await page.locator('.recordings-table tr[data-status="recording"]').first().waitFor({ timeout: WAIT_MS });
    await page.locator('.recorder-state[data-recording="recording"]').waitFor({ timeout: WAIT_MS });
    const path = await page.locator('.recordings-table tr[data-segment] td.mono').last().textContent();
    assert.match(path ?? '', new RegExp(`^${cameraId}/\\d{4}-\\d{2}-\\d{2}/\\d{6}`));

    await tab('Wall').click();
    await firstTile().hover();
    await firstTile().getByRole('button', { name: `Stop recording ${name}` }).click();
    await firstTile().locator('.rec-dot').waitFor({ state: 'detached', timeout: WAIT_MS });
    await tab('Recordings').click();
    await page.locator('.recordings-table tr[data-status="complete"]').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('.recordings-table tr[data-status="recording"]').count(), 0);
  });

  it('the camera form saves a weekly schedule: an overnight range, two ranges a day, copied to all days', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: /^Edit/ }).first().click();
    await page.locator('#camera-recordMode').selectOption('scheduled');
    const monday = page.getByRole('group', { name: 'Monday' });
    // Monday starts with 08:00-18:00; make it 22:00-06:00 (one range across midnight) and add 12:00-13:00.
    await monday.getByLabel('Monday range 1 from').fill('22:00');
    await monday.getByLabel('Monday range 1 to').fill('06:00');
    assert.equal(await monday.locator('.overnight-note').innerText(), 'until 06:00 on Tuesday');
    await page.getByRole('button', { name: 'Add a range on Monday' }).click();
    await monday.getByLabel('Monday range 2 from').fill('12:00');
    await monday.getByLabel('Monday range 2 to').fill('13:00');
    await page.getByRole('button', { name: 'Copy Monday to all days' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.camera-form').waitFor({ state: 'detached', timeout: WAIT_MS });
    // Edit again: the form reads back what the core stored, Saturday's night running into Sunday.
    await page.getByRole('button', { name: /^Edit/ }).first().click();
    assert.equal(await page.locator('#camera-recordMode').inputValue(), 'scheduled');
    for (const day of ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']) {
      const group = page.getByRole('group', { name: day });
      const values = await group.locator('input.time-text').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
      assert.deepEqual(values, ['22:00', '06:00', '12:00', '13:00'], day);
    }
    assert.equal(await page.getByRole('group', { name: 'Saturday' }).locator('.overnight-note').innerText(), 'until 06:00 on Sunday');
    await page.locator('.schedule-editor').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'schedule.png') });
    // A range the core refuses is named by its day and place.
    await page.getByRole('group', { name: 'Tuesday' }).getByLabel('Tuesday range 2 to').fill('12:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const error = page.locator('[data-field-error="camera-schedule"]');
    await error.waitFor({ timeout: WAIT_MS });
    assert.match(await error.innerText(), /^Tuesday, range 2, to: 'to' must differ from 'from'/);
  });
});
