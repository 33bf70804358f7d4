// Motion in playback and the Events view, end to end: two cameras recorded before `camwall serve`
// starts, with the motion Camwall's detector stored for them (events, thumbnails, per-second
// activity with its grid, the spans it covered; test/e2e/support/motion-data.ts), and the built
// renderer in Debian's Chromium. What a user sees: motion spans on each camera's row of the
// timeline and the activity graph under them exactly where the motion was, N and Shift+N going
// from motion to motion, the Events view's motion with thumbnails and filters, a click that opens
// playback 5 s before the motion, and a search in a region of the picture that finds the moment
// from the stored grid.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { waitFor } from '../../support/wait-for.ts';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument, PageElement } from '../support/page-dom.ts';
import { seedMotion, type SeededEvent } from '../support/motion-data.ts';
import { isMotion, timelinePixelsAt } from '../support/timeline-pixels.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';
import { makeRecordedDataDir } from '../support/recorded-data.ts';
import { pressOnWall as pressKeyOnWall } from '../support/keyboard.ts';

declare const document: PageDocument;

const WAIT_MS = 30_000;
const FPS = 10;
const FRAME_MS = 1000 / FPS + 3;
// Recent (the Events view shows the last 7 days by default), on a whole minute.
const T0 = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
const RECORDED_MS = 10 * 60_000;
/** The dock camera's recordings before T0, which no detector saw. */
const LONG_MS = 4 * 3_600_000;
const localInput = (atMs: number) => new Date(atMs).toISOString().slice(0, 19);
/** The renderer's PLAYBACK_PRE_ROLL_MS. */
const PRE_ROLL_MS = 5_000;

const RIGHT = { x: 0.55, y: 0.3, w: 0.3, h: 0.4 };
const LEFT = { x: 0.05, y: 0.3, w: 0.3, h: 0.4 };
const EVENTS: SeededEvent[] = [
  { cameraId: 'front', channel: 1, startMs: T0 + 120_000, endMs: T0 + 150_000, peakScore: 0.08, box: RIGHT, zones: ['Driveway'] },
  { cameraId: 'yard', channel: 2, startMs: T0 + 300_000, endMs: T0 + 310_000, peakScore: 0.2, box: LEFT },
  { cameraId: 'front', channel: 1, startMs: T0 + 400_000, endMs: T0 + 420_000, peakScore: 0.03, box: LEFT },
  { cameraId: 'yard', channel: 2, source: 'camera', startMs: T0 + 500_000, endMs: T0 + 505_000, peakScore: 1, box: { x: 0, y: 0, w: 1, h: 1 }, thumbnail: false },
];

