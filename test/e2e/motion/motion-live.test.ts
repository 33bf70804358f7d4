// Motion from the simulator's walker scene, end to end through the real detector: `camwall
// simulate --scene walker` (an object crosses the picture during [3, 7) s and [12, 14.5) s of
// every 20 s cycle, main/simulator/scenes.ts), `camwall serve` recording the camera, and the
// built renderer in Debian's Chromium. The camera records first with motion off (recordings
// with no stored activity), then with motion on. What a user sees: motion events arriving live
// in the Events view with the walker in their thumbnails, a click playing the camera 5 s before
// one, the walker's crossings as motion spans on the timeline, and a search of the walker's
// path that finds its crossings, analysed from the recordings before the detector ran and from
// the stored grid after.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SCENE_CYCLE_MS, sceneMotionTruth } from '../../../main/simulator/scenes.ts';
import { DEFAULT_MOTION_CONFIG, type MotionEvent } from '../../../shared/motion.ts';
import { waitFor } from '../../support/wait-for.ts';
import { launchChromium } from '../support/browser.ts';
import { callInPage } from '../support/page-api.ts';
import type { PageDocument, PageElement } from '../support/page-dom.ts';
import { removeDir, startServe, startSimulator, type Serve, type Simulator } from '../support/processes.ts';
import { isMotion, timelinePixelsAt } from '../support/timeline-pixels.ts';

declare const document: PageDocument;

const WAIT_MS = 60_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
const PRE_ROLL_MS = 5_000;
/** The detector's events are within this of the truth (its own tests hold it to 1 s; analysed frames are 200 ms apart). */
const TRUTH_MS = 1_500;
/** Recorded with motion off before the detector starts: one whole 20 s cycle of the scene and more. */
const UNANALYSED_MS = 25_000;
/** The walker's path: the rows it crosses on (55–65% of the height), the width it travels. */
const PATH = { fx1: 0.03, fy1: 0.5, fx2: 0.97, fy2: 0.72 };
const localInput = (atMs: number) => new Date(atMs).toISOString().slice(0, 19);

