import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppCommand } from '../../../shared/api/pushes.ts';
import { LAYOUT_PRESETS } from '../../../shared/layout.ts';
import { buildMenuTemplate, type MenuItemTemplate } from '../../../main/electron/menu.ts';

function setup(platform: NodeJS.Platform = 'linux') {
  const commands: AppCommand[] = [];
  let kiosk = false;
  let about = 0;
  let walls = false;
  const template = buildMenuTemplate(
    {
      command: (c) => commands.push(c),
      isKiosk: () => kiosk,
      toggleKiosk: () => (kiosk = !kiosk),
      hasWallWindows: () => walls,
      toggleWallWindows: () => (walls = !walls),
      showAbout: () => (about += 1),
    },
    platform,
  );
  const menu = (label: string) => template.find((item) => item.label === label)?.submenu ?? [];
  const item = (menuLabel: string, label: string): MenuItemTemplate => {
    const found = menu(menuLabel).find((i) => i.label === label);
    assert.ok(found, `${menuLabel} > ${label}`);
    return found;
  };
  return { template, commands, menu, item, kiosk: () => kiosk, walls: () => walls, about: () => about };
}

function all(items: MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...all(item.submenu ?? [])]);
}

describe('the application menu', () => {
  it('has File, View and Help (and the macOS app menu there)', () => {
    assert.deepEqual(setup().template.filter((i) => i.label).map((i) => i.label), ['File', 'View', 'Help']);
    assert.equal(setup('darwin').template[0]!.role, 'appMenu');
  });

  it('sends page commands as app.command events', () => {
    const { item, commands } = setup();
    item('File', 'Add camera…').click?.();
    item('File', 'Import cameras…').click?.();
    item('File', 'Export cameras…').click?.();
    item('Help', 'Keyboard shortcuts').click?.();
    item('View', 'Grid 4 × 4').click?.();
    assert.deepEqual(commands, [
      { kind: 'add-camera' },
      { kind: 'import-cameras' },
      { kind: 'export-cameras' },
      { kind: 'show-shortcuts' },
      { kind: 'layout-preset', preset: '4x4' },
    ]);
  });

  it('offers every grid preset, full screen, kiosk, a wall on every display, quit and about', () => {
    const { menu, item, kiosk, walls, about } = setup();
    item('View', 'Wall on every display').click?.();
    assert.equal(walls(), true);
    const view = menu('View');
    assert.equal(view.filter((i) => i.click && i.type !== 'checkbox').length, LAYOUT_PRESETS.length);
    assert.ok(view.some((i) => i.role === 'togglefullscreen'));
    item('View', 'Kiosk').click?.();
    assert.equal(kiosk(), true);
    assert.equal(item('View', 'Kiosk').accelerator, 'CmdOrCtrl+Shift+K', 'a kiosk window (menu bar hidden) is left with a key');
    assert.ok(menu('File').some((i) => i.role === 'quit'));
    item('Help', 'About Camwall').click?.();
    assert.equal(about(), 1);
  });

  it('takes no plain-key accelerator the wall or a text field needs', () => {
    for (const item of all(setup().template)) {
      if (item.accelerator === undefined) continue;
      assert.match(item.accelerator, /^(CmdOrCtrl\+|F\d+$)/, item.label);
    }
  });
});
