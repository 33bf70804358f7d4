// The application menu. Items that belong to the page (add a camera, import, export, a grid
// preset, the shortcuts overlay) are sent to the focused window as the typed API's 'app.command'
// event, the same channel every other event takes; window matters (full screen, kiosk, about,
// quit) are done here. No plain-key accelerators: the wall's own keys (1-8, F, ?) must keep
// working, and text fields must get their letters.
import type { AppCommand } from '../../shared/api/pushes.ts';
import { LAYOUT_PRESETS, type LayoutPreset } from '../../shared/layout.ts';

export type MenuItemTemplate = {
  label?: string;
  role?: 'quit' | 'togglefullscreen' | 'reload' | 'toggleDevTools' | 'appMenu' | 'editMenu' | 'windowMenu' | 'about';
  type?: 'separator' | 'checkbox' | 'normal';
  accelerator?: string;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
};

export type MenuActions = {
  /** Sends a command to the focused app window. */
  command(command: AppCommand): void;
  toggleKiosk(): void;
  isKiosk(): boolean;
  /** Opens or closes a wall window on every other display (wall-windows.ts). */
  toggleWallWindows(): void;
  hasWallWindows(): boolean;
  showAbout(): void;
};

const PRESET_LABELS: Readonly<Record<LayoutPreset, string>> = {
  '1': 'Single camera',
  '2x2': 'Grid 2 × 2',
  '3x3': 'Grid 3 × 3',
  '4x4': 'Grid 4 × 4',
  '5x5': 'Grid 5 × 5',
  '6x6': 'Grid 6 × 6',
  '8x8': 'Grid 8 × 8',
  '1+5': '1 large + 5',
  '1+7': '1 large + 7',
  '1+12': '1 large + 12',
};

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform, options: { devTools?: boolean } = {}): MenuItemTemplate[] {
  const send = (command: AppCommand) => () => actions.command(command);
  const template: MenuItemTemplate[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({
    label: 'File',
    submenu: [
      { label: 'Add camera…', accelerator: 'CmdOrCtrl+N', click: send({ kind: 'add-camera' }) },
      { type: 'separator' },
      { label: 'Import cameras…', click: send({ kind: 'import-cameras' }) },
      { label: 'Export cameras…', click: send({ kind: 'export-cameras' }) },
      { type: 'separator' },
      { label: 'Quit', role: 'quit' },
    ],
  });
  // The Edit menu gives text fields copy and paste on macOS, where shortcuts need a menu item.
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      ...LAYOUT_PRESETS.map((preset): MenuItemTemplate => ({ label: PRESET_LABELS[preset], click: send({ kind: 'layout-preset', preset }) })),
      { type: 'separator' },
      { label: 'Full screen', role: 'togglefullscreen' },
      // The one way out of a kiosk window from the keyboard (its menu bar is hidden).
      { label: 'Kiosk', type: 'checkbox', accelerator: 'CmdOrCtrl+Shift+K', checked: actions.isKiosk(), click: () => actions.toggleKiosk() },
      { label: 'Wall on every display', type: 'checkbox', checked: actions.hasWallWindows(), click: () => actions.toggleWallWindows() },
      ...(options.devTools ? [{ type: 'separator' } as MenuItemTemplate, { role: 'reload' } as MenuItemTemplate, { role: 'toggleDevTools' } as MenuItemTemplate] : []),
    ],
  });
  if (platform === 'darwin') template.push({ role: 'windowMenu' });
  template.push({
    label: 'Help',
    submenu: [
      { label: 'Keyboard shortcuts', accelerator: 'F1', click: send({ kind: 'show-shortcuts' }) },
      { label: 'About Camwall', click: () => actions.showAbout() },
    ],
  });
  return template;
}
