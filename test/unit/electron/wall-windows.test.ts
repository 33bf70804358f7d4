// A wall window per display: the plan (which display shows which layout) and the windows it opens,
// against the fake Electron.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openWallWindows, planWallWindows } from '../../../main/electron/wall-windows.ts';
import { FakeBrowserWindow } from '../../fixtures/electron/fake-electron.ts';

const display = (id: number, x: number) => ({ id, bounds: { x, y: 0, width: 1920, height: 1080 } });
const displays = [display(1, 0), display(2, 1920), display(3, 3840)];
const layouts = [
  { id: 'lay-a', active: false },
  { id: 'lay-b', active: true },
  { id: 'lay-c', active: false },
];

describe('wall windows', () => {
  it('puts one window on every display but the main window’s, each on the next layout after the active one', () => {
    assert.deepEqual(planWallWindows(displays, 1, layouts), [
      { displayId: 2, bounds: displays[1]!.bounds, layoutId: 'lay-c' },
      { displayId: 3, bounds: displays[2]!.bounds, layoutId: 'lay-a' },
    ]);
    assert.deepEqual(planWallWindows([display(1, 0)], 1, layouts), [], 'one display: nothing to open');
    assert.deepEqual(planWallWindows(displays, 1, []), [], 'no layout: nothing to show');
    assert.deepEqual(planWallWindows(displays, 2, [{ id: 'lay-only', active: true }]).map((p) => p.layoutId), ['lay-only', 'lay-only']);
  });

  it('opens kiosk windows covering their displays, on the app page pinned to their layout', () => {
    const windows = openWallWindows({ BrowserWindow: FakeBrowserWindow as never }, planWallWindows(displays, 1, layouts), '/app/preload.cjs', () => {}) as unknown as FakeBrowserWindow[];
    assert.equal(windows.length, 2);
    assert.deepEqual(windows.map((w) => w.kiosk), [true, true]);
    assert.deepEqual(windows.map((w) => [w.options['x'], w.options['width']]), [[1920, 1920], [3840, 1920]]);
    assert.deepEqual(windows.map((w) => w.loaded), [['app://camwall/index.html?kiosk=1&layout=lay-c'], ['app://camwall/index.html?kiosk=1&layout=lay-a']]);
    assert.equal(windows[0]!.options['webPreferences'].sandbox, true, 'hardened like the main window');
  });
});
