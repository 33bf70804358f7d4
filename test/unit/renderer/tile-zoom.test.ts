import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ZOOM, NO_ZOOM, isZoomed, panBy, zoomAt, zoomTransform } from '../../../renderer/wall/tile-zoom.ts';

describe('tile zoom', () => {
  it('keeps the picture point under the pointer where it is', () => {
    const at = { x: 0.25, y: -0.1 };
    const zoom = zoomAt(NO_ZOOM, 2, at);
    // The picture point q under `at` before (q = at at 1x) is drawn at x + scale * q after.
    assert.ok(Math.abs(zoom.x + zoom.scale * at.x - at.x) < 1e-9);
    assert.ok(Math.abs(zoom.y + zoom.scale * at.y - at.y) < 1e-9);
  });

  it('stays between 1x and the maximum, and at 1x is no zoom at all', () => {
    assert.equal(zoomAt(NO_ZOOM, 100).scale, MAX_ZOOM);
    assert.deepEqual(zoomAt(zoomAt(NO_ZOOM, 2, { x: 0.4, y: 0.4 }), 0.1), NO_ZOOM);
    assert.equal(isZoomed(NO_ZOOM), false);
    assert.equal(zoomTransform(NO_ZOOM), '');
  });

  it('never pans an edge of the picture into the tile', () => {
    const zoom = panBy(zoomAt(NO_ZOOM, 2), 5, -5);
    assert.deepEqual(zoom, { scale: 2, x: 0.5, y: -0.5 });
    assert.deepEqual(panBy(NO_ZOOM, 0.3, 0.3), NO_ZOOM, 'nothing to pan at 1x');
  });

  it('writes the transform in percentages of the tile, so it survives a resize', () => {
    assert.equal(zoomTransform({ scale: 2, x: -0.25, y: 0 }), 'translate(-25.000%, 0.000%) scale(2.0000)');
  });
});
