// The Electron menu's commands (app.command) and what the page does for each.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppCommand } from '../../../shared/api/pushes.ts';
import { actionFor } from '../../../renderer/app/app-commands.ts';

describe('actionFor', () => {
  it('opens the cameras page for add, import and export', () => {
    assert.deepEqual(actionFor({ kind: 'add-camera' }, false), { view: 'cameras', cameras: 'add' });
    assert.deepEqual(actionFor({ kind: 'import-cameras' }, false), { view: 'cameras', cameras: 'import' });
    assert.deepEqual(actionFor({ kind: 'export-cameras' }, false), { view: 'cameras', cameras: 'export' });
  });

  it('shows the wall with the chosen preset', () => {
    assert.deepEqual(actionFor({ kind: 'layout-preset', preset: '4x4' }, false), { view: 'wall', preset: '4x4' });
    assert.deepEqual(actionFor({ kind: 'layout-preset', preset: '1+7' }, false), { view: 'wall', preset: '1+7' });
  });

  it('opens the shortcuts overlay without changing the view', () => {
    assert.deepEqual(actionFor({ kind: 'show-shortcuts' }, false), { help: true });
  });

  it('plays a clicked notification\'s camera back from its moment, on the wall (not in a kiosk)', () => {
    const command: AppCommand = { kind: 'open-playback', cameraId: 'cam-a', atMs: 1_700_000_000_000 };
    assert.deepEqual(actionFor(command, false), { view: 'wall', play: { cameraId: 'cam-a', atMs: 1_700_000_000_000 } });
    assert.deepEqual(actionFor(command, true), {});
  });

  it('in a kiosk window, only acts on the wall', () => {
    assert.deepEqual(actionFor({ kind: 'layout-preset', preset: '2x2' }, true), { preset: '2x2' });
    assert.deepEqual(actionFor({ kind: 'show-shortcuts' }, true), { help: true });
    for (const kind of ['add-camera', 'import-cameras', 'export-cameras'] as const) {
      assert.deepEqual(actionFor({ kind } as AppCommand, true), {}, kind);
    }
  });
});
