// Adding cameras as a new user does, end to end: `camwall serve` (which shows its demo cameras), the
// simulator imitating a 16-channel Axis P7316 encoder that wants Digest credentials, and the built
// renderer in Chromium at 1280x800. A whole address pasted into the address field fills the form;
// a failed test shows beside the buttons and adding anyway asks first; the failing tile offers
// "Fix…", which opens its settings; the passing test offers the encoder's other channels, added
// in one go. Screenshots go to a temporary folder, or to docs/screenshots/ under `npm run screenshots`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { removeDir, startServe, startSimulator, type Serve, type Simulator } from '../support/processes.ts';
import type { PageDocument, PageElement } from '../support/page-dom.ts';
import { waitFor } from '../../support/wait-for.ts';

declare const document: PageDocument;

const WAIT_MS = 30_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
const VIEWPORT = { width: 1280, height: 800 };

describe('adding cameras: a pasted address, a test that guides, an encoder\'s channels', { timeout: 240_000 }, () => {
  let serve: Serve;
  let encoder: Simulator;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [serve, encoder] = await Promise.all([
      startServe(),
      startSimulator(['--cameras', '16', '--auth', 'digest', '--user', 'admin', '--password', 'secret', '--fps', '2', '--resolution', '320x240']),
    ]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([serve?.stop(), encoder?.stop()]);
    if (serve) removeDir(serve.dataDir);
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const value = (id: string) => page.locator(`#${id}`).inputValue();
  /** A real paste event with the text on its clipboardData, as Ctrl+V makes it. */
  const paste = (selector: string, text: string) =>
    page.evaluate(
      `(() => { const dt = new DataTransfer(); dt.setData('text/plain', ${JSON.stringify(text)});
        document.querySelector(${JSON.stringify(selector)}).dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })); })()`,
    );
  const inViewport = async (selector: string) => {
    const box = await page.locator(selector).boundingBox();
    const size = page.viewportSize()!;
    return box !== null && box.y >= 0 && box.y + box.height <= size.height && box.x >= 0 && box.x + box.width <= size.width;
  };

  it('splits a pasted address into the fields, the credentials into their own', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Add camera', exact: true }).first().click();
    await page.locator('#camera-host').waitFor({ timeout: WAIT_MS });
    await page.locator('#camera-name').fill('Encoder');
    await paste('#camera-host', `http://admin:wrong@127.0.0.1:${encoder.port}/axis-cgi/mjpg/video.cgi?resolution=320x240&fps=2&camera=3&clock=1`);
    await page.waitForFunction(() => document.querySelector<PageElement & { value: string }>('#camera-host')?.value === '127.0.0.1', null, { timeout: WAIT_MS });
    assert.equal(await value('camera-host'), '127.0.0.1');
    assert.equal(await value('camera-port'), String(encoder.port));
    assert.equal(await value('camera-kind'), 'vapix');
    assert.equal(await value('camera-resolution'), '320x240');
    assert.equal(await value('camera-fps'), '2');
    assert.equal(await value('camera-channel'), '3');
    assert.equal(await value('camera-username'), 'admin');
    assert.equal(await value('camera-password'), 'wrong');
    const notes = await page.getByTestId('url-notes').innerText();
    assert.match(notes, /password was moved to the password field/);
    assert.match(notes, /clock=1 was left out/);
  });

  it('names an address it cannot use, typed and left with Tab', async () => {
    await page.locator('#camera-host').fill('rtsp://127.0.0.1/axis-media/media.amp');
    await page.keyboard.press('Tab');
    const error = page.locator('[data-field-error="camera-host"]');
    await error.waitFor({ timeout: WAIT_MS });
    assert.match(await error.innerText(), /RTSP address .* Camwall cannot show/);
    await paste('#camera-host', `http://127.0.0.1:${encoder.port}/axis-cgi/mjpg/video.cgi?camera=3`);
    await error.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await value('camera-password'), 'wrong', 'an address without credentials keeps the typed ones');
  });

  it('shows a failed test beside the buttons, in view, and asks before adding such a camera', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    const verdict = page.getByTestId('test-verdict');
    await verdict.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'camera-test-failed.png') });
    assert.match(await verdict.innerText(), /Username or password refused/);
    assert.ok(await inViewport('[data-testid="test-verdict"]'), 'the verdict is in view at 1280x800');
    const testButton = await page.getByRole('button', { name: 'Test connection' }).boundingBox();
    const verdictBox = await verdict.boundingBox();
    // Beside the buttons, or on the line right under them when the panel is narrow.
    assert.ok(testButton && verdictBox && verdictBox.y >= testButton.y - 2 && verdictBox.y <= testButton.y + testButton.height + 12, 'beside or right under the buttons');
    assert.ok(await inViewport('[data-testid="test-report"] h3'), 'the report\'s heading is in view too');

    // A small window: the buttons and the verdict stay in view while the form scrolls under them.
    await page.setViewportSize({ width: 900, height: 560 });
    await page.locator('#camera-name').scrollIntoViewIfNeeded();
    assert.ok(await inViewport('[data-testid="test-verdict"]'), 'the verdict is in view at 900x560');
    await page.screenshot({ path: join(SCREENSHOTS, 'camera-test-small-window.png') });
    await page.setViewportSize(VIEWPORT);

    await page.getByRole('button', { name: 'Add camera', exact: true }).last().click();
    const confirm = page.getByTestId('confirm-add');
    await confirm.waitFor({ timeout: WAIT_MS });
    assert.match(await confirm.innerText(), /The connection test failed: .*Add the camera anyway\?/s);
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    await confirm.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await page.locator('tr[data-camera-id] th:text-is("Encoder")').count(), 0, 'nothing was added');

    await page.getByRole('button', { name: 'Add camera', exact: true }).last().click();
    await confirm.getByRole('button', { name: 'Add anyway' }).click();
    await page.locator('tr[data-camera-id] th:text-is("Encoder")').waitFor({ timeout: WAIT_MS });
  });

  it('offers "Fix…" on the failing tile, which opens the camera\'s settings', async () => {
    const encoderId = (await page.locator('tr[data-camera-id]', { has: page.locator('th:text-is("Encoder")') }).getAttribute('data-camera-id'))!;
    await tab('Wall').click();
    const tile = page.locator(`[data-tile][data-camera-id="${encoderId}"]`);
    await tile.locator('.state-badge[data-state="auth-failed"]').waitFor({ timeout: WAIT_MS });
    const fix = tile.getByRole('button', { name: 'Fix Encoder: open its settings' });
    await fix.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'tile-fix.png') });
    await fix.click();
    await page.getByRole('form', { name: 'Edit Encoder' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await value('camera-channel'), '3');
  });

  it('with the right password, the test offers the encoder\'s other channels and adds them in one go', async () => {
    await page.locator('#camera-password').fill('secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const verdict = page.getByTestId('test-verdict');
    await verdict.filter({ hasText: 'Usable stream' }).waitFor({ timeout: WAIT_MS });
    // The channel field became a picker of the 16 channels the device reported.
    assert.equal(await page.locator('select#camera-channel option').count(), 16);
    const offer = page.getByTestId('channel-offer');
    assert.match(await offer.innerText(), /This device has 16 video channels\. Channel 3 is in your camera list already\./);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.camera-form').waitFor({ state: 'detached', timeout: WAIT_MS });

    await page.getByRole('button', { name: 'Edit Encoder' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('button', { name: 'Add the other 15 channels' }).click();
    const encoderRows = page.locator('.camera-table tbody th', { hasText: /^Encoder/ });
    await page.waitForFunction(() => [...document.querySelectorAll('.camera-table tbody th')].filter((th) => th.textContent?.startsWith('Encoder')).length === 16, null, { timeout: WAIT_MS });
    const names = await encoderRows.allInnerTexts();
    assert.deepEqual(names.sort(), ['Encoder', ...Array.from({ length: 16 }, (_, i) => `Encoder ${i + 1}`).filter((n) => n !== 'Encoder 3')].sort());
    await page.screenshot({ path: join(SCREENSHOTS, 'cameras-channels.png') });
  });

  it('lists camera changes in the Events view with readable titles, filtered by type and day', async () => {
    await tab('Events').click();
    await page.getByRole('combobox', { name: 'Event type' }).selectOption('group:cameras');
    const rows = page.locator('.events-table tbody tr');
    // 16 cameras added (Encoder, then 15 channels) and Encoder's password changed.
    // The filtered answer, not the unfiltered rows still shown while it is on its way.
    await page.waitForFunction(() => {
      const trs = [...document.querySelectorAll('.events-table tbody tr')];
      return trs.length >= 17 && trs.every((tr) => ['camera.added', 'camera.changed'].includes(tr.getAttribute('data-kind') ?? ''));
    }, null, { timeout: WAIT_MS });
    const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    assert.ok(kinds.length >= 17 && kinds.every((k) => k === 'camera.added' || k === 'camera.changed'), kinds.join());
    const titles = new Set(await rows.locator('.event-kind').allInnerTexts());
    assert.deepEqual([...titles].sort(), ['Camera added', 'Camera settings changed']);
    assert.match(await page.locator('.events-table tbody tr[data-kind="camera.changed"] td').last().innerText(), /^Camera “Encoder” changed from a browser \(ws client \d+\): password$/);
    // A range of days that ended yesterday holds none of today's rows.
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    await page.getByLabel('Last day').fill(day);
    await page.getByText('No events match these filters.').waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Last day').fill('');
    await page.locator('.events-table tbody tr').first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'events-filtered.png') });
  });

  it('shows in Settings how long each camera\'s recordings last, and warns where a limit cannot hold the days asked', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Edit Encoder 1', exact: true }).click();
    await page.locator('#camera-recordMode').selectOption('continuous');
    await page.locator('#camera-retentionDays').fill('30');
    await page.locator('#camera-retentionGb').fill('0.1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.camera-form').waitFor({ state: 'detached', timeout: WAIT_MS });
    await tab('Settings').click();
    const plan = page.getByTestId('storage-plan');
    const row = plan.locator('tr', { has: page.locator('th:text-is("Encoder 1")') });
    // The rate needs 10 s of recording: refresh until the forecast is there.
    let seen = '';
    await waitFor(async () => {
      await plan.getByRole('button', { name: 'Refresh' }).click();
      await plan.getByRole('button', { name: 'Refresh' }).waitFor({ timeout: WAIT_MS });
      seen = await row.innerText();
      return /about .* by its GB limit \(asks 30 days\)/.test(seen) || undefined;
    }, { what: 'a forecast for Encoder 1', timeoutMs: 60_000, pollMs: 1_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; the row says: ${seen}`);
    });
    assert.match(await plan.locator('.storage-warnings').innerText(), /Encoder 1 is set to keep 30 days, but at its current rate .* its own storage limit holds only about/);
    assert.match(await plan.locator('.storage-summary').innerText(), /^Recordings use .*; .* free of .* kept free\)\.$/);
    await plan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'storage-plan.png') });
  });
});
