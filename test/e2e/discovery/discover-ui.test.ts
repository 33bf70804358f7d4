// "Found on your network" as a user meets it: `camwall serve` and Chromium both run inside the
// scanner namespace of a private network (test/support/netns.ts), the cameras inside the other
// (test/support/axis-responder.ts), so the scan the page asks for is real multicast that never
// reaches the machine's own network. The user searches, sees the factory-default Axis camera
// flagged, fills the form with one click on each device, and adds the camera.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../support/browser.ts';
import { ROOT } from '../support/processes.ts';
import { CAMERA_ADDRESS, createLan, lanUnavailable, lineFrom, SECOND_CAMERA_ADDRESS, type Lan } from '../../support/netns.ts';
import type { ChildProcess } from 'node:child_process';
import type { PageDocument } from '../support/page-dom.ts';

declare const document: PageDocument;

const RESPONDER = fileURLToPath(new URL('../../support/axis-responder.ts', import.meta.url));
const BIN = join(ROOT, 'main', 'cli', 'bin.ts');
const SCREENSHOTS = process.env.CAMWALL_SCREENSHOTS_DIR ?? join(tmpdir(), 'camwall-screenshots');
const WAIT_MS = 30_000;
const unavailable = lanUnavailable();

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('cameras found on the network, in the add-camera form', { skip: unavailable ?? false, timeout: 180_000 }, () => {
  let network: Lan;
  let responder: ChildProcess;
  let serve: ChildProcess;
  let browser: Browser;
  let page: Page;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'camwall-discover-e2e-'));
    network = await createLan();
    responder = network.camera.spawn([process.execPath, RESPONDER]);
    serve = network.scanner.spawn([process.execPath, BIN, 'serve', '--port', '0', '--data', join(scratch, 'data')], { cwd: ROOT });
    const [, url] = await Promise.all([
      lineFrom(responder, (line) => (line.includes('"ready"') ? true : null), 'the camera responder'),
      lineFrom(serve, (line) => /Open (http:\/\/\S+)/.exec(line)?.[1] ?? null, 'camwall serve'),
    ]);
    // Chromium must reach serve's loopback, which is the scanner namespace's own.
    const wrapper = join(scratch, 'chromium-in-namespace');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${network.scanner.enter.join(' ')} ${CHROMIUM_PATH} "$@"\n`);
    chmodSync(wrapper, 0o700);
    browser = await launchChromium([], undefined, wrapper);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
  });

  after(async () => {
    await browser?.close();
    await Promise.all([stop(serve), stop(responder)]);
    await network?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const found = () => page.getByTestId('discovered-camera');

  it('searches only when asked, then lists both cameras and flags the one that needs set-up', async () => {
    await tab('Cameras').click();
    await page.getByRole('button', { name: 'Add camera', exact: true }).first().click();
    const section = page.getByTestId('discovered-cameras');
    await section.waitFor({ timeout: WAIT_MS });
    assert.equal(await found().count(), 0, 'nothing listed before the user asks');
    await section.getByRole('button', { name: 'Search the network' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="discovered-camera"]').length === 2, null, { timeout: WAIT_MS });
    const axis = found().nth(0);
    const other = found().nth(1);
    assert.equal(await axis.locator('.discovered-name').innerText(), 'AXIS M3045-V');
    assert.match(await axis.locator('.discovered-meta').innerText(), new RegExp(`http://${CAMERA_ADDRESS}/ · serial ACCC8E012345 · Bonjour \\+ ONVIF`));
    assert.match(await axis.getByTestId('discovered-setup').innerText(), new RegExp(`Needs set-up first.*Open http://${CAMERA_ADDRESS}/ in a browser`));
    assert.equal(await other.locator('.discovered-name').innerText(), 'Acme Cam');
    assert.match(await other.locator('.discovered-meta').innerText(), new RegExp(`http://${SECOND_CAMERA_ADDRESS}:8080/ · AC-100 · ONVIF`));
    assert.equal(await other.getByTestId('discovered-setup').count(), 0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'discovery.png') });
  });

  it('"Use this" fills the form: address, port, protocol, type and name, for each device in turn', async () => {
    await found().nth(1).getByRole('button', { name: /^Use Acme Cam/ }).click();
    assert.equal(await page.locator('#camera-host').inputValue(), SECOND_CAMERA_ADDRESS);
    assert.equal(await page.locator('#camera-port').inputValue(), '8080');
    assert.equal(await page.locator('#camera-kind').inputValue(), 'url');
    assert.equal(await page.locator('#camera-scheme').inputValue(), 'http');
    assert.equal(await page.locator('#camera-name').inputValue(), 'Acme Cam');
    await found().nth(0).getByRole('button', { name: /^Use AXIS M3045-V/ }).click();
    assert.equal(await page.locator('#camera-host').inputValue(), CAMERA_ADDRESS);
    assert.equal(await page.locator('#camera-port').inputValue(), '');
    assert.equal(await page.locator('#camera-kind').inputValue(), 'vapix');
    assert.equal(await page.locator('#camera-name').inputValue(), 'AXIS M3045-V', 'the earlier device\'s name is replaced');
  });

  it('the filled form adds the camera', async () => {
    await page.getByRole('button', { name: 'Add camera', exact: true }).last().click();
    await page.locator('tr[data-camera-id] th:text-is("AXIS M3045-V")').waitFor({ timeout: WAIT_MS });
  });
});
