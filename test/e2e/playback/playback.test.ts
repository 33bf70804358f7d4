// Playback on the wall, end to end: real recordings (the recorder fed with the simulator's
// stamped JPEGs) of four registered cameras, `camwall serve` on that data folder, and the built
// renderer in Debian's Chromium. What a user does: go to a moment, click the timeline, step,
// play, find a gap; what the test reads is what the page shows: each tile's painted frame's
// capture time (data-captured-at), its mode and playback state, and the playhead's time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import type { RecordedFrameInfo } from '../../support/recorded-archive.ts';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument } from '../support/page-dom.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';
import { makeRecordedDataDir } from '../support/recorded-data.ts';
import { pressOnWall as pressKeyOnWall } from '../support/keyboard.ts';

declare const document: PageDocument;

const WAIT_MS = 25_000;
const FPS = 10;
/** One frame interval, and the archive's ±3 ms of capture jitter. */
const FRAME_MS = 1000 / FPS + 3;
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const CAMERAS = ['front', 'yard', 'gate', 'dock'];
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');

/** Tile attributes in one read, so tiles are compared at one instant. */
type TileInfo = { cameraId: string; mode: string; state: string | null; capturedAt: number | null };

describe('playback on the wall against camwall serve', { timeout: 240_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let frames: Map<string, RecordedFrameInfo[]>;

  before(async () => {
    // Four cameras recorded 0-120 s; 'dock' has a gap from 40 s to 80 s.
    const full = [{ fromMs: T0, toMs: T0 + 120_000 }];
    const made = await makeRecordedDataDir(
      CAMERAS.map((id, i) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), channel: i + 1, fps: FPS, spans: id === 'dock' ? [{ fromMs: T0, toMs: T0 + 40_000 }, { fromMs: T0 + 80_000, toMs: T0 + 120_000 }] : full })),
      { segmentMs: 30_000 },
    );
    frames = made.frames;
    [serve, browser] = await Promise.all([startServe({ dataDir: made.dataDir, env: { TZ: 'UTC' } }), launchChromium([], { TZ: 'UTC' })]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    page = await context.newPage();
    // Every paint of every tile (camera, capture time, Date.now() of the paint): see renderer/wall/paint-probe.ts.
    await page.addInitScript(() => {
      const paints: Array<[string, number, number]> = [];
      Object.assign(globalThis, { __paints: paints, __camwallPaintProbe: (frame: { cameraId: string; capturedAt: number }, paintedAt: number) => paints.push([frame.cameraId, frame.capturedAt, paintedAt]) });
    });
    page.on('pageerror', (error) => console.log('page error:', error));
    page.on('console', (message) => message.type() === 'error' && console.log('page console:', message.text()));
    await page.goto(serve.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-tile][data-camera-id]:not([data-camera-id=""])').length === n, CAMERAS.length, { timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
  });

  const tiles = (): Promise<TileInfo[]> =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-tile]')].map((t) => ({
        cameraId: t.dataset.cameraId ?? '',
        mode: t.dataset.mode ?? '',
        state: t.dataset.playbackState ?? null,
        capturedAt: t.dataset.capturedAt === undefined ? null : Number(t.dataset.capturedAt),
      })),
    );
  /** Clicks a camera's tile and waits until the wall has selected it (the keys act on the selection). */
  const selectTile = async (cameraId: string) => {
    await page.locator(`[data-tile][data-camera-id="${cameraId}"]`).click({ position: { x: 30, y: 60 } });
    await page.locator(`[data-tile][data-camera-id="${cameraId}"][aria-selected="true"]`).waitFor({ timeout: WAIT_MS });
  };
  const pressOnWall = (key: string) => pressKeyOnWall(page, key);
  /** The playhead the UI shows, once it stands still (paused, seek answered). */
  const playhead = () => page.getByTestId('playback-position').evaluate((el) => Number((el as unknown as { dataset: Record<string, string> }).dataset.positionMs));
  /** The frame a camera recorded at or just before `atMs`. */
  const recordedAt = (cameraId: string, atMs: number) => frames.get(cameraId)!.findLast((f) => f.atMs <= atMs)!;
  /** Waits until every recorded tile painted the frame of `atMs` (and tiles in a gap say so). */
  const waitForFramesAt = async (atMs: number) => {
    const want = Object.fromEntries(CAMERAS.map((id) => [id, recordedAt(id, atMs) && atMs - recordedAt(id, atMs).atMs <= 3_000 ? recordedAt(id, atMs).atMs : null]));
    await page.waitForFunction(
      (w) => [...document.querySelectorAll('[data-tile]')].every((t) => {
        const expected = w[t.dataset.cameraId ?? ''];
        return expected === null ? t.dataset.playbackState === 'no-recording' && t.dataset.capturedAt === undefined : Number(t.dataset.capturedAt) === expected;
      }),
      want,
      { timeout: WAIT_MS },
    );
  };

  const goTo = async (atMs: number) => {
    await pressOnWall('/');
    const dialog = page.getByRole('dialog', { name: 'Go to a date and time' });
    await dialog.waitFor({ timeout: WAIT_MS });
    // The page runs in UTC here, so the local time is the ISO time.
    await dialog.locator('input[type="datetime-local"]').fill(new Date(atMs).toISOString().slice(0, 19));
    await dialog.getByRole('button', { name: 'Go' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  };

  it('goes to a date and time: every tile switches to playback and paints the frame recorded then', async () => {
    const at = T0 + 20_000;
    await goTo(at);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-tile]')].every((t) => t.dataset.mode === 'playback'), null, { timeout: WAIT_MS });
    await waitForFramesAt(at);
    assert.equal(await playhead(), at);
    const shown = await tiles();
    const times = shown.map((t) => t.capturedAt!);
    assert.ok(Math.max(...times) - Math.min(...times) <= FRAME_MS, `tiles in sync: ${times.join(', ')}`);
    for (const t of shown) assert.ok(at - t.capturedAt! >= 0 && at - t.capturedAt! <= FRAME_MS, `${t.cameraId} shows ${t.capturedAt! - at} ms from the asked instant`);
  });

  it('seeks where the timeline is clicked, to the frame at that instant', async () => {
    const track = page.locator('.timeline-track');
    const box = (await track.boundingBox())!;
    const view = await track.evaluate((el) => ({ start: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewStart), span: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewSpan) }));
    // 30 s after the start of the recordings, by the timeline's own x -> time mapping.
    const x = box.x + ((T0 + 30_000 - view.start) / view.span) * box.width;
    await page.mouse.click(x, box.y + box.height - 8);
    await page.waitForFunction((p) => Math.abs(Number(document.querySelector('[data-testid="playback-position"]')!.dataset.positionMs) - p) < 2_000, T0 + 30_000, { timeout: WAIT_MS });
    const asked = Math.round(view.start + ((x - box.x) / box.width) * view.span);
    await waitForFramesAt(asked);
    const position = await playhead();
    assert.ok(Math.abs(position - asked) <= view.span / box.width, `the playhead ${position} is where the click was (${asked})`);
    for (const t of await tiles()) assert.ok(position - t.capturedAt! >= 0 && position - t.capturedAt! <= FRAME_MS, `${t.cameraId}: ${position - t.capturedAt!} ms before the playhead`);
  });

  it('steps exactly one frame forward and back with > and <', async () => {
    const before = (await tiles()).find((t) => t.cameraId === 'front')!.capturedAt!;
    const list = frames.get('front')!;
    const i = list.findIndex((f) => f.atMs === before);
    assert.ok(i > 0);
    await pressOnWall('>');
    await waitForFramesAt(list[i + 1]!.atMs);
    assert.equal(await playhead(), list[i + 1]!.atMs);
    await pressOnWall('>');
    await waitForFramesAt(list[i + 2]!.atMs);
    await pressOnWall('<');
    await waitForFramesAt(list[i + 1]!.atMs);
    assert.equal(await playhead(), list[i + 1]!.atMs);
  });

  it('says "No recording" on a tile in a gap, with its picture cleared, while the others play on', async () => {
    await goTo(T0 + 60_000);
    await waitForFramesAt(T0 + 60_000);
    const dock = page.locator('[data-tile][data-camera-id="dock"]');
    await dock.getByText('No recording').waitFor({ timeout: WAIT_MS });
    assert.equal(await dock.getAttribute('data-playback-state'), 'no-recording');
    assert.equal(await dock.getAttribute('data-captured-at'), null);
    // No pixel of an older picture is left on its canvas.
    const painted = await dock.locator('canvas').evaluate((c) => {
      const canvas = c as unknown as { width: number; height: number; ownerDocument: { createElement(n: 'canvas'): { width: number; height: number; getContext(k: '2d'): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } } } };
      const probe = canvas.ownerDocument.createElement('canvas');
      probe.width = Math.max(1, canvas.width);
      probe.height = Math.max(1, canvas.height);
      const ctx = probe.getContext('2d');
      ctx.drawImage(canvas, 0, 0);
      const data = ctx.getImageData(0, 0, probe.width, probe.height).data;
      let nonBlank = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) nonBlank += 1;
      return nonBlank;
    });
    assert.equal(painted, 0, 'the gap tile shows no picture');
    // For the README: the same moment with a hover thumbnail of the first camera, 25 s earlier.
    const track = page.locator('.timeline-track');
    const box = (await track.boundingBox())!;
    const view = await track.evaluate((el) => ({ start: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewStart), span: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewSpan) }));
    await page.mouse.move(box.x + ((T0 + 35_000 - view.start) / view.span) * box.width, box.y + 26);
    await page.getByTestId('timeline-hover').locator('.timeline-thumb:not(.timeline-thumb-empty)').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'playback.png') });
    await page.mouse.move(0, 0);
  });

  it('plays the four tiles in sync, within one frame interval of each other', async () => {
    await goTo(T0 + 85_000);
    await waitForFramesAt(T0 + 85_000);
    const from = await page.evaluate(() => (globalThis as unknown as { __paints: unknown[] }).__paints.length);
    await pressOnWall(' ');
    // Until every tile painted 15 frames of the playing (on a loaded machine some are dropped).
    await page.waitForFunction(
      ({ n, ids, after }) => {
        const paints = (globalThis as unknown as { __paints: Array<[string, number, number]> }).__paints.slice(n);
        return ids.every((id) => paints.filter(([c, capturedAt]) => c === id && capturedAt > after).length >= 15);
      },
      { n: from, ids: CAMERAS, after: T0 + 85_500 },
      { timeout: WAIT_MS },
    );
    await pressOnWall(' ');
    // In sync: at any moment the tiles show the same recorded moment. Each paint's capture time
    // minus its wall time is the moment a tile presents; per tile its median, across tiles within
    // one frame interval. (Reading the tiles at one instant instead would also measure when each
    // tile's decode happened to finish.)
    const paints = (await page.evaluate((n) => (globalThis as unknown as { __paints: Array<[string, number, number]> }).__paints.slice(n), from)).filter(([, capturedAt]) => capturedAt > T0 + 85_500);
    const offsets = CAMERAS.map((id) => {
      const list = paints.filter(([c]) => c === id).map(([, capturedAt, paintedAt]) => capturedAt - paintedAt).sort((a, b) => a - b);
      assert.ok(list.length >= 15, `${id} painted ${list.length} frames while playing`);
      return list[Math.floor(list.length / 2)]!;
    });
    assert.ok(Math.max(...offsets) - Math.min(...offsets) <= FRAME_MS, `tiles present the same moment: ${offsets.map((o) => o - offsets[0]!).join(', ')} ms apart`);
    await page.locator('.playback-state[data-paused="true"]').waitFor({ timeout: WAIT_MS });
  });

  it('saves the exact recorded JPEG as a snapshot, named with the camera and the capture time to the millisecond', async () => {
    await goTo(T0 + 10_000);
    await waitForFramesAt(T0 + 10_000);
    const frame = recordedAt('front', T0 + 10_000);
    await selectTile('front');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), pressOnWall('s')]);
    assert.equal(download.suggestedFilename(), `Front-${new Date(frame.atMs).toISOString().replace(/[:.]/g, '-')}.jpg`);
    const stamp = readCaptureComment(new Uint8Array(readFileSync((await download.path())!)));
    assert.equal(stamp?.seq, frame.seq, 'the recorded frame itself');
  });

  it('scrubs: dragging the playhead paints frames on the way and ends on the frame under the pointer', async () => {
    await goTo(T0 + 20_000);
    await waitForFramesAt(T0 + 20_000);
    const track = page.locator('.timeline-track');
    const box = (await track.boundingBox())!;
    const view = await track.evaluate((el) => ({ start: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewStart), span: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewSpan) }));
    const xOf = (t: number) => box.x + ((t - view.start) / view.span) * box.width;
    const from = await page.evaluate(() => (globalThis as unknown as { __paints: unknown[] }).__paints.length);
    const y = box.y + box.height / 2;
    await page.mouse.move(xOf(T0 + 20_000), y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(xOf(T0 + 20_000 + i * 1_000), y);
      // A scrub is paced by what comes back: wait for each step's picture before the next.
      await page.waitForFunction((n) => (globalThis as unknown as { __paints: unknown[] }).__paints.length > n, from + i - 1, { timeout: WAIT_MS });
    }
    await page.mouse.up();
    const paints = await page.evaluate((n) => (globalThis as unknown as { __paints: Array<[string, number, number]> }).__paints.slice(n), from);
    const seen = new Set(paints.filter(([c]) => c === 'front').map(([, capturedAt]) => capturedAt));
    assert.ok(seen.size >= 5, `frames painted during the drag: ${seen.size}`);
    const end = await playhead();
    assert.ok(Math.abs(end - (T0 + 40_000)) <= view.span / box.width, `the playhead ends under the pointer: ${end - T0}`);
    await waitForFramesAt(end);
  });

  it('shows the recorded frame of the instant under the pointer when hovering the timeline', async () => {
    const track = page.locator('.timeline-track');
    const box = (await track.boundingBox())!;
    const view = await track.evaluate((el) => ({ start: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewStart), span: Number((el as unknown as { dataset: Record<string, string> }).dataset.viewSpan) }));
    const x = box.x + ((T0 + 50_000 - view.start) / view.span) * box.width;
    // The row of 'yard' (the second camera): 22 px of axis, then the rows.
    const rowPx = await page.locator('.timeline-name').first().evaluate((el) => (el as unknown as { offsetHeight: number }).offsetHeight);
    await page.mouse.move(x, box.y + 22 + rowPx * 1.5);
    const hover = page.getByTestId('timeline-hover');
    await hover.locator('.timeline-thumb:not(.timeline-thumb-empty)').waitFor({ timeout: WAIT_MS });
    assert.match(await hover.innerText(), /^Yard · 09:00:(49|50)/);
    // Over the gap of 'dock' (its row is the fourth) it says so.
    await page.mouse.move(box.x + ((T0 + 60_000 - view.start) / view.span) * box.width, box.y + 22 + rowPx * 3.5);
    await page.waitForFunction(() => /Dock · No recording/.test(document.querySelector('[data-testid="timeline-hover"]')?.textContent ?? ''), null, { timeout: WAIT_MS });
    await page.mouse.move(0, 0);
  });

  it('takes a tile out of sync: it keeps its own clock and controls, and comes back in sync', async () => {
    await goTo(T0 + 30_000);
    await waitForFramesAt(T0 + 30_000);
    const yard = page.locator('[data-tile][data-camera-id="yard"]');
    await selectTile('yard');
    await pressOnWall('u');
    const forward = yard.getByRole('button', { name: 'Yard: one frame forward' });
    await forward.waitFor({ timeout: WAIT_MS });
    const list = frames.get('yard')!;
    const i = list.findIndex((f) => f.atMs === recordedAt('yard', T0 + 30_000).atMs);
    const yardAt = (t: number) => page.waitForFunction((at) => Number(document.querySelector('[data-tile][data-camera-id="yard"]')!.dataset.capturedAt) === at, t, { timeout: WAIT_MS });
    await forward.click();
    await yardAt(list[i + 1]!.atMs);
    // With the tile out of sync selected, the keys drive its clock, not the wall's.
    await pressOnWall('>');
    await yardAt(list[i + 2]!.atMs);
    assert.equal(Number(await page.locator('[data-tile][data-camera-id="front"]').getAttribute('data-captured-at')), recordedAt('front', T0 + 30_000).atMs);
    // The wall's jump (another tile selected) moves the others and leaves it where it is.
    await selectTile('front');
    await pressOnWall('d');
    await page.waitForFunction((t) => Number(document.querySelector('[data-tile][data-camera-id="front"]')!.dataset.capturedAt) >= t, T0 + 39_800, { timeout: WAIT_MS });
    assert.equal(Number(await yard.getAttribute('data-captured-at')), list[i + 2]!.atMs);
    await selectTile('yard');
    await pressOnWall('u');
    await page.waitForFunction(() => {
      const t = [...document.querySelectorAll('[data-tile]')].map((el) => Number(el.dataset.capturedAt));
      return Math.max(...t) - Math.min(...t) <= 103;
    }, null, { timeout: WAIT_MS });
  });

  it('opens playback at a segment from the Recordings view, and remembers the camera chosen there', async () => {
    const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
    await tab('Recordings').click();
    const day = page.locator('.recordings-panel input[type="date"]');
    await day.fill(new Date(T0).toISOString().slice(0, 10));
    // All cameras by default: every camera's segments.
    await page.waitForFunction(() => document.querySelectorAll('.recordings-table tbody tr td:nth-child(2)').length >= 4 * 4, null, { timeout: WAIT_MS });
    const cameraColumn = await page.locator('.recordings-table tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual([...new Set(cameraColumn)].sort(), ['Dock', 'Front', 'Gate', 'Yard']);
    await page.locator('.recordings-panel select').selectOption('gate');
    await page.reload();
    await tab('Recordings').click();
    assert.equal(await page.locator('.recordings-panel select').inputValue(), 'gate');
    await page.locator('.recordings-panel input[type="date"]').fill(new Date(T0).toISOString().slice(0, 10));
    const second = page.locator('.recordings-table tr[data-segment]').nth(1);
    await second.waitFor({ timeout: WAIT_MS });
    await second.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-tile]')].every((t) => t.dataset.mode === 'playback'), null, { timeout: WAIT_MS });
    const start = await playhead();
    assert.ok(start > T0 + 25_000 && start < T0 + 35_000, `the second segment starts about 30 s in: ${start - T0}`);
    await waitForFramesAt(start);
  });

  it('changes speed and direction with the keys, and goes back to live', async () => {
    await pressOnWall('}');
    await page.locator('.playback-state', { hasText: 'Playing 2x' }).waitFor({ timeout: WAIT_MS });
    await pressOnWall('\\');
    await page.locator('.playback-state', { hasText: 'Playing −2x' }).waitFor({ timeout: WAIT_MS });
    await pressOnWall('v');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-tile]')].every((t) => t.dataset.mode === 'live'), null, { timeout: WAIT_MS });
  });

  it('lists a removed camera by its last name, and plays it back alone', async () => {
    const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
    page.once('dialog', (dialog) => void dialog.accept());
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Remove Dock' }).click();
    await page.waitForFunction(() => !document.querySelector('tr[data-camera-id="dock"]'), null, { timeout: WAIT_MS });
    await tab('Recordings').click();
    const select = page.locator('.recordings-panel select');
    await select.locator('option', { hasText: 'Dock (removed)' }).waitFor({ state: 'attached', timeout: WAIT_MS });
    await select.selectOption('dock');
    await page.locator('.recordings-panel input[type="date"]').fill(new Date(T0).toISOString().slice(0, 10));
    await page.locator('.recordings-table tr[data-segment]').first().click();
    await page.getByText('Playing back Dock (removed) alone').waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => {
      const tiles = [...document.querySelectorAll('[data-tile]')];
      return tiles.length === 1 && tiles[0]!.dataset.cameraId === 'dock' && tiles[0]!.dataset.capturedAt !== undefined;
    }, null, { timeout: WAIT_MS });
    await page.waitForFunction(() => document.querySelector('[data-tile]')!.dataset.capturedAt === document.querySelector('[data-testid="playback-position"]')?.getAttribute('data-position-ms'), null, { timeout: WAIT_MS });
    assert.equal(await page.locator('[data-tile] .tile-name').innerText(), 'Dock');
  });
});