describe('motion on the timeline and in the Events view against camwall serve', { timeout: 240_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const made = await makeRecordedDataDir(
      [
        ...['front', 'yard'].map((id, i) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), channel: i + 1, fps: FPS, spans: [{ fromMs: T0, toMs: T0 + RECORDED_MS }] })),
        // Hours with no stored activity: a search of them analyses every frame, long enough to cancel.
        { id: 'dock', name: 'Dock', channel: 3, fps: 2, spans: [{ fromMs: T0 - LONG_MS, toMs: T0 }] },
      ],
      { segmentMs: 60_000 },
    );
    seedMotion(made.dataDir, EVENTS, [{ cameraId: 'front', fromMs: T0, toMs: T0 + RECORDED_MS }]);
    [serve, browser] = await Promise.all([startServe({ dataDir: made.dataDir, env: { TZ: 'UTC' } }), launchChromium([], { TZ: 'UTC' })]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.log('page error:', error));
    page.on('console', (message) => message.type() === 'error' && console.log('page console:', message.text()));
    await page.goto(serve.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-tile][data-camera-id]:not([data-camera-id=""])').length === 3, null, { timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const pressOnWall = (key: string) => pressKeyOnWall(page, key);
  /** The select of a `<label><span>name</span><select>` (its accessible name also holds the chosen option's text). */
  const labelled = (scope: Locator, name: string) => scope.locator(`label:has(> span:text-is("${name}")) > select`);
  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
  const playhead = () => page.getByTestId('playback-position').evaluate((el) => Number((el as unknown as PageElement).dataset.positionMs));
  const waitForPlayhead = (atMs: number) => page.waitForFunction((at) => document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs === String(at), atMs, { timeout: WAIT_MS });
  const goTo = async (atMs: number) => {
    await pressOnWall('/');
    const dialog = page.getByRole('dialog', { name: 'Go to a date and time' });
    await dialog.locator('input[type="datetime-local"]').fill(localInput(atMs));
    await dialog.getByRole('button', { name: 'Go' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await waitForPlayhead(atMs);
  };

  const timelineAt = (atMs: number) => timelinePixelsAt(page, atMs);

  it('draws motion spans on the camera rows and the activity graph where the motion was, and nowhere else', async () => {
    await goTo(T0 + 260_000);
    // The default view is 10 minutes about the playhead: every event is in it.
    await page.waitForFunction(
      (at) => {
        const track = document.querySelector('.timeline-track');
        return track !== null && Number(track.dataset.viewStart) <= at - 250_000 && Number(track.dataset.viewStart) + Number(track.dataset.viewSpan) >= at + 250_000;
      },
      T0 + 260_000,
      { timeout: WAIT_MS },
    );
    // Front [120 s, 150 s) and [400 s, 420 s), yard [300 s, 310 s) and the camera's own [500 s, 505 s).
    const expect = async (offsetS: number, front: boolean, yard: boolean, graph: boolean) => {
      const seen = await timelineAt(T0 + offsetS * 1000);
      assert.deepEqual([isMotion(seen.rows[0]!), isMotion(seen.rows[1]!), isMotion(seen.graph)], [front, yard, graph], `at ${offsetS} s: front ${seen.rows[0]}, yard ${seen.rows[1]}, graph ${seen.graph}`);
    };
    await page.waitForFunction(() => document.querySelector('.timeline-canvas') !== null, null, { timeout: WAIT_MS });
    // The motion arrives a moment after the view settles: wait until the first span shows.
    await waitFor(async () => isMotion((await timelineAt(T0 + 135_000)).rows[0]!), { what: 'a motion span on the front row at 135 s', timeoutMs: WAIT_MS });
    await expect(135, true, false, true);
    await expect(305, false, true, true);
    await expect(410, true, false, true);
    await expect(502, false, true, false); // the camera's own motion: a span, no activity of Camwall's
    await expect(60, false, false, false);
    await expect(220, false, false, false);
    await expect(460, false, false, false);
  });

  it('goes from motion to motion with N and Shift+N, saying what it found', async () => {
    await goTo(T0 + 100_000);
    await pressOnWall('n');
    await waitForPlayhead(T0 + 120_000);
    assert.match((await page.locator('.playback-notice').first().textContent()) ?? '', /Motion, peak 8\.0%/);
    await pressOnWall('n');
    await waitForPlayhead(T0 + 300_000);
    await pressOnWall('n');
    await waitForPlayhead(T0 + 400_000);
    await pressOnWall('n');
    await waitForPlayhead(T0 + 500_000);
    assert.match((await page.locator('.playback-notice').first().textContent()) ?? '', /Motion \(from the camera\)/);
    await pressOnWall('N');
    await waitForPlayhead(T0 + 400_000);
    assert.equal(await playhead(), T0 + 400_000);
  });

  it('lists motion with thumbnails, filters it, and a click plays that camera from 5 s before', async () => {
    await tab('Events').click();
    const list = page.locator('.motion-event');
    await page.waitForFunction((n) => document.querySelectorAll('.motion-event').length === n, EVENTS.length, { timeout: WAIT_MS });
    // Newest first; each seeded Camwall event shows its peak frame (320x240), the camera's own has none.
    assert.deepEqual(await list.evaluateAll((els) => els.map((e) => Number((e as unknown as PageElement).dataset.startMs))), EVENTS.map((e) => e.startMs).sort((a, b) => b - a));
    await page.waitForFunction(() => document.querySelectorAll('.motion-event [data-thumbnail="loaded"]').length === 3, null, { timeout: WAIT_MS });
    const thumb = await page.locator('.motion-event [data-thumbnail="loaded"] canvas').first().evaluate((c) => [(c as unknown as { width: number }).width, (c as unknown as { height: number }).height]);
    assert.deepEqual(thumb, [320, 240]);
    assert.equal(await page.locator('.motion-event [data-thumbnail="none"]').count(), 1);

    const panel = page.locator('.motion-panel');
    await panel.getByLabel('Type').selectOption({ label: 'From the camera' });
    await page.waitForFunction(() => document.querySelectorAll('.motion-event').length === 1, null, { timeout: WAIT_MS });
    assert.equal(await list.first().getAttribute('data-start-ms'), String(T0 + 500_000));
    await panel.getByLabel('Type').selectOption({ label: 'All motion' });
    await labelled(panel, 'Camera').selectOption({ label: 'Front' });
    await page.waitForFunction(() => document.querySelectorAll('.motion-event').length === 2 && [...document.querySelectorAll('.motion-event')].every((e) => e.dataset.cameraId === 'front'), null, { timeout: WAIT_MS });
    // A range that ends before the recordings (yesterday and before, when T0 is today).
    await panel.getByLabel('To').fill(new Date(T0 - 86_400_000).toISOString().slice(0, 10));
    await page.locator('.motion-panel .hint', { hasText: 'No motion in this range.' }).waitFor({ timeout: WAIT_MS });
    await panel.getByLabel('To').fill(new Date(Date.now()).toISOString().slice(0, 10));
    await page.waitForFunction(() => document.querySelectorAll('.motion-event').length === 2, null, { timeout: WAIT_MS });

    // The front camera's motion at 400 s: playback of the wall, paused 5 s before it began.
    await page.locator(`.motion-event[data-start-ms="${T0 + 400_000}"]`).click();
    await waitForPlayhead(T0 + 400_000 - PRE_ROLL_MS);
    await page.waitForFunction(
      (at) => {
        const tile = document.querySelector('[data-tile][data-camera-id="front"]');
        return tile?.dataset.mode === 'playback' && tile.dataset.capturedAt !== undefined && at - Number(tile.dataset.capturedAt) >= 0 && at - Number(tile.dataset.capturedAt) <= 103;
      },
      T0 + 400_000 - PRE_ROLL_MS,
      { timeout: WAIT_MS },
    );
    const captured = Number(await page.locator('[data-tile][data-camera-id="front"]').getAttribute('data-captured-at'));
    assert.ok(T0 + 400_000 - PRE_ROLL_MS - captured <= FRAME_MS, `the front tile shows ${captured - T0} ms, the frame recorded at 395 s`);
  });

  it('searches a region of the picture over a range: progress, the moment found from the stored grid, a click plays it', async () => {
    await pressOnWall('v');
    await tab('Events').click();
    await page.locator('.motion-panel').getByRole('button', { name: 'Search…' }).click();
    const search = page.getByRole('region', { name: 'Search for motion' });
    await labelled(search, 'Camera').selectOption({ label: 'Front' });
    await search.locator('input[name="search-from"]').fill(localInput(T0));
    await search.locator('input[name="search-to"]').fill(localInput(T0 + RECORDED_MS));
    await page.locator('.motion-search [data-testid="camera-picture"][data-picture-width]').waitFor({ timeout: WAIT_MS });
    // The right part of the picture: the front camera's motion at 120 s was there, the one at 400 s was not.
    const picture = (await search.locator('.camera-picture-canvas').boundingBox())!;
    await page.mouse.move(picture.x + 0.6 * picture.width, picture.y + 0.35 * picture.height);
    await page.mouse.down();
    await page.mouse.move(picture.x + 0.75 * picture.width, picture.y + 0.5 * picture.height);
    await page.mouse.move(picture.x + 0.8 * picture.width, picture.y + 0.6 * picture.height);
    await page.mouse.up();
    await search.getByTestId('search-region').waitFor({ timeout: WAIT_MS });
    await search.getByRole('button', { name: 'Start search' }).click();
    await page.locator('.motion-search-progress[data-state="done"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('.motion-search-progress').getAttribute('data-progress'), '1');
    const hits = await page.locator('.motion-hit').evaluateAll((rows) => rows.map((r) => [Number((r as unknown as PageElement).dataset.startMs), (r as unknown as PageElement).dataset.analysed, r.textContent]));
    assert.equal(hits.length, 1, JSON.stringify(hits));
    assert.ok(Math.abs(hits[0]![0] as number - (T0 + 120_000)) <= 1_000, `the hit starts at ${(hits[0]![0] as number) - T0} ms`);
    assert.equal(hits[0]![1], 'false');
    assert.match(String(hits[0]![2]), /from the stored grid/);

    await page.locator('.motion-hit').first().click();
    await waitForPlayhead((hits[0]![0] as number) - PRE_ROLL_MS);
  });

  it('cancels a search that analyses hours of recordings, saying how far it got', async () => {
    await pressOnWall('v');
    await tab('Events').click();
    await page.locator('.motion-panel').getByRole('button', { name: 'Search…' }).click();
    const search = page.getByRole('region', { name: 'Search for motion' });
    await labelled(search, 'Camera').selectOption({ label: 'Dock' });
    await search.locator('input[name="search-from"]').fill(localInput(T0 - LONG_MS));
    await search.locator('input[name="search-to"]').fill(localInput(T0));
    await search.locator('[data-testid="camera-picture"][data-picture-width]').waitFor({ timeout: WAIT_MS });
    const picture = (await search.locator('.camera-picture-canvas').boundingBox())!;
    await page.mouse.move(picture.x + 0.1 * picture.width, picture.y + 0.1 * picture.height);
    await page.mouse.down();
    await page.mouse.move(picture.x + 0.9 * picture.width, picture.y + 0.9 * picture.height);
    await page.mouse.up();
    await search.getByRole('button', { name: 'Start search' }).click();
    // Running, with progress shown, then cancelled part way.
    await page.waitForFunction(() => {
      const p = document.querySelector('.motion-search-progress');
      return p?.dataset.state === 'running' && Number(p.dataset.progress) > 0;
    }, null, { timeout: WAIT_MS });
    await search.getByRole('button', { name: 'Cancel search' }).click();
    await page.locator('.motion-search-progress[data-state="cancelled"]').waitFor({ timeout: WAIT_MS });
    const progress = Number(await page.locator('.motion-search-progress').getAttribute('data-progress'));
    assert.ok(progress > 0 && progress < 1, `cancelled part way: ${progress}`);
    assert.match((await page.locator('.motion-search-progress').textContent()) ?? '', new RegExp(`Cancelled at ${Math.round(progress * 100)}%.*of recordings analysed`));
    await search.getByRole('button', { name: 'Start search' }).waitFor({ timeout: WAIT_MS });
  });
});
