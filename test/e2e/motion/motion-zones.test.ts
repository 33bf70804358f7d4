// Motion settings and zones in the camera form, end to end: `camwall serve --demo` (live 640x480
// simulator cameras) and the built renderer in Debian's Chromium. What a user does: edit a
// camera, turn motion on, choose "On motion", draw an include zone by clicking on the picture,
// drag a point, add one into an edge and delete it again with Delete, draw an exclude zone, name
// them, save. What the test checks: the picture is drawn at its own aspect ratio inside its box
// (never stretched), and the camera read back through the API holds the zones where the clicks
// were, in fractions of the picture, with the settings chosen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { callInPage } from '../support/page-api.ts';
import type { PageDocument } from '../support/page-dom.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';

declare const document: PageDocument;

const WAIT_MS = 30_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
/** A click lands on a whole pixel: a point is where it was asked within a pixel of the ~450 px picture. */
const CLICK_TOLERANCE = 0.006;

describe('motion zones in the camera form against camwall serve --demo', { timeout: 150_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    [serve, browser] = await Promise.all([startServe({ demo: true }), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 1200 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.log('page error:', error));
    await page.goto(serve.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-tile][data-camera-id^="cam-"]').length === 6, null, { timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  /** The picture's rectangle on the page: the canvas, placed at the picture's aspect ratio in its box. */
  const pictureBox = async () => (await page.locator('.camera-picture-canvas').boundingBox())!;
  const at = async (fx: number, fy: number) => {
    const box = await pictureBox();
    return { x: box.x + fx * box.width, y: box.y + fy * box.height };
  };
  const clickAt = async (fx: number, fy: number) => {
    const { x, y } = await at(fx, fy);
    await page.mouse.click(x, y);
  };

  it('draws zones on the picture and saves them: the API gives back the zones where they were drawn', async () => {
    const cameras = await callInPage(page, 'cameras.list', {});
    assert.ok(cameras.ok);
    const camera = cameras.value.find((c) => c.name === 'Demo 1')!;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Cameras' }).click();
    await page.getByRole('button', { name: 'Edit Demo 1' }).click();
    const form = page.getByRole('form', { name: 'Edit Demo 1' });
    await form.getByLabel(/^Detect motion/).check();
    await form.getByLabel('Recording', { exact: true }).selectOption({ label: 'On motion' });
    await form.getByLabel('Sensitivity').selectOption('high');
    await form.getByLabel('Pre-roll (s)').fill('8');
    await page.locator('[data-testid="camera-picture"][data-picture-width]').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('camera-picture').scrollIntoViewIfNeeded();

    // The picture keeps its own shape: 640x480 drawn 4:3 inside a wider box, centred.
    const size = await page.getByTestId('camera-picture').evaluate((el) => ({ w: Number((el as unknown as PageDocument['body']).dataset.pictureWidth), h: Number((el as unknown as PageDocument['body']).dataset.pictureHeight) }));
    assert.deepEqual(size, { w: 640, h: 480 });
    const box = (await page.getByTestId('camera-picture').boundingBox())!;
    const picture = await pictureBox();
    assert.ok(Math.abs(picture.width / picture.height - 640 / 480) < 0.01, `drawn ${picture.width}x${picture.height}, not 4:3`);
    assert.ok(Math.abs(picture.height - box.height) <= 1 && picture.width < box.width, 'fitted by its height in the wider box');
    assert.ok(Math.abs(picture.x - box.x - (box.x + box.width - picture.x - picture.width)) <= 1.5, 'centred');

    // An include zone: four clicks (the first starts the zone), then drag the third point.
    for (const [x, y] of [[0.1, 0.2], [0.6, 0.2], [0.6, 0.7], [0.1, 0.7]] as const) await clickAt(x, y);
    const from = await at(0.6, 0.7);
    const to = await at(0.7, 0.8);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2);
    await page.mouse.move(to.x, to.y);
    await page.mouse.up();
    // A click on the top edge goes into it, as the second point; Delete takes it out again.
    await clickAt(0.35, 0.2);
    assert.equal(await page.locator('.zone-selected .zone-point').count(), 5);
    await page.keyboard.press('Delete');
    assert.equal(await page.locator('.zone-selected .zone-point').count(), 4);
    await form.getByLabel('Zone 1 name').fill('Driveway');

    // An exclude zone over the top right corner (where a clock would blink).
    await form.getByRole('button', { name: '+ Exclude zone' }).click();
    for (const [x, y] of [[0.75, 0.05], [0.95, 0.05], [0.95, 0.2]] as const) await clickAt(x, y);
    await page.locator('.zone-exclude polygon').waitFor({ timeout: WAIT_MS });
    await form.getByLabel('Zone 2 name').fill('Clock');
    await form.locator('.motion-settings').screenshot({ path: join(SCREENSHOTS, 'motion-zones.png') });

    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached', timeout: WAIT_MS });
    const saved = await callInPage(page, 'cameras.get', { id: camera.id });
    assert.ok(saved.ok, JSON.stringify(saved));
    const { motion, recordMode } = saved.value;
    assert.equal(recordMode, 'motion');
    assert.equal(motion.enabled, true);
    assert.equal(motion.sensitivity, 'high');
    assert.equal(motion.preRollMs, 8_000);
    assert.deepEqual(motion.zones.map((z) => [z.name, z.kind, z.points.length]), [['Driveway', 'include', 4], ['Clock', 'exclude', 3]]);
    const expected = [[[0.1, 0.2], [0.6, 0.2], [0.7, 0.8], [0.1, 0.7]], [[0.75, 0.05], [0.95, 0.05], [0.95, 0.2]]];
    motion.zones.forEach((zone, i) =>
      zone.points.forEach(([x, y], j) => {
        const [ex, ey] = expected[i]![j]!;
        assert.ok(Math.abs(x - ex!) <= CLICK_TOLERANCE && Math.abs(y - ey!) <= CLICK_TOLERANCE, `${zone.name} point ${j}: [${x}, ${y}], drawn at [${ex}, ${ey}]`);
      }),
    );
  });

  it('shows the saved zones again when the form is opened, and refuses a zone with fewer than 3 points by name', async () => {
    await page.getByRole('button', { name: 'Edit Demo 1' }).click();
    const form = page.getByRole('form', { name: 'Edit Demo 1' });
    await page.locator('[data-testid="camera-picture"][data-picture-width]').waitFor({ timeout: WAIT_MS });
    await page.getByTestId('camera-picture').scrollIntoViewIfNeeded();
    assert.equal(await page.locator('.zone[data-zone="Driveway"] polygon').count(), 1);
    assert.equal(await page.locator('.zone[data-zone="Clock"] polygon').count(), 1);
    await form.getByRole('button', { name: '+ Include zone' }).click();
    await clickAt(0.3, 0.5);
    assert.match((await form.locator('.zone-problem').textContent()) ?? '', /This zone needs at least 3 points \(has 1\)/);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.locator('[data-field-error="motion-zones"]').waitFor({ timeout: WAIT_MS });
    assert.match((await form.locator('[data-field-error="motion-zones"]').textContent()) ?? '', /Zone 3: a zone needs at least 3 points/);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});
