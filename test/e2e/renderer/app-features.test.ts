// The rest of the app end to end, each as a user meets it, in Debian's Chromium against a real
// `camwall serve`: a fresh page knowing a live camera is live (cameras.statuses), the kiosk
// start option, a snapshot download, exporting and importing the camera list through the file
// chooser, the settings form (a field error, then a saved value), wall mode, a window pinned to
// one layout, the capture-time overlay, and the empty wall's demo button.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dataFiles } from '../../../main/app/data-dir.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument, PageElement, PageSelect } from '../support/page-dom.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';
import { waitFor } from '../../support/wait-for.ts';

const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');

declare const document: PageDocument;

const WAIT_MS = 25_000;
const DEMO_TILES = '[data-tile][data-camera-id^="cam-"]';

/** Width and height from a JPEG's start-of-frame segment (SOF0..SOF15 except DHT, JPG, DAC). */
function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

async function waitForDemoWall(page: Page, minPainted = 2): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const tiles = [...document.querySelectorAll('[data-tile][data-camera-id^="cam-"]')];
      return tiles.length === 6 && tiles.every((t) => Number(t.dataset.painted) >= n);
    },
    minPainted,
    { timeout: WAIT_MS },
  );
}

describe('the app in a browser against camwall serve --demo', { timeout: 150_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    [serve, browser] = await Promise.all([startServe({ demo: true }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(serve.url);
    await waitForDemoWall(page);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const tab = (p: Page, name: string) => p.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

  it('shows a camera that is already live as Live on a fresh page, without waiting for its next state change', async () => {
    const cameraId = (await page.locator('[data-tile="0"]').getAttribute('data-camera-id'))!;
    await page.locator(`[data-tile="0"] .state-badge[data-state="live"]`).waitFor({ timeout: WAIT_MS });
    // The first page keeps the camera live, so it sends no camera.status event while the second
    // page loads: the second page knows the state from cameras.statuses alone.
    const fresh = await context.newPage();
    try {
      await fresh.goto(serve.url);
      await fresh.locator(`[data-tile][data-camera-id="${cameraId}"] .state-badge[data-state="live"]`).waitFor({ timeout: WAIT_MS });
      // The camera list never counts painted frames: only the core's state can say Live there.
      await tab(fresh, 'Cameras').click();
      const badge = fresh.locator(`tr[data-camera-id="${cameraId}"] .state-badge`);
      await badge.filter({ hasText: 'Live' }).waitFor({ timeout: WAIT_MS });
      assert.equal(await badge.innerText(), 'Live');
    } finally {
      await fresh.close();
    }
  });

  it('starts as a kiosk with ?kiosk=1: the wall alone, no toolbar, list or tile buttons', async () => {
    const kiosk = await context.newPage();
    try {
      await kiosk.goto(`${serve.url}&kiosk=1`);
      await waitForDemoWall(kiosk, 1);
      assert.equal(await kiosk.locator('.app.kiosk').count(), 1);
      assert.equal(await kiosk.locator('.toolbar').count(), 0);
      assert.equal(await kiosk.getByRole('navigation', { name: 'Views' }).count(), 0);
      assert.equal(await kiosk.locator('.drawer').count(), 0);
      await kiosk.locator('[data-tile="0"]').hover();
      assert.equal(await kiosk.locator('[data-tile="0"] .tile-actions').isVisible(), false);
      assert.equal(await kiosk.locator('[data-tile="0"] .tile-name').isVisible(), true, 'the overlay still names the camera');
    } finally {
      await kiosk.close();
    }
  });

  it('shows the tiles alone in wall mode, from the toolbar or F, and leaves it by the bar at the top edge or Escape', async () => {
    const paintedNow = () => page.locator('[data-tile="0"]').evaluate((el) => Number((el as unknown as PageElement).dataset.painted));
    await page.getByRole('button', { name: 'Wall mode' }).click();
    await page.locator('.app.wall-mode').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('.toolbar').count(), 0);
    assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 0);
    assert.equal(await page.locator('.drawer').count(), 0);
    assert.deepEqual(await page.locator('.wall').boundingBox(), { x: 0, y: 0, width: 1280, height: 800 }, 'the wall takes the whole window');
    // The same tiles go on painting (they are not mounted again).
    const before = await paintedNow();
    await page.waitForFunction((n) => Number(document.querySelector('[data-tile="0"]')!.dataset.painted) >= n + 3, before, { timeout: WAIT_MS });
    // The bar shows for a moment, then hides until the pointer reaches the top edge.
    const bar = page.getByRole('toolbar', { name: 'Wall mode' });
    await page.mouse.move(640, 400);
    await bar.waitFor({ state: 'hidden', timeout: WAIT_MS });
    await page.mouse.move(640, 2);
    await bar.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match((await bar.getByRole('link', { name: 'Kiosk' }).getAttribute('href'))!, /[?&]kiosk=1/);
    await bar.getByRole('button', { name: 'Exit wall mode' }).click();
    await page.locator('.app:not(.wall-mode) .toolbar').waitFor({ timeout: WAIT_MS });
    // The keys: F in, Escape out.
    await page.mouse.move(640, 400);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('f');
    await page.locator('.app.wall-mode').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await page.locator('.app:not(.wall-mode) .toolbar').waitFor({ timeout: WAIT_MS });
  });

  it('shows one named layout in a window opened with ?layout= (a wall per display), whatever the active one', async () => {
    await page.getByRole('button', { name: 'Save as…' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lobby');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // Lobby must be the active layout before its grid changes, or the change lands on Wall.
    await page.waitForFunction(() => document.querySelector<PageSelect>('[data-testid="layout"]')?.selectedOptions[0]?.textContent === 'Lobby', null, { timeout: WAIT_MS });
    await page.getByTestId('preset').selectOption('2x2');
    await page.waitForSelector('.wall[data-preset="2x2"]', { timeout: WAIT_MS });
    const lobby = await page.getByTestId('layout').inputValue();
    await page.getByTestId('layout').selectOption({ label: 'Wall' });
    await page.waitForSelector('.wall[data-preset="3x3"]', { timeout: WAIT_MS });
    const pinned = await context.newPage();
    try {
      await pinned.goto(`${serve.url}&kiosk=1&layout=${lobby}`);
      await pinned.waitForSelector('.wall[data-preset="2x2"][aria-label^="Wall: layout Lobby"]', { timeout: WAIT_MS });
      assert.equal(await page.locator('.wall[data-preset="3x3"]').count(), 1, 'the other window keeps the active layout');
    } finally {
      await pinned.close();
    }
  });

  it('saves a snapshot of a tile as the JPEG it shows', async () => {
    const first = page.locator('[data-tile="0"]');
    const name = await first.locator('.tile-name').innerText();
    await first.hover();
    const button = page.getByRole('button', { name: `Snapshot of ${name}` });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), button.click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^${name.replace(' ', '-')}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.jpg$`));
    const bytes = readFileSync((await download.path())!);
    assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xd8], 'starts with a JPEG start-of-image');
    assert.deepEqual([bytes.at(-2), bytes.at(-1)], [0xff, 0xd9], 'ends with the end-of-image: the whole frame');
    assert.deepEqual(jpegSize(bytes), { width: 640, height: 480 }, 'the demo camera’s picture size');
  });

  it('exports the camera list to a file and imports it back through the file chooser', async () => {
    await tab(page, 'Cameras').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('button', { name: 'Export cameras' }).click()]);
    const file = (await download.path())!;
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { cameras: Array<{ name: string }> };
    assert.deepEqual(exported.cameras.map((c) => c.name), ['Demo 1', 'Demo 2', 'Demo 3', 'Demo 4', 'Demo 5', 'Demo 6']);

    const demo6 = page.locator('tr[data-camera-id]', { has: page.locator('th:text-is("Demo 6")') });
    await page.getByRole('button', { name: 'Remove Demo 6' }).click();
    await demo6.waitFor({ state: 'detached', timeout: WAIT_MS });

    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: WAIT_MS }), page.getByText('Import cameras…').click()]);
    await chooser.setFiles(file);
    const result = page.locator('.import-result');
    await result.waitFor({ timeout: WAIT_MS });
    assert.equal(await result.innerText(), 'Added 1 camera, updated 5.');
    await demo6.waitFor({ timeout: WAIT_MS });
  });

  it('shows the folders, refuses a bad value with a field error, then saves a good one', async () => {
    await tab(page, 'Settings').click();
    assert.equal(await page.getByTestId('data-folder').innerText(), serve.dataDir);
    assert.equal(await page.getByTestId('recordings-folder').innerText(), join(serve.dataDir, 'recordings'));

    await page.locator('#settings-stallTimeoutS').fill('1');
    await page.locator('#settings-newRetentionDays').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const stallError = page.locator('[data-field-error="settings-stallTimeoutS"]');
    await stallError.waitFor({ timeout: WAIT_MS });
    assert.match(await stallError.innerText(), /2 to 300/);
    assert.equal(await page.locator('#settings-stallTimeoutS').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('[data-field-error="settings-newRetentionDays"]').innerText(), /from 1 to/);

    await page.locator('#settings-stallTimeoutS').fill('25');
    await page.locator('#settings-newRetentionDays').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-status').filter({ hasText: 'Settings saved.' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('[data-field-error]').count(), 0);

    await page.reload();
    await tab(page, 'Settings').click();
    await page.locator('#settings-stallTimeoutS').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#settings-stallTimeoutS').inputValue(), '25');
    assert.equal(await page.locator('#settings-newRetentionDays').inputValue(), '30');
  });

  it('turns the re-stream on from Settings, shows the address to copy, and a browser <img> plays it with the re-stream password', async () => {
    await tab(page, 'Settings').click();
    const panel = page.getByTestId('restream-panel');
    await page.getByTestId('restream-state').filter({ hasText: /^Off\.$/ }).waitFor({ timeout: WAIT_MS });
    await page.locator('#restream-enabled').check();
    await page.locator('#restream-port').fill('0');
    await page.locator('#restream-user').fill('viewer');
    await panel.getByRole('button', { name: 'Save re-stream' }).click();
    // No password yet: it says why it does not listen.
    await page.getByTestId('restream-state').filter({ hasText: 'Not listening: no password is set' }).waitFor({ timeout: WAIT_MS });
    await page.locator('#restream-password').fill('e2e pass 5');
    await panel.getByRole('button', { name: 'Save re-stream' }).click();
    const state = page.getByTestId('restream-state').filter({ hasText: /^Listening on 127\.0\.0\.1:\d+/ });
    await state.waitFor({ timeout: WAIT_MS });
    const url = (await page.getByTestId('restream-urls').locator('code').first().innerText()).trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/axis-cgi\/mjpg\/video\.cgi\?camera=cam-[a-z0-9]+$/);
    assert.equal(await page.locator('#restream-password').inputValue(), '', 'the password is never shown again');
    await page.screenshot({ path: join(SCREENSHOTS, 'restream-settings.png'), fullPage: true });

    // Another tool: a browser signs in once (Digest, at the top level, as a person would when
    // asked), then an <img> on that origin plays the MJPEG stream: its pictures keep changing.
    const reader = await browser.newContext({ httpCredentials: { username: 'viewer', password: 'e2e pass 5' } });
    try {
      const viewer = await reader.newPage();
      const snapshot = await viewer.goto(url.replace('/axis-cgi/mjpg/video.cgi', '/axis-cgi/jpg/image.cgi'));
      assert.equal(snapshot?.status(), 200);
      await viewer.evaluate((src) => {
        const doc = document as unknown as { createElement(t: 'img'): { id: string; src: string }; body: { append(e: unknown): void } };
        const img = doc.createElement('img');
        img.id = 'cam';
        img.src = src;
        doc.body.append(img);
      }, url);
      const sample = () =>
        viewer.evaluate(() => {
          const img = document.querySelector('#cam') as unknown as { naturalWidth: number; naturalHeight: number };
          const doc = document as unknown as { createElement(t: 'canvas'): { width: number; height: number; getContext(c: '2d'): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } };
          if (img.naturalWidth === 0) return null;
          const canvas = doc.createElement('canvas');
          canvas.width = img.naturalWidth;
          canvas.height = img.naturalHeight;
          const context = canvas.getContext('2d');
          context.drawImage(img, 0, 0);
          let sum = 0;
          for (const v of context.getImageData(0, 0, canvas.width, canvas.height).data) sum = (sum * 31 + v) >>> 0;
          return { width: img.naturalWidth, sum };
        });
      const first = await waitFor(sample, { what: 'the <img> to show a picture', timeoutMs: WAIT_MS });
      assert.ok(first.width > 0);
      await waitFor(async () => {
        const now = await sample();
        return now !== null && now.sum !== first.sum ? now : null;
      }, { what: 'the <img> to show a newer picture', timeoutMs: WAIT_MS });
    } finally {
      await reader.close();
    }
    await page.getByTestId('restream-state').filter({ hasText: /Listening on/ }).waitFor({ timeout: WAIT_MS });
  });

  it('shows the date and time each picture was taken once the setting is on', async () => {
    await tab(page, 'Wall').click();
    await page.waitForSelector('[data-tile="0"][data-captured-at]', { timeout: WAIT_MS });
    assert.equal(await page.locator('.tile-clock').count(), 0, 'off by default');
    await tab(page, 'Settings').click();
    await page.locator('#settings-tileClock').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-status').filter({ hasText: 'Settings saved.' }).waitFor({ timeout: WAIT_MS });
    await tab(page, 'Wall').click();
    const clock = page.locator('[data-tile="0"] .tile-clock');
    await clock.waitFor({ timeout: WAIT_MS });
    const [text, capturedAt] = await Promise.all([clock.innerText(), page.locator('[data-tile="0"]').getAttribute('data-captured-at')]);
    const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text.trim());
    assert.ok(match, `the clock reads "${text}"`);
    const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
    const shown = new Date(y, mo - 1, d, h, mi, s).getTime();
    // The overlay ticks once a second; the attribute follows every paint.
    assert.ok(Math.abs(shown - Number(capturedAt)) < 3_000, `shown ${text}, the frame was captured at ${new Date(Number(capturedAt)).toString()}`);
  });
});

describe('the empty wall in a browser', { timeout: 90_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    // A registry that exists but holds no camera: not a first start, so no demo by itself.
    const dataDir = mkdtempSync(join(tmpdir(), 'camwall-e2e-empty-'));
    openDatabase(dataFiles(dataDir).database).close();
    [serve, browser] = await Promise.all([startServe({ dataDir }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  it('offers demo cameras with a button, and shows them live', async () => {
    const empty = page.getByTestId('empty-state');
    await empty.waitFor({ timeout: WAIT_MS });
    await empty.getByRole('button', { name: 'Show demo cameras' }).click();
    await waitForDemoWall(page);
    await page.waitForSelector(`.wall[data-preset="3x3"] ${DEMO_TILES}`, { timeout: WAIT_MS });
    assert.equal(await page.getByTestId('empty-state').count(), 0);
  });
});
