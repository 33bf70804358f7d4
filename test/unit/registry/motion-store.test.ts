import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../main/registry/database.ts';
import { MIGRATIONS } from '../../../main/registry/migrations.ts';
import { MAX_ACTIVITY_ROWS_PER_CAMERA, MAX_THUMBNAIL_BYTES, MotionStore, PRUNE_TO_SHARE } from '../../../main/registry/motion-store.ts';
import { ACTIVITY_GRID_BYTES, DEFAULT_MOTION_CONFIG } from '../../../shared/motion.ts';
import { openTestRegistry, tempDir } from './helpers.ts';

const grid = (...cells: number[]) => {
  const bytes = new Uint8Array(ACTIVITY_GRID_BYTES);
  for (const cell of cells) bytes[cell >> 3]! |= 1 << (cell & 7);
  return bytes;
};

test('migration 5 rebuilds cameras with the motion record mode and the motion column, keeping every row', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'camwall.db');
  openDatabase(file, MIGRATIONS.slice(0, 4)).close();
  const raw = new BetterSqlite3(file);
  raw.prepare(`INSERT INTO cameras (id, name, position, kind, scheme, host, port, record_mode, retention_days, created_ms, updated_ms, allow_basic_after_digest)
    VALUES ('cam-a', 'Yard', 3, 'vapix', 'http', '192.0.2.1', 80, 'scheduled', 7, 10, 20, 1)`).run();
  raw.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  const row = db.prepare('SELECT * FROM cameras').get() as Record<string, unknown>;
  assert.equal(row.name, 'Yard');
  assert.equal(row.position, 3);
  assert.equal(row.record_mode, 'scheduled');
  assert.equal(row.retention_days, 7);
  assert.equal(row.allow_basic_after_digest, 1);
  assert.equal(row.motion, '{}');
  db.prepare("UPDATE cameras SET record_mode = 'motion'").run();
  assert.throws(() => db.prepare("UPDATE cameras SET record_mode = 'sometimes'").run(), /CHECK constraint/);
  assert.ok(db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'cameras_position'").get());
});

test('a camera keeps its motion settings; old rows read the defaults; motion mode needs the detector on', async (t) => {
  const registry = await openTestRegistry(t);
  const plain = await registry.cameras.add({ name: 'A', host: '192.0.2.1' });
  assert.deepEqual(plain.motion, DEFAULT_MOTION_CONFIG);
  const zones = [{ name: 'door', kind: 'include' as const, points: [[0, 0], [0.5, 0], [0.5, 0.5]] as Array<[number, number]> }];
  const moving = await registry.cameras.update(plain.id, { recordMode: 'motion', motion: { enabled: true, zones, preRollMs: 3000 } });
  assert.equal(moving.recordMode, 'motion');
  assert.equal(moving.motion.enabled, true);
  assert.equal(moving.motion.preRollMs, 3000);
  assert.equal(moving.motion.postRollMs, DEFAULT_MOTION_CONFIG.postRollMs);
  assert.deepEqual(registry.cameras.get(plain.id)!.motion.zones, zones);
  await assert.rejects(registry.cameras.update(plain.id, { motion: { enabled: false } }), /motion\.enabled: must be true when recordMode is 'motion'/);
  await assert.rejects(registry.cameras.update(plain.id, { motion: { enabled: true, preRollMs: 90_000 } }), /motion\.preRollMs/);
  const exported = await registry.exportCameras();
  assert.deepEqual(exported.cameras[0]!.motion, moving.motion);
  registry.cameras.remove(plain.id);
  const imported = await registry.importCameras(exported);
  assert.equal(imported.added.length, 1);
  assert.deepEqual(registry.cameras.list()[0]!.motion, moving.motion);
});

test('events: start, end with thumbnail, overlap and zone filters, abandoned ones closed', async (t) => {
  const registry = await openTestRegistry(t);
  const store = new MotionStore(registry.db);
  const a = store.startEvent({ cameraId: 'cam-a', source: 'camwall', startMs: 10_000, peakScore: 0.1, box: { x: 0, y: 0, w: 0.5, h: 0.5 }, zones: ['door'] });
  const b = store.startEvent({ cameraId: 'cam-b', source: 'camera', startMs: 20_000, peakScore: 0, box: null, zones: [] });
  assert.equal(store.event(a)!.endMs, null);
  const ended = store.endEvent(a, { endMs: 15_000, peakScore: 0.4, box: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, zones: ['door'], thumbnail: new Uint8Array([0xff, 0xd8, 1, 2]) });
  assert.deepEqual(ended, { id: a, cameraId: 'cam-a', source: 'camwall', startMs: 10_000, endMs: 15_000, peakScore: 0.4, box: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, zones: ['door'], hasThumbnail: true });
  assert.deepEqual([...store.thumbnail(a)!.jpeg], [0xff, 0xd8, 1, 2]);
  assert.equal(store.thumbnail(b), null);
  // A thumbnail over the bound is not stored; the event still ends.
  const c = store.startEvent({ cameraId: 'cam-a', source: 'camwall', startMs: 40_000, peakScore: 0.1, box: null, zones: [] });
  assert.equal(store.endEvent(c, { endMs: 41_000, thumbnail: new Uint8Array(MAX_THUMBNAIL_BYTES + 1) })!.hasThumbnail, false);

  const ids = (q: Partial<Parameters<MotionStore['events']>[0]>) => store.events({ fromMs: 0, toMs: 100_000, limit: 100, ...q }).map((e) => e.id);
  assert.deepEqual(ids({}), [c, b, a]);
  assert.deepEqual(ids({ fromMs: 15_001, toMs: 30_000 }), [b]); // b is still open, so it overlaps anything after its start
  assert.deepEqual(ids({ fromMs: 15_000, toMs: 16_000 }), [a]);
  assert.deepEqual(ids({ cameraIds: ['cam-a'] }), [c, a]);
  assert.deepEqual(ids({ zone: 'door' }), [a]);
  assert.deepEqual(ids({ limit: 1 }), [c]);

  store.addActivity('cam-b', 22_000, 0.3, grid(1));
  assert.equal(store.closeAbandoned(), 1);
  assert.equal(store.event(b)!.endMs, 23_000);
});

