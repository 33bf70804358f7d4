// The shape of the pictures on the wall, as a person sees it: cameras of different resolutions
// (4:3, 16:9, a portrait camera, one that changes size mid-stream, one whose tile stream is
// smaller than its main one) in real Chromium against `camwall serve` and a simulator, each
// tile measured from its canvas (intrinsic size fitted by object-fit) and from the screenshot's
// pixels (the picture's edges against the black letterbox), in the grid and maximized.
// Regression: every tile drew its picture at 2:1, the canvas's default 300x150 (round ball
// drawn as an ellipse).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dataFiles } from '../../../main/app/data-dir.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';
import { openRegistry } from '../../../main/registry/registry.ts';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument } from '../support/page-dom.ts';
import { aspect, measurePicture, type PictureGeometry } from '../support/picture-geometry.ts';
import { removeDir, startServe, startSimulator, type Serve, type Simulator } from '../support/processes.ts';

declare const document: PageDocument;

const WAIT_MS = 25_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
/** Frames between the switching camera's size changes (at 10 fps: 2 s of each size). */
const RESIZE_EVERY = 20;

type Size = { width: number; height: number };
const size = (text: string): Size => {
  const [width, height] = text.split('x').map(Number) as [number, number];
  return { width, height };
};

/** The cameras on the 3x3 wall, in tile order; `grid` is the stream a small tile shows. */
const CAMERAS = [
  { name: 'VGA', channel: 1, main: '640x480', grid: '320x240', subResolution: '320x240' },
  { name: 'HD', channel: 2, main: '1280x720', grid: '1280x720' },
  { name: 'Portrait', channel: 3, main: '480x640', grid: '480x640' },
  { name: 'Switching', channel: 4, main: '640x480', grid: '640x480' },
] as const;
const SWITCHING_TILE = 3;
const SWITCHED_TO = '1280x720';

describe('the shape of every picture on the wall', { timeout: 180_000 }, () => {
  let camera: Simulator;
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    camera = await startSimulator(['--cameras', '4', '--fps', '10', '--fault', `cam=4:resize:${RESIZE_EVERY}/${SWITCHED_TO}`]);
    const dataDir = mkdtempSync(join(tmpdir(), 'camwall-e2e-shape-'));
    const registry = openRegistry({ file: dataFiles(dataDir).database, secrets: await KeyFileSecretStore.open(dataDir) });
    try {
      const ids: string[] = [];
      for (const c of CAMERAS) {
        const added = await registry.cameras.add({
          name: c.name, kind: 'vapix', scheme: 'http', host: '127.0.0.1', port: camera.port, channel: c.channel,
          resolution: c.main, fps: 10, ...('subResolution' in c ? { subResolution: c.subResolution } : {}), enabled: true,
        });
        ids.push(added.id);
      }
      const active = registry.layouts.ensureActive();
      registry.layouts.save({ id: active.id, name: active.name, preset: '3x3', tiles: [...ids, null, null, null, null, null] });
    } finally {
      registry.close();
    }
    [serve, browser] = await Promise.all([startServe({ dataDir }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.url);
    await page.waitForFunction(
      (n) => [0, 1, 2, 3].every((i) => Number(document.querySelector(`[data-tile="${i}"]`)?.dataset.painted ?? 0) >= n),
      3,
      { timeout: WAIT_MS },
    );
    await page.mouse.move(0, 0);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([serve?.stop(), camera?.stop()]);
    if (serve) removeDir(serve.dataDir);
  });

  /** Waits until tile `index` paints pictures of `expected` size. */
  const waitForPicture = (index: number, expected: Size) =>
    page.waitForFunction(
      ([i, w, h]) => {
        const tile = document.querySelector(`[data-tile="${i}"]`);
        return tile?.dataset.pictureWidth === String(w) && tile.dataset.pictureHeight === String(h);
      },
      [index, expected.width, expected.height] as const,
      { timeout: WAIT_MS },
    );

  it('draws 4:3, 16:9 and portrait pictures at their own shape in grid tiles, letterboxed, nothing cut off', async () => {
    for (const [index, c] of CAMERAS.entries()) {
      if (index === SWITCHING_TILE) continue;
      await waitForPicture(index, size(c.grid));
      assertShape(await measurePicture(page, `[data-tile="${index}"]`), size(c.grid), `${c.name} in a grid tile`);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'shapes.png') });
  });

  it('draws every picture at its own shape maximized, on the main stream', async () => {
    for (const [index, c] of CAMERAS.entries()) {
      if (index === SWITCHING_TILE) continue;
      const tile = page.locator(`[data-tile="${index}"]`);
      await tile.dblclick();
      try {
        await page.waitForSelector(`[data-tile="${index}"].tile-maximized[data-stream="main"]`, { timeout: WAIT_MS });
        await waitForPicture(index, size(c.main));
        await page.mouse.move(0, 0);
        assertShape(await measurePicture(page, `[data-tile="${index}"]`), size(c.main), `${c.name} maximized`);
        if (c.name === 'Portrait') await page.screenshot({ path: join(SCREENSHOTS, 'shapes-portrait-maximized.png') });
      } finally {
        await tile.dblclick();
        await page.waitForSelector('.wall:not(.wall-has-maximized)', { timeout: WAIT_MS });
      }
    }
  });

  it('zooms a tile about the pointer with the wheel, on the main stream; pans by dragging; resets by button and keys', async () => {
    const selector = '[data-tile="0"]';
    const tile = page.locator(selector);
    const canvas = tile.locator('canvas');
    const zoomOf = async () => Number(await tile.getAttribute('data-zoom'));
    await waitForPicture(0, size(CAMERAS[0].grid));
    const box = (await tile.boundingBox())!;
    const pointer = { x: box.x + box.width * 0.75, y: box.y + box.height * 0.5 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => Number(document.querySelector('[data-tile="0"]')?.dataset.zoom) > 1.5, null, { timeout: WAIT_MS });
    // A zoomed small tile shows the camera's main stream, still at the picture's own shape.
    await page.waitForSelector(`${selector}[data-stream="main"]`, { timeout: WAIT_MS });
    await waitForPicture(0, size(CAMERAS[0].main));
    const zoomed = (await canvas.boundingBox())!;
    const scale = await zoomOf();
    assert.ok(Math.abs(zoomed.width / box.width - scale) < 0.02, `the picture is ${scale}x as wide: ${JSON.stringify(zoomed)}`);
    assert.ok(Math.abs((pointer.x - zoomed.x) / zoomed.width - 0.75) < 0.01, 'the point under the pointer stayed under it');
    assert.equal((await measurePicture(page, selector)).intrinsic.width, 640);
    // Dragging pans the picture by as much as the pointer moved.
    await page.mouse.down();
    await page.mouse.move(pointer.x - 60, pointer.y, { steps: 6 });
    await page.mouse.up();
    const panned = (await canvas.boundingBox())!;
    assert.ok(Math.abs(panned.x - (zoomed.x - 60)) < 2, `panned from ${zoomed.x} to ${panned.x}`);
    // The reset button, then the keys on the selected tile.
    await page.getByRole('button', { name: 'Reset the zoom of VGA' }).click();
    await page.waitForSelector(`${selector}[data-zoom="1.00"][data-stream="sub"]`, { timeout: WAIT_MS });
    assert.deepEqual(await canvas.boundingBox(), await tile.boundingBox(), 'the canvas is back in the tile box');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.waitForSelector(`${selector}[data-zoom="1.56"]`, { timeout: WAIT_MS });
    await page.keyboard.press('-');
    await page.waitForSelector(`${selector}[data-zoom="1.25"]`, { timeout: WAIT_MS });
    await page.keyboard.press('0');
    await page.waitForSelector(`${selector}[data-zoom="1.00"]`, { timeout: WAIT_MS });
  });

  it('follows a camera that changes resolution mid-stream, both ways', async () => {
    const selector = `[data-tile="${SWITCHING_TILE}"]`;
    for (const expected of [size(SWITCHED_TO), size(CAMERAS[SWITCHING_TILE].main), size(SWITCHED_TO)]) {
      await waitForPicture(SWITCHING_TILE, expected);
      // The picture may switch again while it is measured: measure until a measurement holds.
      let geometry: PictureGeometry;
      for (;;) {
        geometry = await measurePicture(page, selector);
        const still = await page.locator(selector).getAttribute('data-picture-width');
        if (geometry.reported?.width === expected.width && still === String(expected.width)) break;
        await waitForPicture(SWITCHING_TILE, expected);
      }
      assertShape(geometry, expected, `Switching at ${expected.width}x${expected.height}`);
    }
  });
});

