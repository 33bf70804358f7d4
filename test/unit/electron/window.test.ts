import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appPageUrl,
  createMainWindow,
  describeUrl,
  hardenSession,
  hardenWebContents,
  mainWindowOptions,
  permissionAllowed,
  startsInKiosk,
} from '../../../main/electron/window.ts';
import { FakeBrowserWindow, FakeEvent, FakeSession, FakeWebContents } from '../../fixtures/electron/fake-electron.ts';

const PRELOAD = '/app/dist/node/preload.cjs';

function newWindow(kiosk = false) {
  const lines: string[] = [];
  const window = createMainWindow({ BrowserWindow: FakeBrowserWindow as never }, { preloadPath: PRELOAD, bounds: null, kiosk }, (line) => lines.push(line)) as unknown as FakeBrowserWindow;
  return { window, lines };
}

describe('window options', () => {
  it('are sandboxed, context-isolated, without Node, with the preload and no webview', () => {
    const { window } = newWindow();
    const prefs = window.options['webPreferences'] as Record<string, unknown>;
    assert.equal(prefs['sandbox'], true);
    assert.equal(prefs['contextIsolation'], true);
    // Electronegativity misses nodeIntegration when a `sandbox` key is present: checked here.
    assert.equal(prefs['nodeIntegration'], false);
    assert.equal(prefs['nodeIntegrationInWorker'], false);
    assert.equal(prefs['nodeIntegrationInSubFrames'], false);
    assert.equal(prefs['webSecurity'], true);
    assert.equal(prefs['webviewTag'], false);
    assert.equal(prefs['spellcheck'], false);
    assert.notEqual(prefs['allowRunningInsecureContent'], true);
    assert.notEqual(prefs['experimentalFeatures'], true);
    assert.equal(prefs['preload'], PRELOAD);
    assert.equal('enableBlinkFeatures' in prefs, false);
    assert.equal('enableRemoteModule' in prefs, false);
  });

  it('allow no option that would weaken the window, whatever is passed', () => {
    const options = mainWindowOptions({ preloadPath: PRELOAD, bounds: { x: 1, y: 2, width: 300, height: 200 }, kiosk: true });
    assert.deepEqual([options.x, options.y, options.width, options.height], [1, 2, 300, 200]);
    assert.equal(options.kiosk, true);
    assert.equal(options.show, false);
    const risky = ['nodeIntegration', 'contextIsolation', 'sandbox', 'webSecurity', 'webviewTag'] as const;
    assert.deepEqual(risky.map((key) => options.webPreferences[key]), [false, true, true, true, false]);
  });

  it('loads the app from app://camwall/, never file:// or the network; kiosk adds ?kiosk=1', () => {
    assert.deepEqual(newWindow().window.loaded, ['app://camwall/index.html']);
    assert.deepEqual(newWindow(true).window.loaded, ['app://camwall/index.html?kiosk=1']);
    assert.equal(appPageUrl(false).startsWith('app://camwall/'), true);
  });

  it('opens as a kiosk with --kiosk or the startInKiosk setting, a kiosk window in the fake Electron', () => {
    assert.equal(startsInKiosk(['electron', '.'], false), false);
    assert.equal(startsInKiosk(['electron', '.', '--kiosk'], false), true);
    assert.equal(startsInKiosk(['electron', '.'], true), true);
    const { window } = newWindow(startsInKiosk(['electron', '.'], true));
    assert.equal(window.isKiosk(), true);
    assert.deepEqual(window.loaded, ['app://camwall/index.html?kiosk=1']);
  });

  it('shows the window on its first paint', () => {
    const { window } = newWindow();
    assert.equal(window.shown, 0);
    window.emit('ready-to-show');
    assert.equal(window.shown, 1);
  });
});

describe('web contents hardening', () => {
  it('denies every navigation, redirect and frame navigation, even to the app itself', () => {
    const contents = new FakeWebContents();
    const lines: string[] = [];
    hardenWebContents(contents, (line) => lines.push(line));
    for (const [event, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-navigate', 'app://camwall/index.html'],
      ['will-redirect', 'https://evil.example/'],
      ['will-frame-navigate', 'file:///etc/passwd'],
    ] as const) {
      const e = new FakeEvent(url);
      contents.emit(event, e, url);
      assert.equal(e.defaultPrevented, true, `${event} to ${url} must be prevented`);
    }
    assert.equal(lines.length, 4);
  });

  it('denies new windows and opens nothing', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents);
    assert.ok(contents.windowOpenHandler);
    assert.deepEqual(contents.windowOpenHandler({ url: 'https://example.com/' }), { action: 'deny' });
    assert.deepEqual(contents.windowOpenHandler({ url: 'app://camwall/index.html' }), { action: 'deny' });
  });

  it('hardens a web contents once, however often it is asked to', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents);
    hardenWebContents(contents);
    assert.equal(contents.count('will-navigate'), 1);
  });

  it('refuses to attach a webview', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents);
    const e = new FakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    assert.equal(e.defaultPrevented, true);
  });

  it('logs origins, never the paths or credentials of denied URLs', () => {
    const contents = new FakeWebContents();
    const lines: string[] = [];
    hardenWebContents(contents, (line) => lines.push(line));
    contents.emit('will-navigate', new FakeEvent(), 'http://admin:secret@10.0.0.5/axis-cgi/mjpg/video.cgi');
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /secret|admin|axis-cgi/);
    assert.equal(describeUrl('http://u:p@cam.local:8080/x?y'), 'http://cam.local:8080');
    assert.equal(describeUrl(42), 'an unknown address');
  });
});

describe('session permissions', () => {
  it('denies every permission request', async () => {
    const session = new FakeSession();
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'display-capture', 'hid', 'serial', 'usb']) {
      assert.equal(await session.request(permission, 'app://camwall/index.html'), false, permission);
      assert.equal(session.check(permission, 'app://camwall'), false, permission);
    }
  });

  it('grants full screen to the app main frame only', async () => {
    const session = new FakeSession();
    hardenSession(session);
    assert.equal(await session.request('fullscreen', 'app://camwall/index.html'), true);
    assert.equal(await session.request('fullscreen', 'app://camwall/index.html', false), false);
    assert.equal(await session.request('fullscreen', 'https://evil.example/'), false);
    assert.equal(await session.request('fullscreen', 'file:///tmp/x.html'), false);
    assert.equal(session.check('fullscreen', 'app://camwall'), true);
    assert.equal(session.check('fullscreen', 'https://evil.example'), false);
    assert.equal(permissionAllowed('fullscreen', 'app://camwall.evil.example/', true), false);
  });
});
