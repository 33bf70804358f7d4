// The browser shell in a real Chromium: open the printed URL (token in it), let the page trade
// it for the cookie, and drive the API from the page through renderer/api's WebSocket client,
// under the server's strict CSP. The page is a minimal bundle of that client, so this test does
// not depend on the state of the wall UI.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import type { Serving } from '../../../main/server/serve.ts';
import { simulatedCamera, startServe, tempDir } from './helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const PAGE_ENTRY = `
import { connectCamwall } from './renderer/api/ws-client.ts';
const api = connectCamwall();
globalThis.camwallApi = api;
globalThis.framesSeen = [];
api.ready.then(() => { document.body.dataset.ready = 'yes'; });
`;

let dir: ReturnType<typeof tempDir>;
let simulator: Simulator;
let serving: Serving;
let browser: Browser;

before(async () => {
  dir = tempDir('api-browser');
  const page = join(dir.path, 'page');
  mkdirSync(page, { recursive: true });
  writeFileSync(join(page, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>Camwall API test</title><script type="module" src="app.js"></script></head><body></body></html>\n');
  await build({ stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts' }, bundle: true, format: 'esm', platform: 'browser', outfile: join(page, 'app.js'), logLevel: 'warning' });
  simulator = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  serving = await startServe(join(dir.path, 'data'), { staticDir: page });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await serving?.close();
  await simulator?.close();
  dir?.remove();
});

test('a real browser opens the printed URL and uses the API from the page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(serving.url);
  assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached', timeout: 20_000 });

  const info = await page.evaluate(() => (globalThis as any).camwallApi.app.info());
  assert.equal(info.ok, true);
  assert.equal(info.value.shell, 'browser');

  const added = await page.evaluate(
    (camera) => (globalThis as any).camwallApi.cameras.add({ camera }),
    simulatedCamera(simulator.port, 1, 'Browser cam'),
  );
  assert.equal(added.ok, true, JSON.stringify(added));
  assert.equal(serving.core.registry.cameras.get(added.value.id)?.name, 'Browser cam', 'stored by the core');

  const rejected = await page.evaluate(() => (globalThis as any).camwallApi.cameras.add({ camera: { name: 'x', host: 'bad host!' } }));
  assert.equal(rejected.ok, false);
  assert.equal(rejected.error.fields[0].field, 'camera.host');

  const frame = await page.evaluate(
    (cameraId) =>
      new Promise<{ cameraId: string; width: number; height: number; firstBytes: number[]; drawn: boolean }>((resolve, reject) => {
        const api = (globalThis as any).camwallApi;
        const timer = setTimeout(() => reject(new Error('no frame within 20 s')), 20_000);
        const stop = api.frames.subscribe(cameraId, { stream: 'main' }, async (f: any) => {
          // Decode it the way a tile does; the ack waits for this promise.
          const bitmap = await (globalThis as any).createImageBitmap(new Blob([f.jpeg], { type: 'image/jpeg' }));
          const drawn = bitmap.width === f.width;
          bitmap.close();
          clearTimeout(timer);
          stop();
          resolve({ cameraId: f.cameraId, width: f.width, height: f.height, firstBytes: [...new Uint8Array(f.jpeg).slice(0, 2)], drawn });
        });
      }),
    added.value.id,
  );
  assert.equal(frame.cameraId, added.value.id);
  assert.deepEqual([frame.width, frame.height], [320, 240]);
  assert.deepEqual(frame.firstBytes, [0xff, 0xd8]);
  assert.equal(frame.drawn, true, 'Chromium decoded the JPEG');

  const events = await page.evaluate(
    (cameraId) =>
      new Promise<string[]>((resolve) => {
        const api = (globalThis as any).camwallApi;
        const seen: string[] = [];
        const off = api.on('cameras.changed', (payload: any) => {
          seen.push(...payload.cameras.map((c: any) => c.name));
          off();
          resolve(seen);
        });
        void api.cameras.update({ id: cameraId, patch: { name: 'Renamed in browser' } });
      }),
    added.value.id,
  );
  assert.ok(events.includes('Renamed in browser'));

  const snapshot = await page.evaluate(async (id) => {
    const result = await (globalThis as any).camwallApi.cameras.snapshot({ id });
    return result.ok ? { isBuffer: result.value.jpeg instanceof ArrayBuffer, size: result.value.jpeg.byteLength } : result.error;
  }, added.value.id);
  assert.equal(snapshot.isBuffer, true, JSON.stringify(snapshot));
  assert.ok(snapshot.size > 100);

  assert.deepEqual(violations, [], 'no CSP violations');
  await context.close();
});

test('a browser without the token gets no page and no WebSocket', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`http://127.0.0.1:${serving.server.port}/`);
  assert.equal(response?.status(), 401);
  const opened = await page.evaluate(
    (port) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api`);
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
      }),
    serving.server.port,
  );
  assert.equal(opened, false);
  await context.close();
});
