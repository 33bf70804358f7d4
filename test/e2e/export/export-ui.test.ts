// The export UI end to end: two cameras recorded before `camwall serve` starts, the built
// renderer in Debian's Chromium. What a user does: mark in and out with I and O in playback,
// Export… one camera as MKV, watch the job reach "Done" with its size in the Exports view, Save…
// (the browser shell's download: a zip that `camwall verify` finds intact), and cancel an export
// still waiting behind others (one runs at a time).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../../support/run-cli.ts';
import { launchChromium } from '../support/browser.ts';
import type { PageDocument } from '../support/page-dom.ts';
import { removeDir, startServe, type Serve } from '../support/processes.ts';
import { makeRecordedDataDir } from '../support/recorded-data.ts';
import { pressOnWall as pressKeyOnWall } from '../support/keyboard.ts';

declare const document: PageDocument;

const WAIT_MS = 30_000;
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
/** Long enough that an export of both cameras takes seconds: the queue test needs the jobs ahead to be still running. */
const RECORDED_MS = 20 * 60_000;
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
/** The page runs in UTC here, so a local datetime-local value is the ISO time. */
const localInput = (atMs: number) => new Date(atMs).toISOString().slice(0, 19);

describe('the export UI against camwall serve', { timeout: 240_000 }, () => {
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync(join(tmpdir(), 'camwall-e2e-export-'));

  before(async () => {
    const made = await makeRecordedDataDir(
      ['front', 'yard'].map((id, i) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), channel: i + 1, fps: 10, spans: [{ fromMs: T0, toMs: T0 + RECORDED_MS }] })),
      { segmentMs: 60_000 },
    );
    [serve, browser] = await Promise.all([startServe({ dataDir: made.dataDir, env: { TZ: 'UTC' } }), launchChromium([], { TZ: 'UTC' })]);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.log('page error:', error));
    await page.goto(serve.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-tile][data-camera-id]:not([data-camera-id=""])').length === 2, null, { timeout: WAIT_MS });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (serve) removeDir(serve.dataDir);
    removeDir(work);
  });

  const pressOnWall = (key: string) => pressKeyOnWall(page, key);
  const tab = (name: string | RegExp) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
  const goTo = async (atMs: number) => {
    await pressOnWall('/');
    const dialog = page.getByRole('dialog', { name: 'Go to a date and time' });
    await dialog.locator('input[type="datetime-local"]').fill(localInput(atMs));
    await dialog.getByRole('button', { name: 'Go' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.waitForFunction((at) => document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs === String(at), atMs, { timeout: WAIT_MS });
  };
  const row = (id: number) => page.locator(`.export-row[data-export-id="${id}"]`);
  const stateOf = (id: number) => row(id).getAttribute('data-state');

  it('marks in and out with I and O: the range is shaded on the timeline between the two marks', async () => {
    await goTo(T0 + 10_000);
    await pressOnWall('i');
    await goTo(T0 + 25_000);
    await pressOnWall('o');
    assert.equal(await page.getByTestId('mark-in').getAttribute('data-at-ms'), String(T0 + 10_000));
    assert.equal(await page.getByTestId('mark-out').getAttribute('data-at-ms'), String(T0 + 25_000));
    // The shaded range runs from one handle to the other, where the timeline puts those instants.
    const track = (await page.locator('.timeline-track').boundingBox())!;
    const view = await page.locator('.timeline-track').evaluate((el) => ({ start: Number((el as unknown as PageDocument['body']).dataset.viewStart), span: Number((el as unknown as PageDocument['body']).dataset.viewSpan) }));
    const xOf = (t: number) => track.x + ((t - view.start) / view.span) * track.width;
    const range = (await page.getByTestId('marked-range').boundingBox())!;
    assert.ok(Math.abs(range.x - xOf(T0 + 10_000)) <= 2, `the range starts at the in mark: ${range.x} vs ${xOf(T0 + 10_000)}`);
    assert.ok(Math.abs(range.x + range.width - xOf(T0 + 25_000)) <= 2, `the range ends at the out mark: ${range.x + range.width} vs ${xOf(T0 + 25_000)}`);
    assert.ok(range.height >= track.height - 2, 'the range covers every row');
    // For the docs: zoomed in (Z twice: 10 min to 2.5 min) so the range reads.
    await pressOnWall('z');
    await pressOnWall('z');
    await page.waitForFunction((span) => Number(document.querySelector('.timeline-track')?.dataset.viewSpan) <= span, view.span / 4, { timeout: WAIT_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'export-marks.png') });
  });

  let exported = 0;
  it('exports one camera as MKV from the marks, shows it done with its size, and Save… downloads a zip that verifies', async () => {
    await pressOnWall('x');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor({ timeout: WAIT_MS });
    assert.equal(await dialog.getByLabel(/^From/).inputValue(), localInput(T0 + 10_000), 'the range is the marks');
    assert.equal(await dialog.getByLabel(/^To/).inputValue(), localInput(T0 + 25_000));
    // Both cameras of the layout are offered and ticked; AVI is the default.
    assert.ok(await dialog.getByRole('checkbox', { name: 'Front' }).isChecked());
    assert.ok(await dialog.getByRole('checkbox', { name: 'Yard' }).isChecked());
    assert.ok(await dialog.getByRole('radio', { name: /^AVI/ }).isChecked());
    await dialog.getByRole('checkbox', { name: 'Yard' }).uncheck();
    await dialog.getByRole('radio', { name: /^MKV/ }).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    const notice = page.locator('.export-queued');
    exported = Number(/Export (\d+)/.exec(await notice.innerText())![1]);
    await notice.getByRole('button', { name: 'Show exports' }).click();
    await page.waitForFunction((id) => document.querySelector(`.export-row[data-export-id="${id}"]`)?.getAttribute('data-state') === 'done', exported, { timeout: WAIT_MS });
    const done = row(exported);
    assert.match(await done.innerText(), /Front\s*MKV/);
    assert.match(await done.innerText(), /MKV keeps every frame at its exact time/);
    assert.match(await done.getByTestId('export-size').innerText(), /^\d+(\.\d)? (KiB|MiB)$/);
    assert.match(await done.innerText(), /150 frames/, '15 s of one camera at 10 fps');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), done.getByRole('button', { name: `Save export ${exported}` }).click()]);
    assert.equal(download.suggestedFilename(), `camwall-export-${exported}.zip`);
    const zip = join(work, 'download.zip');
    await download.saveAs(zip);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, unpacked], { encoding: 'utf8' });
    assert.equal(unzip.status, 0, unzip.stderr);
    assert.ok(readdirSync(unpacked).some((name) => name.endsWith('.mkv')), `an MKV clip: ${readdirSync(unpacked).join(', ')}`);
    const verified = await runCli(['verify', unpacked]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /intact: every file matches the signed manifest/);
  });

  it('cancels an export still waiting behind others, and offers to retry it', async () => {
    await tab('Wall').click();
    await page.locator('.wall').waitFor({ timeout: WAIT_MS });
    const ids: number[] = [];
    // Typed dates this time: the whole recording of both cameras, five times (one runs at a time).
    for (let i = 0; i < 5; i++) {
      await pressOnWall('x');
      const dialog = page.getByRole('dialog', { name: 'Export' });
      await dialog.getByLabel(/^From/).fill(localInput(T0));
      await dialog.getByLabel(/^To/).fill(localInput(T0 + RECORDED_MS));
      await dialog.getByRole('button', { name: 'Start' }).click();
      await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
      ids.push(Number(/Export (\d+)/.exec(await page.locator('.export-queued').innerText())![1]));
    }
    await tab(/^Exports/).click();
    const last = ids.at(-1)!;
    assert.equal(await stateOf(last), 'queued', 'four exports are ahead of it');
    // The tab counts what is still to run.
    assert.match(await tab(/^Exports/).innerText(), /Exports\s*[1-5]/);
    await page.screenshot({ path: join(SCREENSHOTS, 'exports.png') });
    await row(last).getByRole('button', { name: `Cancel export ${last}` }).click();
    await page.waitForFunction((id) => document.querySelector(`.export-row[data-export-id="${id}"]`)?.getAttribute('data-state') === 'cancelled', last, { timeout: WAIT_MS });
    await row(last).getByRole('button', { name: `Retry export ${last}` }).waitFor({ timeout: WAIT_MS });
    // The others run to the end, one after another, with their progress shown meanwhile.
    for (const id of ids.slice(0, -1)) await page.waitForFunction((n) => document.querySelector(`.export-row[data-export-id="${n}"]`)?.getAttribute('data-state') === 'done', id, { timeout: 120_000 });
    assert.equal(await stateOf(last), 'cancelled', 'it never ran');
    await row(last).getByRole('button', { name: `Remove export ${last}` }).click();
    await row(last).waitFor({ state: 'detached', timeout: WAIT_MS });
  });
});
