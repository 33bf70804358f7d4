import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, loadWindowState, placeWindow, saveWindowState, trackWindowState } from '../../../main/electron/window-state.ts';
import { FakeBrowserWindow } from '../../fixtures/electron/fake-electron.ts';

const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT = { x: 1920, y: 0, width: 2560, height: 1400 };
const dir = mkdtempSync(join(tmpdir(), 'camwall-window-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('placing the window', () => {
  it('keeps a window that is on a display', () => {
    assert.deepEqual(placeWindow({ x: 100, y: 50, width: 1280, height: 800 }, [PRIMARY, RIGHT]), { x: 100, y: 50, width: 1280, height: 800 });
    assert.deepEqual(placeWindow({ x: 2000, y: 100, width: 1280, height: 800 }, [PRIMARY, RIGHT]), { x: 2000, y: 100, width: 1280, height: 800 });
  });

  it('pulls a window hanging over the edge fully onto its display, and shrinks one too big for it', () => {
    assert.deepEqual(placeWindow({ x: 1500, y: 900, width: 1000, height: 600 }, [PRIMARY]), { x: 920, y: 440, width: 1000, height: 600 });
    assert.deepEqual(placeWindow({ x: -50, y: -30, width: 4000, height: 3000 }, [PRIMARY]), { x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('centres a window on the primary display when its display is gone', () => {
    // It was on the wall monitor at the right, which is unplugged now.
    assert.deepEqual(placeWindow({ x: 2500, y: 200, width: 1280, height: 800 }, [PRIMARY]), { x: 320, y: 120, width: 1280, height: 800 });
  });

  it('counts a sliver of a few pixels on a display as gone', () => {
    assert.deepEqual(placeWindow({ x: 1900, y: 100, width: 1000, height: 600 }, [PRIMARY]), { x: 460, y: 220, width: 1000, height: 600 });
  });

  it('uses the default size, centred, without a saved place', () => {
    assert.deepEqual(placeWindow(null, [PRIMARY]), { x: (1920 - DEFAULT_WIDTH) / 2, y: (1040 - DEFAULT_HEIGHT) / 2, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT });
  });
});

describe('the window state file', () => {
  it('round-trips, and reads a missing or damaged file as no state', () => {
    const file = join(dir, 'state.json');
    assert.equal(loadWindowState(file), null);
    saveWindowState(file, { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true, fullScreen: false });
    assert.deepEqual(loadWindowState(file), { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true, fullScreen: false });
    writeFileSync(file, '{"bounds": {"x": "left"}}');
    assert.equal(loadWindowState(file), null);
    writeFileSync(file, 'not json');
    assert.equal(loadWindowState(file), null);
  });

  it('is saved when the window closes, with its normal bounds and states', () => {
    const file = join(dir, 'tracked.json');
    const window = new FakeBrowserWindow({});
    window.normalBounds = { x: 5, y: 6, width: 700, height: 500 };
    window.maximized = true;
    const stop = trackWindowState(window, file, { delayMs: 10_000 });
    window.emit('resize');
    assert.throws(() => readFileSync(file));
    window.emit('close');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { bounds: { x: 5, y: 6, width: 700, height: 500 }, maximized: true, fullScreen: false });
    stop();
  });
});
