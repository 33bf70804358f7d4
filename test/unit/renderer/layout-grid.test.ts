// The wall's layout arithmetic: CSS grid placement from the shared preset table, which stream a
// tile asks for, and how tile lists change when cameras are dropped, swapped or the preset changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LAYOUT_PRESETS, PRESET_GEOMETRY } from '../../../shared/layout.ts';
import { assignCamera, neighbourTile, presetFor, resizeTiles, streamForTile, swapTiles, tileAreas } from '../../../renderer/wall/layout-grid.ts';

describe('tileAreas', () => {
  it('gives every preset one grid area per tile, inside the grid', () => {
    for (const preset of LAYOUT_PRESETS) {
      const { cols, rows, tiles } = PRESET_GEOMETRY[preset];
      const areas = tileAreas(preset);
      assert.equal(areas.length, tiles.length, preset);
      for (const area of areas) {
        const [col, colSpan] = area.gridColumn.split(' / span ').map(Number) as [number, number];
        const [row, rowSpan] = area.gridRow.split(' / span ').map(Number) as [number, number];
        assert.ok(col >= 1 && col - 1 + colSpan <= cols, `${preset} ${area.gridColumn}`);
        assert.ok(row >= 1 && row - 1 + rowSpan <= rows, `${preset} ${area.gridRow}`);
      }
    }
  });

  it('places the big tile of 1+5 over two columns and two rows', () => {
    assert.deepEqual(tileAreas('1+5')[0], { gridColumn: '1 / span 2', gridRow: '1 / span 2' });
  });
});

describe('streamForTile', () => {
  it('asks for the main stream in big and maximized tiles, the sub stream in small ones', () => {
    assert.equal(streamForTile('1', 0, false), 'main');
    assert.equal(streamForTile('1+7', 0, false), 'main');
    assert.equal(streamForTile('1+7', 1, false), 'sub');
    assert.equal(streamForTile('4x4', 5, false), 'sub');
    assert.equal(streamForTile('4x4', 5, true), 'main');
  });
});

describe('tile list edits', () => {
  it('swaps when a camera already on the wall is dropped on another tile', () => {
    assert.deepEqual(assignCamera(['a', 'b', null, null], 3, 'a'), [null, 'b', null, 'a']);
    assert.deepEqual(assignCamera(['a', 'b', null, null], 1, 'a'), ['b', 'a', null, null]);
  });

  it('takes a camera off a tile', () => {
    assert.deepEqual(assignCamera(['a', 'b'], 0, null), [null, 'b']);
  });

  it('swaps two tiles', () => {
    assert.deepEqual(swapTiles(['a', null, 'c', 'd'], 0, 3), ['d', null, 'c', 'a']);
  });

  it('keeps cameras in place on a bigger preset and packs them into a smaller one', () => {
    assert.deepEqual(resizeTiles(['a', null, 'c', 'd'], '3x3'), ['a', null, 'c', 'd', null, null, null, null, null]);
    assert.deepEqual(resizeTiles([null, null, null, 'd', null, 'f', null, null, null], '2x2'), ['f', null, null, 'd']);
    assert.deepEqual(resizeTiles(['a', 'b', 'c', 'd'], '1'), ['a']);
  });

  it('picks the smallest uniform grid for a camera count', () => {
    assert.equal(presetFor(0), '1');
    assert.equal(presetFor(1), '1');
    assert.equal(presetFor(5), '3x3');
    assert.equal(presetFor(16), '4x4');
    assert.equal(presetFor(40), '8x8');
  });
});

describe('neighbourTile', () => {
  it('moves by arrows on a uniform grid and stays at the edge', () => {
    assert.equal(neighbourTile('3x3', 4, 1, 0), 5);
    assert.equal(neighbourTile('3x3', 4, 0, -1), 1);
    assert.equal(neighbourTile('3x3', 2, 1, 0), 2);
  });

  it('moves from the big tile of 1+5 to the small column beside it', () => {
    const right = neighbourTile('1+5', 0, 1, 0);
    assert.equal(PRESET_GEOMETRY['1+5'].tiles[right]!.col, 2);
  });
});
