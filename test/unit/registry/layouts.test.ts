import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestRegistry, dump } from './helpers.ts';
import { LAYOUT_PRESETS, PRESET_GEOMETRY, presetTileCount } from '../../../shared/layout.ts';
import { ValidationError } from '../../../shared/validation.ts';

test('every preset tiles its grid exactly once, big tile first', () => {
  const expected: Record<string, number> = { '1': 1, '2x2': 4, '3x3': 9, '4x4': 16, '5x5': 25, '6x6': 36, '8x8': 64, '1+5': 6, '1+7': 8, '1+12': 13 };
  for (const preset of LAYOUT_PRESETS) {
    const { cols, rows, tiles } = PRESET_GEOMETRY[preset];
    assert.equal(presetTileCount(preset), expected[preset], preset);
    const covered = new Map<string, number>();
    for (const tile of tiles) {
      assert.ok(tile.col >= 0 && tile.row >= 0 && tile.col + tile.colSpan <= cols && tile.row + tile.rowSpan <= rows, `${preset}: tile inside the grid`);
      for (let c = tile.col; c < tile.col + tile.colSpan; c++) for (let r = tile.row; r < tile.row + tile.rowSpan; r++) covered.set(`${c},${r}`, (covered.get(`${c},${r}`) ?? 0) + 1);
    }
    assert.equal(covered.size, cols * rows, `${preset}: every cell covered`);
    assert.ok([...covered.values()].every((n) => n === 1), `${preset}: no overlap`);
    const areas = tiles.map((t) => t.colSpan * t.rowSpan);
    assert.equal(areas[0], Math.max(...areas), `${preset}: the largest tile comes first`);
  }
});

test('save adds and replaces layouts; the first one is active', async (t) => {
  const registry = await openTestRegistry(t);
  const camera = await registry.cameras.add({ name: 'Door', host: 'door.local' });
  const wall = registry.layouts.save({ name: 'Wall', preset: '2x2' });
  assert.deepEqual(wall.tiles, [null, null, null, null]);
  assert.equal(wall.active, true);
  const single = registry.layouts.save({ name: 'Door only', preset: '1', tiles: [camera.id] });
  assert.equal(single.active, false);
  const changed = registry.layouts.save({ id: wall.id, name: 'Big wall', preset: '1+5', tiles: [camera.id, null, null, null, null, null] });
  assert.equal(changed.id, wall.id);
  assert.equal(changed.preset, '1+5');
  assert.equal(changed.active, true);
  assert.deepEqual(registry.layouts.list().map((l) => l.name), ['Big wall', 'Door only']);
});

test('setActive keeps exactly one layout active; removing the active one activates another', async (t) => {
  const registry = await openTestRegistry(t);
  const a = registry.layouts.save({ name: 'A', preset: '1' });
  const b = registry.layouts.save({ name: 'B', preset: '3x3' });
  const c = registry.layouts.save({ name: 'C', preset: '4x4' });
  registry.layouts.setActive(c.id);
  const active = () => registry.layouts.list().filter((l) => l.active).map((l) => l.name);
  assert.deepEqual(active(), ['C']);
  registry.layouts.setActive(b.id);
  assert.deepEqual(active(), ['B']);
  registry.layouts.remove(b.id);
  assert.deepEqual(active(), ['A']);
  registry.layouts.remove(a.id);
  assert.deepEqual(active(), ['C']);
  registry.layouts.remove(c.id);
  assert.equal(registry.layouts.active(), null);
  assert.equal(registry.layouts.ensureActive().name, 'Wall');
  registry.layouts.save({ name: 'D', preset: '1' });
  // The schema itself refuses a second active layout, whatever code writes it.
  assert.throws(() => registry.db.prepare('UPDATE layouts SET active = 1').run(), /UNIQUE/);
});

test('invalid layouts are refused with the field and change nothing', async (t) => {
  const registry = await openTestRegistry(t);
  registry.layouts.save({ name: 'Wall', preset: '2x2' });
  const before = dump(registry);
  const refuse = (input: unknown, pattern: RegExp) =>
    assert.throws(() => registry.layouts.save(input as never), (error: unknown) => error instanceof ValidationError && pattern.test(error.message));
  refuse({ name: 'X', preset: '3x4' }, /preset: must be one of 1, 2x2/);
  refuse({ name: 'X', preset: '2x2', tiles: [null] }, /tiles: must have 4 entries for preset 2x2 \(got 1\)/);
  refuse({ name: '', preset: '1' }, /name: required/);
  refuse({ name: 'Lobby\u202E', preset: '1' }, /name: must not contain control characters or invisible formatting characters/);
  refuse({ name: 'Two\u2028lines', preset: '1' }, /name: must not contain control characters or invisible formatting/);
  refuse({ name: 'X', preset: '1', tiles: ['cam-nothere'] }, /tiles\[0\]: no camera with id cam-nothere/);
  refuse({ name: 'X', preset: '1', tiles: ['../etc'] }, /tiles\[0\]: must be a camera id/);
  assert.throws(() => registry.layouts.save({ id: 'lay-missing0', name: 'X', preset: '1' }), /No layout with id lay-missing0/);
  assert.deepEqual(dump(registry), before);
});
