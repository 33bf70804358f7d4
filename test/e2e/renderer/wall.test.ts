// The wall end to end: `camwall serve --demo` (a child process with a throw-away data folder), a
// separate simulated camera that wants Digest credentials, and the built renderer in Debian's
// Chromium. Each step is what a user does; the assertions read the page (tile attributes, the
// canvas picture, the overlay's state badge) and, after a reload, what the core kept.
// Screenshots go to a temporary folder, or to docs/screenshots/ for the README when
// `npm run screenshots` sets CAMWALL_SCREENSHOTS_DIR: a test run never changes tracked files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import type { PageCanvas, PageDocument, PageElement, PageGetComputedStyle, PageKeyboardEventConstructor, PageSelect } from '../support/page-dom.ts';
import { ROOT, removeDir, startServe, startSimulator, type Serve, type Simulator } from '../support/processes.ts';
import { pressOnWall as pressKeyOnWall } from '../support/keyboard.ts';

declare const document: PageDocument;
declare const KeyboardEvent: PageKeyboardEventConstructor;
declare const getComputedStyle: PageGetComputedStyle;

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box | null, outer: Box | null) =>
  inner !== null && outer !== null && inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

const WAIT_MS = 25_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');

describe('the wall in a browser against camwall serve --demo', { timeout: 180_000 }, () => {
  let serve: Serve;
  let camera: Simulator;
  let browser: Browser;
  let page: Page;
  let gateId = '';

  before(async () => {
    [serve, camera] = await Promise.all([
      startServe({ demo: true }),
      startSimulator(['--cameras', '1', '--auth', 'digest', '--user', 'admin', '--password', 'secret', '--fps', '8']),
    ]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([serve?.stop(), camera?.stop()]);
    if (serve) removeDir(serve.dataDir);
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const wallCameras = () => page.locator('[data-tile]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-camera-id')));
  /** Shortcuts apply when no form control has the focus, as for a user who clicked the wall. */
  const pressOnWall = (key: string) => pressKeyOnWall(page, key);
  const tile = (cameraId: string) => page.locator(`[data-tile][data-camera-id="${cameraId}"]`);
  const painted = (cameraId: string) => tile(cameraId).evaluate((el) => Number((el as unknown as PageElement).dataset.painted ?? 0));
  const cameraIdOf = (name: string) => page.locator('tr[data-camera-id]', { has: page.locator(`th:text-is("${name}")`) }).getAttribute('data-camera-id');

  it('shows the demo cameras live, and their pictures change', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-tile][data-camera-id^="cam-"]').length === 6, null, { timeout: WAIT_MS });
    // Every demo tile paints frames...
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-tile][data-camera-id^="cam-"]')].every((t) => Number(t.dataset.painted) >= 5),
      null,
      { timeout: WAIT_MS },
    );
    // ...and the picture on the canvas is a different one a moment later.
    const picture = () => page.locator('[data-tile="0"] canvas').evaluate((c) => (c as unknown as PageCanvas).toDataURL('image/png'));
    const first = await picture();
    const firstCount = await page.locator('[data-tile="0"]').evaluate((el) => Number((el as unknown as PageElement).dataset.painted));
    await page.waitForFunction((n) => Number(document.querySelector('[data-tile="0"]')!.dataset.painted) >= n + 3, firstCount, { timeout: WAIT_MS });
    assert.notEqual(await picture(), first);
    await page.waitForSelector('[data-tile="0"] .state-badge.tone-live', { timeout: WAIT_MS });
    // A few seconds of frames, so the overlay's frame rate has settled for the screenshot.
    await page.waitForFunction(() => Number(document.querySelector('[data-tile="0"]')!.dataset.painted) >= 35, null, { timeout: WAIT_MS });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'wall.png') });
  });

  it('shows field errors from the core inline in the camera form', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Add camera', exact: true }).click();
    await page.locator('#camera-name').fill('Gate');
    await page.locator('#camera-host').fill('127.0.0.1');
    await page.locator('#camera-port').fill('70000');
    await page.getByRole('button', { name: 'Add camera', exact: true }).last().click();
    const error = page.locator('[data-field-error="camera-port"]');
    await error.waitFor({ timeout: WAIT_MS });
    assert.match(await error.innerText(), /1 to 65535/);
    assert.equal(await page.locator('#camera-port').getAttribute('aria-invalid'), 'true');
  });

  it('adds a camera with a wrong password: its tile says auth failed', async () => {
    await page.locator('#camera-port').fill(String(camera.port));
    await page.locator('#camera-username').fill('admin');
    await page.locator('#camera-password').fill('wrong');
    await page.getByRole('button', { name: 'Add camera', exact: true }).last().click();
    await page.locator('tr[data-camera-id] th:text-is("Gate")').waitFor({ timeout: WAIT_MS });
    gateId = (await cameraIdOf('Gate'))!;
    assert.ok(gateId);
    await tab('Wall').click();
    await tile(gateId).locator('.state-badge[data-state="auth-failed"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await tile(gateId).locator('.state-badge').innerText(), 'Auth failed');
    assert.equal(await painted(gateId), 0);
  });

  it('tests the connection and, with the right password, goes live', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Edit Gate' }).click();
    await page.locator('#camera-password').fill('secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByTestId('test-report');
    await report.waitFor({ timeout: WAIT_MS });
    assert.match(await report.innerText(), /usable stream/);
    assert.match(await report.innerText(), /Digest/);
    // A laptop's window: the verdict and the report stay in view beside the buttons.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('test-verdict').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'cameras.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await tab('Wall').click();
    await tile(gateId).locator('.state-badge.tone-live').waitFor({ timeout: WAIT_MS });
    await page.waitForFunction((id) => Number(document.querySelector(`[data-camera-id="${id}"][data-tile]`)!.dataset.painted) >= 3, gateId, {
      timeout: WAIT_MS,
    });
  });

  it('saves a second named layout, switches between layouts and presets', async () => {
    // Opening the form moves nothing: the wall's box stays where it was (it once moved ~50 px
    // down when the form wrapped the toolbar).
    const wallBox = await page.locator('.wall').boundingBox();
    const toolbarBox = await page.locator('.toolbar').boundingBox();
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Name', { exact: true }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await page.locator('.wall').boundingBox(), wallBox, 'the wall does not move when Save as… opens');
    assert.deepEqual(await page.locator('.toolbar').boundingBox(), toolbarBox, 'the toolbar keeps its size');
    await page.getByLabel('Name', { exact: true }).fill('Focus');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForFunction(() => document.querySelector<PageSelect>('[data-testid="layout"]')?.selectedOptions[0]?.textContent === 'Focus', null, { timeout: WAIT_MS });
    // Changing the grid changes the active layout only.
    await page.getByTestId('preset').selectOption('1+5');
    await page.waitForSelector('.wall[data-preset="1+5"]', { timeout: WAIT_MS });
    assert.equal(await page.locator('[data-tile]').count(), 6);
    await page.getByTestId('layout').selectOption({ label: 'Wall' });
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    await page.getByTestId('layout').selectOption({ label: 'Focus' });
    await page.waitForSelector('.wall[data-preset="1+5"]', { timeout: WAIT_MS });
    await page.getByTestId('layout').selectOption({ label: 'Wall' });
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    // Number keys pick presets; cameras that fall off a smaller grid come back on a bigger one.
    const tilesBefore = await wallCameras();
    await pressOnWall('2');
    await page.waitForSelector('.wall[data-preset="2x2"]', { timeout: WAIT_MS });
    assert.equal(await page.locator('[data-tile]').count(), 4);
    await pressOnWall('3');
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    assert.deepEqual(await wallCameras(), tilesBefore);
  });

  it('fits the overlays to the small tiles of 8x8: name and a state dot, controls on hover; empty tiles stay quiet', async () => {
    await pressOnWall('7');
    await page.waitForSelector('.wall[data-preset="8x8"]', { timeout: WAIT_MS });
    assert.equal(await page.locator('[data-tile]').count(), 64);
    await page.mouse.move(0, 0);
    const first = page.locator('[data-tile="0"]');
    await first.locator('.state-badge.tone-live').waitFor({ timeout: WAIT_MS });
    const tileBox = await first.boundingBox();
    const nameBox = await first.locator('.tile-name').boundingBox();
    const dotBox = await first.locator('.state-badge').boundingBox();
    assert.ok(inside(nameBox, tileBox), `the name ${JSON.stringify(nameBox)} lies in the tile ${JSON.stringify(tileBox)}`);
    assert.ok(inside(dotBox, tileBox) && dotBox!.width <= 12 && dotBox!.height <= 12, `the state is a dot: ${JSON.stringify(dotBox)}`);
    assert.ok(nameBox!.height < tileBox!.height / 4, 'the name covers little of the picture');
    assert.equal(await first.locator('.tile-figures').isVisible(), false);
    const opacity = () => first.locator('.tile-actions').evaluate((el) => getComputedStyle(el as unknown as PageElement).opacity);
    assert.equal(await opacity(), '0', 'no controls over the picture until the pointer comes');
    await first.hover();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-tile="0"] .tile-actions')!).opacity === '1', null, { timeout: WAIT_MS });
    const buttons = await first.locator('.tile-actions button').all();
    assert.equal(buttons.length, 4);
    for (const button of buttons) assert.ok(inside(await button.boundingBox(), tileBox), 'every control lies wholly in the tile');
    await page.screenshot({ path: join(SCREENSHOTS, 'wall-8x8.png') });
    const shownPlaceholders = () =>
      page.locator('.tile-placeholder').evaluateAll((els) => els.filter((el) => getComputedStyle(el as unknown as PageElement).visibility === 'visible').length);
    assert.equal(await shownPlaceholders(), 0, 'empty tiles show nothing while no one points at them');
    await page.locator('[data-tile="20"]').hover();
    assert.equal(await shownPlaceholders(), 1, 'the empty tile under the pointer offers a camera');
    assert.equal(await page.locator('[data-tile="20"] .tile-picker').isVisible(), true);
    await page.mouse.move(0, 0);
    await pressOnWall('3');
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
  });

  it('maximizes a tile with its main stream, and restores it with Escape', async () => {
    const first = page.locator('[data-tile="0"]');
    await first.dblclick();
    await page.waitForSelector('[data-tile="0"].tile-maximized[data-stream="main"]', { timeout: WAIT_MS });
    // The other tiles are hidden and stop receiving frames.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-tile]:not(.tile-maximized)')].every((t) => t.dataset.stream === 'none'), null, {
      timeout: WAIT_MS,
    });
    await pressOnWall('Escape');
    await page.waitForSelector('.wall:not(.wall-has-maximized) [data-tile="0"][data-stream="sub"]', { timeout: WAIT_MS });
    // Enter maximizes the selected tile too.
    await pressOnWall('Enter');
    await page.waitForSelector('[data-tile="0"].tile-maximized', { timeout: WAIT_MS });
    await pressOnWall('Escape');
    await page.waitForSelector('.wall:not(.wall-has-maximized)', { timeout: WAIT_MS });
  });

  it('restores a tile with an Escape that comes right after the Enter that maximized it', async () => {
    await page.evaluate(() => document.activeElement?.blur());
    // The Escape comes once the Enter's render is on screen but before the next animation frame,
    // when Preact runs the render's effects.
    const maximizedAtEscape = await page.evaluate(async () => {
      const press = (key: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      press('Enter');
      await new Promise((resolve) => setTimeout(resolve, 0));
      const maximized = document.querySelector('.wall-has-maximized') !== null;
      press('Escape');
      return maximized;
    });
    assert.equal(maximizedAtEscape, true, 'Enter maximized the tile before the Escape');
    await page.waitForSelector('.wall:not(.wall-has-maximized)', { timeout: WAIT_MS });
  });

  it('rearranges tiles by dragging one onto another', async () => {
    const before = await page.locator('[data-tile="1"]').getAttribute('data-camera-id');
    const other = await page.locator('[data-tile="4"]').getAttribute('data-camera-id');
    await page.locator('[data-tile="1"]').dragTo(page.locator('[data-tile="4"]'));
    await page.waitForFunction(([b]) => document.querySelector('[data-tile="4"]')!.getAttribute('data-camera-id') === b, [before], { timeout: WAIT_MS });
    assert.equal(await page.locator('[data-tile="1"]').getAttribute('data-camera-id'), other);
  });

  it('removes a camera from the list and from the wall', async () => {
    await tab('Cameras').click();
    const demo6 = (await cameraIdOf('Demo 6'))!;
    await page.getByRole('button', { name: 'Remove Demo 6' }).click();
    await page.waitForFunction((id) => !document.querySelector(`tr[data-camera-id="${id}"]`), demo6, { timeout: WAIT_MS });
    await tab('Wall').click();
    await page.waitForFunction((id) => !document.querySelector(`[data-tile][data-camera-id="${id}"]`), demo6, { timeout: WAIT_MS });
  });

  it('keeps cameras, layouts and the active layout after a reload', async () => {
    const tilesBefore = await wallCameras();
    await page.reload();
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    const tilesAfter = await wallCameras();
    assert.deepEqual(tilesAfter, tilesBefore);
    assert.deepEqual(await page.getByTestId('layout').locator('option').allTextContents(), ['Wall', 'Focus']);
    assert.equal(await page.locator('.drawer-item').count(), 6); // 5 demo cameras left + Gate
    await tile(gateId).locator('.state-badge.tone-live').waitFor({ timeout: WAIT_MS });
  });

  it('shows the keyboard shortcuts with ?', async () => {
    await pressOnWall('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  });

  it('switches views and layouts from the keyboard, and turns recording of the selected tile on and off with R', async () => {
    const activeTab = () => page.locator('.tab-active').innerText();
    await pressOnWall('c');
    await page.waitForFunction(() => document.querySelector('.tab-active')?.textContent === 'Cameras', null, { timeout: WAIT_MS });
    await pressOnWall('w');
    await page.locator('.wall').waitFor({ timeout: WAIT_MS });
    assert.equal(await activeTab(), 'Wall');
    const active = (name: string) =>
      page.waitForFunction((n) => document.querySelector<PageSelect>('[data-testid="layout"]')?.selectedOptions[0]?.textContent === n, name, { timeout: WAIT_MS });
    await active('Wall');
    await pressOnWall(']');
    await active('Focus');
    await pressOnWall('[');
    await active('Wall');
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    const record = page.locator('[data-tile="0"] .record-toggle');
    assert.equal(await record.getAttribute('aria-pressed'), 'false');
    await pressOnWall('r');
    await page.locator('[data-tile="0"] .record-toggle[aria-pressed="true"]').waitFor({ timeout: WAIT_MS });
    await pressOnWall('r');
    await page.locator('[data-tile="0"] .record-toggle[aria-pressed="false"]').waitFor({ timeout: WAIT_MS });
  });

  it('reaches the camera list from the keyboard: L, then arrows, and Enter shows the camera in the selected tile', async () => {
    const target = (await page.locator('[data-tile][data-camera-id=""]').last().getAttribute('data-tile'))!;
    await page.locator(`[data-tile="${target}"]`).click({ position: { x: 5, y: 5 } });
    await page.waitForSelector(`[data-tile="${target}"].tile-selected`, { timeout: WAIT_MS });
    await pressOnWall('l');
    const focusedCamera = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    assert.match(await focusedCamera(), /^Demo 1/);
    await page.keyboard.press('ArrowDown');
    assert.match(await focusedCamera(), /^Demo 2/);
    assert.equal(await page.locator(`[data-tile="${target}"].tile-selected`).count(), 1, 'the arrows stayed in the list');
    const demo2 = (await page.locator('.drawer-item').nth(1).getAttribute('data-camera-id'))!;
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-tile="${target}"][data-camera-id="${demo2}"]`, { timeout: WAIT_MS });
  });

  it('tours the layouts set up in Settings, each for its dwell time, started and stopped with T', async () => {
    await tab('Settings').click();
    const steps = page.locator('.tour-step');
    assert.deepEqual(await steps.locator('.check').allInnerTexts(), ['Wall', 'Focus']);
    for (const row of await steps.all()) {
      await row.locator('input[type="checkbox"]').check();
      await row.locator('input.dwell').fill('2');
    }
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-status').filter({ hasText: 'Settings saved.' }).waitFor({ timeout: WAIT_MS });
    await tab('Wall').click();
    const active = (name: string, timeout = WAIT_MS) =>
      page.waitForFunction((n) => document.querySelector<PageSelect>('[data-testid="layout"]')?.selectedOptions[0]?.textContent === n, name, { timeout });
    await active('Wall');
    await pressOnWall('t');
    await page.getByRole('button', { name: 'Tour', exact: true, pressed: true }).waitFor({ timeout: WAIT_MS });
    // The key press counts as using the wall: the first move waits for the pause after it.
    await active('Focus', 40_000);
    await active('Wall', 40_000);
    await pressOnWall('t');
    await page.getByRole('button', { name: 'Tour', exact: true, pressed: false }).waitFor({ timeout: WAIT_MS });
  });

  it('lists what happened in the events panel', async () => {
    await tab('Events').click();
    await page.locator('.events-table tbody tr').first().waitFor({ timeout: WAIT_MS });
    assert.ok((await page.locator('.events-table tbody tr').count()) > 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'events.png') });
  });
});