describe('motion from the walker scene, live, against camwall serve', { timeout: 300_000 }, () => {
  let sim: Simulator;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let cameraId = '';
  let recordingFrom = 0;
  let motionFrom = 0;

  before(async () => {
    [sim, serve, browser] = await Promise.all([
      startSimulator(['--cameras', '1', '--fps', '10', '--resolution', '640x480', '--scene', 'walker']),
      startServe({ env: { TZ: 'UTC' } }),
      launchChromium([], { TZ: 'UTC' }),
    ]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.log('page error:', error));
    await page.goto(serve.url);
    await page.locator('.app').waitFor({ timeout: WAIT_MS });
    // A first start adds the demo cameras: take them away, so the walker is the only camera.
    const demo = await callInPage(page, 'cameras.list', {});
    assert.ok(demo.ok);
    for (const camera of demo.value) assert.ok((await callInPage(page, 'cameras.remove', { id: camera.id })).ok);
    const added = await callInPage(page, 'cameras.add', { camera: { name: 'Walker', kind: 'vapix', host: '127.0.0.1', port: sim.port, channel: 1, recordMode: 'continuous' } });
    assert.ok(added.ok, JSON.stringify(added));
    cameraId = added.value.id;
    recordingFrom = Date.now();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await sim?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
  const waitForPlayhead = (atMs: number) => page.waitForFunction((at) => document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs === String(at), atMs, { timeout: WAIT_MS });
  const ended = async () => {
    const result = await callInPage(page, 'motion.events', { cameraIds: [cameraId], fromMs: recordingFrom, toMs: Date.now() + 1_000 });
    return result.ok ? result.value.filter((e) => e.endMs !== null) : [];
  };
  /** The scene's truth interval an event stands for, or undefined. */
  const truthOf = (event: MotionEvent) =>
    sceneMotionTruth(['walker'], sim.startedAtMs, event.startMs - 10_000, event.endMs! + 10_000).find((t) => Math.abs(t.startMs - event.startMs) <= TRUTH_MS && Math.abs(t.endMs - event.endMs!) <= TRUTH_MS);

  it('lists the walker’s crossings as they happen, with thumbnails, once motion is turned on', async () => {
    await tab('Events').click();
    await page.locator('.motion-panel').waitFor({ timeout: WAIT_MS });
    // Recordings with no detector first: what search must analyse later.
    await waitFor(async () => {
      const info = await callInPage(page, 'recordings.timeline', { cameraIds: [cameraId], fromMs: recordingFrom - 60_000, toMs: Date.now() + 1_000 });
      return info.ok && info.value.cameras[0]!.spans.some((s) => s.endMs - s.startMs >= UNANALYSED_MS);
    }, { what: `${UNANALYSED_MS / 1000} s recorded with motion off`, timeoutMs: UNANALYSED_MS + WAIT_MS });
    assert.equal(await page.locator('.motion-event').count(), 0, 'no motion while the detector is off');
    // Motion goes on while the walker is out of the picture, at the start of its longest absence
    // ([14.5, 23) s of its cycle, the next crossing at 3 s of the next one): a detector started
    // with the walker in view would learn it as background and see its ghost leave, and on a
    // loaded machine the sink may take seconds to load and settle.
    const cycleAt = (t: number) => (((t - sim.startedAtMs) % SCENE_CYCLE_MS) + SCENE_CYCLE_MS) % SCENE_CYCLE_MS;
    await waitFor(() => cycleAt(Date.now()) >= 15_000 && cycleAt(Date.now()) < 16_500, { what: 'the walker out of the picture for the longest while', timeoutMs: WAIT_MS, pollMs: 20 });
    motionFrom = Date.now();
    // Motion switched on while the camera streams and records (what the detector covers from
    // then on is what search takes from the stored grid).
    const on = await callInPage(page, 'cameras.update', { id: cameraId, patch: { motion: { ...DEFAULT_MOTION_CONFIG, enabled: true, quietMs: 1_000 } } });
    assert.ok(on.ok, JSON.stringify(on));

    // Events appear in the open list without a reload (motion.event), started and then ended.
    await page.locator('.motion-event').first().waitFor({ timeout: WAIT_MS });
    const events = await waitFor(async () => {
      const list = await ended();
      return list.length >= 2 && list;
    }, { what: 'two crossings of the walker seen and ended', timeoutMs: 90_000 });
    for (const event of events) assert.ok(truthOf(event), `event ${event.id} [${event.startMs - sim.startedAtMs}, ${event.endMs! - sim.startedAtMs}) ms into the scene matches no crossing of the walker`);
    await page.waitForFunction((n) => document.querySelectorAll('.motion-event').length >= n, events.length, { timeout: WAIT_MS });
    await page.waitForFunction(() => document.querySelectorAll('.motion-event [data-thumbnail="loaded"]').length >= 2, null, { timeout: WAIT_MS });
    const size = await page.locator('.motion-event [data-thumbnail="loaded"] canvas').first().evaluate((c) => [(c as unknown as { width: number }).width, (c as unknown as { height: number }).height]);
    assert.deepEqual(size, [640, 480], 'the thumbnail is the JPEG the camera sent');
    await page.locator('.motion-panel').screenshot({ path: join(SCREENSHOTS, 'motion-events.png') });
  });

  it('plays the camera from 5 s before a crossing when its event is clicked', async () => {
    const event = (await ended())[0]!;
    await page.locator(`.motion-event[data-motion-event="${event.id}"]`).click();
    await waitForPlayhead(event.startMs - PRE_ROLL_MS);
    await page.waitForFunction(
      (at) => {
        const tile = document.querySelector('[data-tile][data-mode="playback"]');
        return tile?.dataset.capturedAt !== undefined && at - Number(tile.dataset.capturedAt) >= 0 && at - Number(tile.dataset.capturedAt) <= 500;
      },
      event.startMs - PRE_ROLL_MS,
      { timeout: WAIT_MS },
    );
  });

  it('marks each crossing on the timeline where the walker was, and not between crossings', async () => {
    const events = await ended();
    // Zoomed in twice (10 min -> 2.5 min) about the playhead: the crossings are a dozen px wide.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('z');
    await page.keyboard.press('z');
    const event = events[0]!;
    const truth = truthOf(event)!;
    /** The timeline across [fromMs, toMs), every 250 ms: is the camera's row marked, is there activity. */
    const across = async (fromMs: number, toMs: number) => {
      const seen = [];
      for (let at = fromMs; at < toMs; at += 250) seen.push(await timelinePixelsAt(page, at));
      return { row: seen.map((p) => isMotion(p.rows[0]!)), graph: seen.map((p) => isMotion(p.graph)) };
    };
    // The span covers the crossing (within the detector's second at either end); the graph has the
    // seconds the detector counted motion in, which may skip one mid-crossing.
    await waitFor(async () => (await across(truth.startMs + 1_000, truth.endMs - 1_000)).row.every(Boolean), { what: 'the crossing marked on the timeline', timeoutMs: WAIT_MS });
    const inside = await across(truth.startMs, truth.endMs);
    assert.ok(inside.graph.filter(Boolean).length >= inside.graph.length / 2, `activity under the crossing: ${inside.graph.map(Number).join('')}`);
    // Between two crossings ([7, 12) s or [14.5, 23) s of the cycle) nothing moved: nothing is marked 1.5 s clear of them.
    const since = () => sceneMotionTruth(['walker'], sim.startedAtMs, motionFrom, Date.now()).filter((t) => t.startMs >= motionFrom + 1_000 && t.endMs < Date.now() - 2_000);
    const crossings = await waitFor(() => since().length >= 2 && since(), { what: 'two crossings since motion went on', timeoutMs: WAIT_MS });
    const quiet = crossings[0]!;
    const next = crossings[1]!;
    assert.ok(quiet && next, `two crossings since motion went on: ${JSON.stringify(crossings)}`);
    const between = await across(quiet.endMs + 1_500, next.startMs - 1_500);
    assert.ok(!between.row.some(Boolean) && !between.graph.some(Boolean), `nothing between crossings: ${between.row.map(Number).join('')} ${between.graph.map(Number).join('')}`);
    await page.locator('.playback-bar').screenshot({ path: join(SCREENSHOTS, 'motion-timeline.png') });
    await page.keyboard.press('v');
  });

  it('searches the walker’s path: its crossings, analysed before the detector ran and from the stored grid after', async () => {
    await tab('Events').click();
    await page.locator('.motion-panel').getByRole('button', { name: 'Search…' }).click();
    const search = page.getByRole('region', { name: 'Search for motion' });
    await search.locator('label:has(> span:text-is("Camera")) > select').selectOption({ label: 'Walker' });
    const toMs = Date.now() - 3_000;
    await search.locator('input[name="search-from"]').fill(localInput(recordingFrom));
    await search.locator('input[name="search-to"]').fill(localInput(toMs));
    await search.locator('[data-testid="camera-picture"][data-picture-width]').waitFor({ timeout: WAIT_MS });
    const picture = (await search.locator('.camera-picture-canvas').boundingBox())!;
    await page.mouse.move(picture.x + PATH.fx1 * picture.width, picture.y + PATH.fy1 * picture.height);
    await page.mouse.down();
    await page.mouse.move(picture.x + 0.5 * picture.width, picture.y + 0.6 * picture.height);
    await page.mouse.move(picture.x + PATH.fx2 * picture.width, picture.y + PATH.fy2 * picture.height);
    await page.mouse.up();
    await search.getByRole('button', { name: 'Start search' }).click();
    await page.locator('.motion-search-progress[data-state="done"]').waitFor({ timeout: 120_000 });
    const hits = await page.locator('.motion-hit').evaluateAll((rows) => rows.map((r) => ({ startMs: Number((r as unknown as PageElement).dataset.startMs), endMs: Number((r as unknown as PageElement).dataset.endMs), analysed: (r as unknown as PageElement).dataset.analysed === 'true' })));
    // Whole crossings recorded inside the searched range, a second clear of each recorded span's
    // edges (the analysis's and the detector's first second learn the picture).
    const recorded = await callInPage(page, 'recordings.timeline', { cameraIds: [cameraId], fromMs: recordingFrom - 60_000, toMs: toMs });
    assert.ok(recorded.ok);
    const spans = recorded.value.cameras[0]!.spans;
    const truth = sceneMotionTruth(['walker'], sim.startedAtMs, recordingFrom, toMs).filter((t) => t.endMs <= toMs - 1_000 && spans.some((s) => t.startMs >= s.startMs + 1_000 && t.endMs <= s.endMs - 1_000));
    assert.ok(truth.length >= 3, `crossings recorded in the range: ${truth.length}`);
    for (const t of truth) {
      // A moment covers the crossing (one that began earlier may hold it: the analysis's first
      // frames learn the picture, and moments 2 s apart are one).
      const hit = hits.find((h) => h.startMs <= t.startMs + TRUTH_MS && h.endMs >= t.endMs - TRUTH_MS);
      assert.ok(hit, `the crossing at ${t.startMs - sim.startedAtMs} ms into the scene was found (hits ${hits.map((h) => `[${h.startMs - sim.startedAtMs}, ${h.endMs - sim.startedAtMs})`).join(', ')})`);
      assert.equal(hit.analysed, t.endMs < motionFrom, `the crossing at ${t.startMs - sim.startedAtMs} ms is ${t.endMs < motionFrom ? 'analysed' : 'from the stored grid'}`);
    }
    assert.ok(hits.some((h) => h.analysed) && hits.some((h) => !h.analysed), 'both kinds of hits');
    await page.locator('.motion-search').screenshot({ path: join(SCREENSHOTS, 'motion-search.png') });
    // The newest moment (well inside the recordings: the first may begin within 5 s of their start).
    const last = hits.at(-1)!;
    await page.locator('.motion-hit').last().click();
    await waitForPlayhead(last.startMs - PRE_ROLL_MS);
  });
});
