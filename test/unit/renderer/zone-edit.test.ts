// Zone editing on the picture: px <-> picture fractions at the picture's true aspect ratio,
// adding (at the end, or into the edge clicked), grabbing, moving and deleting points, the
// contract's bounds, and the checks before saving.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MOTION_ZONES, MAX_ZONE_POINTS, motionZoneSchema, type MotionZone } from '../../../shared/motion.ts';
import { addPoint, addZone, boxBetween, edgeAt, fitContain, movePoint, nextZoneName, pointAt, polygonArea, removePoint, renameZone, toBox, toPicture, zoneProblems } from '../../../renderer/motion/zone-edit.ts';

// A 640x480 picture in a 800x400 box: 533.33x400, centred (133.33 px either side).
const rect = fitContain(800, 400, 640, 480);
const zone = (points: MotionZone['points'], name = 'Door'): MotionZone => ({ name, kind: 'include', points });

describe('zone editing', () => {
  it('fits the picture at its own aspect ratio, never stretched', () => {
    assert.deepEqual(fitContain(800, 400, 640, 480), { left: 400 - 800 / 3, top: 0, width: 1600 / 3, height: 400 });
    const wide = fitContain(400, 400, 1920, 1080);
    assert.equal(wide.width, 400);
    assert.equal(wide.height, 225);
    assert.equal(wide.top, 87.5);
    assert.ok(Math.abs(wide.width / wide.height - 16 / 9) < 1e-9);
    assert.deepEqual(fitContain(0, 400, 640, 480), { left: 0, top: 0, width: 0, height: 0 });
  });

  it('converts box px to picture fractions and back, clamped to the picture', () => {
    assert.deepEqual(toPicture(rect, rect.left + rect.width / 2, 100), [0.5, 0.25]);
    assert.deepEqual(toPicture(rect, 0, -50), [0, 0], 'outside the picture clamps to its edge');
    assert.deepEqual(toPicture(rect, 800, 900), [1, 1]);
    const [x, y] = toBox(rect, [0.25, 0.75]);
    assert.ok(Math.abs(x - (rect.left + rect.width / 4)) < 1e-9);
    assert.equal(y, 300);
  });

  it('adds points after the last one until the polygon closes, then into the edge clicked', () => {
    let z = zone([]);
    for (const [x, y] of [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]] as const) z = addPoint(rect, z, ...toBox(rect, [x, y])).zone;
    assert.deepEqual(z.points, [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]);
    // A click on the closing edge (from the last point back to the first) goes between them.
    const onClosing = toBox(rect, [0.3, 0.3]);
    assert.equal(edgeAt(rect, z, ...onClosing), 2);
    z = addPoint(rect, z, ...onClosing).zone;
    assert.deepEqual(z.points, [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.3, 0.3]]);
    // On the first edge: inserted after point 0.
    z = addPoint(rect, z, ...toBox(rect, [0.3, 0.1])).zone;
    assert.deepEqual(z.points[1], [0.3, 0.1]);
    // Away from every edge: appended.
    z = addPoint(rect, z, ...toBox(rect, [0.9, 0.9])).zone;
    assert.deepEqual(z.points.at(-1), [0.9, 0.9]);
  });

  it('refuses a point past MAX_ZONE_POINTS, saying what to do', () => {
    const full = zone(Array.from({ length: MAX_ZONE_POINTS }, (_, i) => [i / MAX_ZONE_POINTS, (i % 2) * 0.5] as [number, number]));
    const result = addPoint(rect, full, 10, 10);
    assert.equal(result.zone, full);
    assert.match(result.error!, new RegExp(`at most ${MAX_ZONE_POINTS} points`));
  });

  it('grabs the nearest point within the radius, moves it clamped, deletes it', () => {
    const z = zone([[0.1, 0.1], [0.12, 0.1], [0.5, 0.5]]);
    const [x, y] = toBox(rect, [0.12, 0.1]);
    assert.equal(pointAt(rect, z, x + 1, y), 1, 'the nearer of two close points');
    assert.equal(pointAt(rect, z, x + 40, y + 40), -1);
    const moved = movePoint(rect, z, 2, 10_000, -10_000);
    assert.deepEqual(moved.points[2], [1, 0]);
    assert.deepEqual(z.points[2], [0.5, 0.5], 'the zone edited is not changed in place');
    assert.deepEqual(removePoint(moved, 0).points, [[0.12, 0.1], [1, 0]]);
  });

  it('names new zones, caps names and zones, and finds what the core would refuse', () => {
    assert.equal(nextZoneName([zone([], 'Zone 2')]), 'Zone 3');
    assert.equal(nextZoneName([zone([], 'Zone 1'), zone([], 'Zone 3')]), 'Zone 4');
    assert.equal(renameZone(zone([]), 'x'.repeat(100)).name.length, 40);
    const many = Array.from({ length: MAX_MOTION_ZONES }, (_, i) => zone([], `Z${i}`));
    assert.match(addZone(many, 'exclude').error!, /at most 16 zones/);
    const added = addZone([], 'exclude');
    assert.deepEqual(added.zones, [{ name: 'Zone 1', kind: 'exclude', points: [] }]);

    const good = zone([[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]], 'Drive');
    const problems = zoneProblems([good, zone([[0.1, 0.1]], 'Drive'), zone([[0, 0], [0.5, 0.5], [1, 1]], 'Line'), zone([[0, 0], [1, 0], [1, 1]], ' ')]);
    assert.equal(problems.get(0), undefined);
    assert.match(problems.get(1)!, /same name as zone 1/);
    assert.match(problems.get(2)!, /no area/);
    assert.match(problems.get(3)!, /needs a name/);
    assert.equal(zoneProblems([good]).size, 0);
    assert.ok(motionZoneSchema.safeParse(good).success, 'a zone the editor accepts is one the contract accepts');
    assert.equal(polygonArea([[0, 0], [1, 0], [1, 1], [0, 1]]), 1);
  });

  it('turns a dragged rectangle into a search region inside the picture, either direction', () => {
    const [x1, y1] = toBox(rect, [0.75, 0.5]);
    const box = boxBetween(rect, x1, y1, -100, -100);
    assert.deepEqual(box, { x: 0, y: 0, w: 0.75, h: 0.5 });
  });
});