/**
 * The picture on screen has the camera's aspect ratio (measured from the canvas and from the
 * pixels), touches two opposite edges of the tile (object-fit: contain), is centred, and lies
 * wholly inside the tile.
 */
function assertShape(g: PictureGeometry, expected: Size, what: string): void {
  const want = aspect(expected);
  const describe = (r: Size) => `${r.width.toFixed(0)}x${r.height.toFixed(0)} (aspect ${aspect(r).toFixed(3)})`;
  assert.deepEqual(g.reported, expected, `${what}: the tile reports the picture's size`);
  assert.ok(Math.abs(aspect(g.intrinsic) / want - 1) < 0.005, `${what}: canvas is ${describe(g.intrinsic)}, the picture ${describe(expected)}`);
  assert.ok(Math.abs(aspect(g.fitted) / want - 1) < 0.005, `${what}: drawn ${describe(g.fitted)}, the picture is ${describe(expected)}`);
  assert.ok(Math.abs(aspect(g.seen) / want - 1) < 0.03, `${what}: seen ${describe(g.seen)} in the pixels, the picture is ${describe(expected)}`);
  // The pixels agree with the geometry within a few pixels on every edge: nothing cut off or shifted.
  for (const edge of ['x', 'y', 'width', 'height'] as const) {
    assert.ok(Math.abs(g.seen[edge] - g.fitted[edge]) <= 3, `${what}: seen ${JSON.stringify(g.seen)}, drawn ${JSON.stringify(g.fitted)} (${edge})`);
  }
  const fillsWidth = Math.abs(g.fitted.width - g.tile.width) < 1;
  const fillsHeight = Math.abs(g.fitted.height - g.tile.height) < 1;
  assert.ok(fillsWidth || fillsHeight, `${what}: the picture fills the tile's width or height (${JSON.stringify(g.fitted)} in ${g.tile.width}x${g.tile.height})`);
  assert.ok(g.fitted.x >= -0.5 && g.fitted.y >= -0.5 && g.fitted.x + g.fitted.width <= g.tile.width + 0.5 && g.fitted.y + g.fitted.height <= g.tile.height + 0.5, `${what}: inside the tile`);
}