test('activity: one row per second merged, peak per bucket, grids read back; coverage merged and clipped', async (t) => {
  const registry = await openTestRegistry(t);
  const store = new MotionStore(registry.db);
  store.addActivity('cam-a', 1_000, 0.2, grid(0));
  store.addActivity('cam-a', 1_000, 0.1, grid(255));
  store.addActivity('cam-a', 5_000, 0.6, grid(17));
  store.addActivity('cam-b', 9_000, 0.9, grid(3));
  assert.throws(() => store.addActivity('cam-a', 6_000, 0.1, new Uint8Array(5)), /cam-a: an activity grid must be 32 bytes/);
  const seconds = store.activitySeconds('cam-a', 0, 10_000);
  assert.deepEqual(seconds.map((s) => [s.secondMs, s.score]), [[1_000, 0.2], [5_000, 0.6]]);
  assert.deepEqual([...seconds[0]!.grid], [...grid(0, 255)]);
  const [activityA, activityB] = store.activity(['cam-a', 'cam-b'], 0, 10_000, 5);
  assert.deepEqual(activityA, { cameraId: 'cam-a', fromMs: 0, bucketMs: 2_000, scores: [0.2, 0, 0.6, 0, 0] });
  assert.deepEqual(activityB!.scores, [0, 0, 0, 0, 0.9]);
  // Buckets of a minute or more come from the per-minute peaks.
  store.addActivity('cam-a', 125_000, 0.4, grid(1));
  assert.deepEqual(store.activity(['cam-a'], 0, 180_000, 3)[0]!.scores, [0.6, 0, 0.4]);
  assert.deepEqual(store.activity(['cam-a'], 0, 180_000, 180)[0]!.scores.filter((s) => s > 0), [0.2, 0.6, 0.4]);

  const one = store.openCoverage('cam-a', 0);
  store.extendCoverage(one, 5_000);
  const two = store.openCoverage('cam-a', 4_000);
  store.extendCoverage(two, 8_000);
  store.extendCoverage(store.openCoverage('cam-a', 20_000), 30_000);
  assert.deepEqual(store.coverage('cam-a', 2_000, 25_000), [{ fromMs: 2_000, toMs: 8_000 }, { fromMs: 20_000, toMs: 25_000 }]);
  assert.deepEqual(store.coverage('cam-b', 0, 25_000), []);
});

test('prune: each camera by its own age, then the per-camera activity bound', async (t) => {
  const registry = await openTestRegistry(t);
  const store = new MotionStore(registry.db);
  const day = 86_400_000;
  const now = 100 * day;
  for (const cameraId of ['cam-a', 'cam-gone']) {
    store.endEvent(store.startEvent({ cameraId, source: 'camwall', startMs: now - 5 * day, peakScore: 0.1, box: null, zones: [] }), { endMs: now - 5 * day + 1000 });
    store.addActivity(cameraId, now - 5 * day, 0.1, grid(0));
    store.addActivity(cameraId, now - day, 0.1, grid(0));
  }
  const counts = store.prune({ nowMs: now, maxAgeMs: new Map([['cam-a', 2 * day]]), defaultMaxAgeMs: 30 * day });
  assert.equal(counts.events, 1);
  assert.equal(counts.activity, 1);
  assert.equal(store.events({ fromMs: 0, toMs: now, limit: 10 }).map((e) => e.cameraId).join(), 'cam-gone');

  const insert = registry.db.prepare('INSERT INTO motion_activity (camera_id, second_ms, score, grid) VALUES (?, ?, 0.1, ?)');
  registry.db.transaction(() => {
    for (let i = 0; i < MAX_ACTIVITY_ROWS_PER_CAMERA + 10; i++) insert.run('cam-busy', now - 1_000_000_000 + i * 1000, Buffer.from(grid(0)));
  })();
  // Inserted behind the store's back: a new store counts the rows afresh at its first prune.
  const bounded = new MotionStore(registry.db).prune({ nowMs: now, maxAgeMs: new Map(), defaultMaxAgeMs: 30 * day });
  const keep = Math.floor(MAX_ACTIVITY_ROWS_PER_CAMERA * PRUNE_TO_SHARE);
  assert.equal(bounded.activity, MAX_ACTIVITY_ROWS_PER_CAMERA + 10 - keep);
  const oldest = registry.db.prepare("SELECT min(second_ms) AS m, count(*) AS n FROM motion_activity WHERE camera_id = 'cam-busy'").get() as { m: number; n: number };
  assert.equal(oldest.n, keep);
  assert.equal(oldest.m, now - 1_000_000_000 + (MAX_ACTIVITY_ROWS_PER_CAMERA + 10 - keep) * 1000);
});
