// What the page does for each command of the Electron shell's application menu (the
// `app.command` event). Pure, so the mapping is tested without a page; App carries it out.
import type { AppCommand } from '../../shared/api/pushes.ts';
import type { LayoutPreset } from '../../shared/layout.ts';

export type View = 'wall' | 'cameras' | 'recordings' | 'events' | 'exports' | 'settings';

/**
 * A request to the cameras page; `seq` makes a repeated request (the same menu item twice) a new
 * one. 'edit' opens one camera's settings (a failing tile's "Fix…").
 */
export type CamerasRequest = { kind: 'add' | 'import' | 'export'; seq: number } | { kind: 'edit'; cameraId: string; seq: number };

export type AppAction = {
  /** The view to show, or undefined to stay. */
  view?: View;
  /** Open the keyboard shortcuts overlay. */
  help?: true;
  /** Switch the active layout to this preset. */
  preset?: LayoutPreset;
  /** What the cameras page should do once shown. */
  cameras?: 'add' | 'import' | 'export';
  /** Play this camera back from this moment (a clicked notification). */
  play?: { cameraId: string; atMs: number };
};

/**
 * The action for a menu command. A kiosk window shows the wall alone, so only what acts on the
 * wall applies there (presets, the shortcuts overlay); the rest is ignored.
 */
export function actionFor(command: AppCommand, kiosk: boolean): AppAction {
  switch (command.kind) {
    case 'add-camera':
      return kiosk ? {} : { view: 'cameras', cameras: 'add' };
    case 'import-cameras':
      return kiosk ? {} : { view: 'cameras', cameras: 'import' };
    case 'export-cameras':
      return kiosk ? {} : { view: 'cameras', cameras: 'export' };
    case 'layout-preset':
      return kiosk ? { preset: command.preset } : { view: 'wall', preset: command.preset };
    case 'show-shortcuts':
      return { help: true };
    case 'open-playback':
      return kiosk ? {} : { view: 'wall', play: { cameraId: command.cameraId, atMs: command.atMs } };
  }
}
