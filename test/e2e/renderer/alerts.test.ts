// Notifications and MQTT as a user meets them, in Debian's Chromium against `camwall serve`
// (in this process, so the test can publish the motion detector's push itself) with the demo
// cameras: the MQTT section connects to a real Mosquitto and shows its state, refuses a URL with a
// password in it; a motion notice reaches the page's Web Notifications and a click on it opens
// that camera in playback at that moment. Headless Chromium shows no system notifications, so the
// page's `Notification` is a recorder installed before the app loads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { serve, type Serving } from '../../../main/server/serve.ts';
import { launchChromium } from '../support/browser.ts';
import { APP_PASSWORD, APP_USER, OBSERVER_PASSWORD, OBSERVER_USER, startBroker, type Broker } from '../../support/mosquitto.ts';
import { tempDir } from '../../integration/recording-app/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';
import type { PageDocument } from '../support/page-dom.ts';

declare const document: PageDocument;
declare const window: { __notices: Array<{ title: string; body: string; click(): void }> };

const WAIT_MS = 25_000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHOTS = process.env['CAMWALL_SCREENSHOTS_DIR'];

describe('notifications and MQTT in the browser', { timeout: 150_000 }, () => {
  let broker: Broker;
  let serving: Serving;
  let browser: Browser;
  let page: Page;
  let observer: MqttClient;
  const retained = new Map<string, string>();
  const dir = tempDir('e2e-alerts');

  before(async () => {
    [broker, serving, browser] = await Promise.all([
      startBroker(),
      serve({ dataDir: join(dir.path, 'data'), staticDir: join(ROOT, 'dist', 'renderer'), version: 'test', demo: true, streams: { workers: 1, graceMs: 500 } }),
      launchChromium(),
    ]);
    observer = connect(broker.url, { username: OBSERVER_USER, password: OBSERVER_PASSWORD, reconnectPeriod: 300 });
    observer.on('connect', () => observer.subscribe('#'));
    observer.on('message', (topic, payload) => retained.set(topic, payload.toString()));
    const context = await browser.newContext({ viewport: { width: 1440, height: 1400 } });
    await context.addInitScript(() => {
      const shown: unknown[] = [];
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body?: string } = {}) {
          shown.push({ title, body: options.body ?? '', click: () => this.onclick?.() });
        }
        close() {}
      }
      Object.assign(globalThis, { Notification: RecordingNotification, __notices: shown });
    });
    page = await context.newPage();
    await page.goto(serving.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-tile][data-camera-id^="cam-"]').length === 6, null, { timeout: WAIT_MS });
  });

  after(async () => {
    observer?.end(true);
    await browser?.close();
    await serving?.close();
    await broker?.stop();
    dir.remove();
  });

  it('connects to the broker from the MQTT section, shows it connected, and refuses a URL holding a password', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const mqtt = page.getByTestId('mqtt-settings');
    await mqtt.locator('#mqtt-url').fill(`mqtt://someone:${APP_PASSWORD}@127.0.0.1:${broker.port}`);
    await mqtt.locator('#mqtt-enabled').check();
    await mqtt.getByRole('button', { name: 'Save MQTT' }).click();
    await mqtt.locator('[data-field-error="mqtt-url"]').waitFor({ timeout: WAIT_MS });
    assert.match(await mqtt.locator('[data-field-error="mqtt-url"]').innerText(), /must not hold a user or password/);

    await mqtt.locator('#mqtt-url').fill(broker.url);
    await mqtt.locator('#mqtt-username').fill(APP_USER);
    await mqtt.locator('#mqtt-password').fill(APP_PASSWORD);
    await mqtt.getByRole('button', { name: 'Save MQTT' }).click();
    await mqtt.getByTestId('mqtt-state').filter({ hasText: 'Connected' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await mqtt.locator('#mqtt-password').inputValue(), '', 'the password field is emptied, never filled back');
    await waitFor(() => retained.get('camwall/available') === 'online', { what: 'camwall/available online' });
    const cameras = serving.core.registry.cameras.list();
    await waitFor(() => cameras.every((c) => retained.has(`homeassistant/binary_sensor/camwall_${c.id}/motion/config`)), { what: 'discovery for the six demo cameras' });
    await mqtt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shotsDir(), 'settings-alerts.png'), fullPage: true });
  });

  it('shows a motion notice with the Web Notifications API; a click opens that camera in playback at that moment', async () => {
    const panel = page.getByTestId('notification-settings');
    await panel.locator('#notify-motion').check();
    await panel.getByRole('button', { name: 'Save notifications' }).click();
    await panel.getByTestId('notifications-status').filter({ hasText: 'Notifications saved.' }).waitFor({ timeout: WAIT_MS });
    const camera = serving.core.registry.cameras.list()[2]!;
    const atMs = Date.now() - 20_000;
    serving.core.events.emit('motion.event', {
      event: { id: 7, cameraId: camera.id, source: 'camwall', startMs: atMs, endMs: null, peakScore: 0.4, box: null, zones: ['Gate'], hasThumbnail: false },
    });
    await page.waitForFunction(() => window.__notices.length > 0, null, { timeout: WAIT_MS });
    const notice = await page.evaluate(() => ({ title: window.__notices[0]!.title, body: window.__notices[0]!.body }));
    assert.deepEqual(notice, { title: `Motion on ${camera.name}`, body: 'In Gate' });
    await waitFor(() => retained.get(`camwall/${camera.id}/motion`) === 'ON', { what: 'motion ON on MQTT too' });

    await page.evaluate(() => window.__notices[0]!.click());
    const tile = `[data-tile][data-camera-id="${camera.id}"]`;
    await page.waitForFunction((selector) => document.querySelector(selector)?.dataset.mode === 'playback', tile, { timeout: WAIT_MS });
    await page.waitForFunction(
      (at) => Math.abs(Number(document.querySelector('[data-testid="playback-position"]')?.dataset.positionMs) - at) < 2_000,
      atMs,
      { timeout: WAIT_MS },
    );
  });
});

function shotsDir(): string {
  const out = SHOTS ?? join(process.env['TMPDIR'] ?? '/tmp', 'camwall-e2e-shots');
  mkdirSync(out, { recursive: true });
  return out;
}
