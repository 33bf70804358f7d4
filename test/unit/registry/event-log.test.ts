import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { EventLog, MAX_EVENTS_PER_QUERY, PRUNE_EVERY_INSERTS } from '../../../main/registry/event-log.ts';

const DAY = 86_400_000;

function openLog(t: Parameters<typeof tempDir>[0], options: ConstructorParameters<typeof EventLog>[1] = {}) {
  const db = openDatabase(join(tempDir(t), 'camwall.db'));
  t.after(() => {
    db.close();
  });
  return { db, log: new EventLog(db, options) };
}

test('events are inserted and queried newest first by time range, camera and kind', (t) => {
  const { log } = openLog(t);
  log.insert({ atMs: 1000, cameraId: 'cam-a', kind: 'camera.online', message: 'Door is live' });
  log.insert({ atMs: 2000, cameraId: 'cam-b', kind: 'camera.offline', message: 'Yard went offline', data: { reason: 'timeout' } });
  log.insert({ atMs: 3000, cameraId: 'cam-a', kind: 'recording.error', message: 'Disk full' });
  log.insert({ atMs: 4000, kind: 'retention.deleted', message: '3 segments deleted' });

  assert.deepEqual(log.query().map((e) => e.atMs), [4000, 3000, 2000, 1000]);
  assert.deepEqual(log.query({ fromMs: 2000, toMs: 4000 }).map((e) => e.atMs), [3000, 2000]);
  assert.deepEqual(log.query({ cameraId: 'cam-a' }).map((e) => e.kind), ['recording.error', 'camera.online']);
  assert.deepEqual(log.query({ kinds: ['camera.offline', 'retention.deleted'] }).map((e) => e.atMs), [4000, 2000]);
  assert.deepEqual(log.query({ kinds: ['camera.offline'] })[0]?.data, { reason: 'timeout' });
  const page = log.query({ limit: 2 });
  assert.deepEqual(log.query({ limit: 2, beforeId: page.at(-1)?.id }).map((e) => e.atMs), [2000, 1000]);
  assert.equal(log.query({ kinds: ['camera.online'] })[0]?.cameraId, 'cam-a');
});

test('a query asking for more than the limit is refused', (t) => {
  const { log } = openLog(t);
  assert.throws(() => log.query({ limit: MAX_EVENTS_PER_QUERY + 1 }), /limit: must be an integer from 1 to 1000/);
  assert.throws(() => log.query({ limit: 0 }), /limit: must be an integer from 1 to 1000/);
  assert.throws(() => log.insert({ kind: 'Bad Kind', message: 'x' }), /Event kind 'Bad Kind' is not valid/);
});

test('pruning drops events past the retention and beyond the row cap', (t) => {
  let now = 100 * DAY;
  const { log } = openLog(t, { now: () => now, retentionDays: () => 30, maxRows: 5 });
  log.insert({ atMs: now - 31 * DAY, kind: 'camera.online', message: 'old' });
  for (let i = 0; i < 7; i++) log.insert({ atMs: now - i * 1000, kind: 'camera.online', message: `recent ${i}` });
  assert.equal(log.prune(), 3);
  assert.deepEqual(log.query().map((e) => e.message), ['recent 0', 'recent 1', 'recent 2', 'recent 3', 'recent 4']);
  now += 31 * DAY;
  assert.equal(log.prune(), 5);
  assert.deepEqual(log.query(), []);
});

test('inserting prunes on its own every so often, so the log cannot grow without bound', (t) => {
  const { db, log } = openLog(t, { maxRows: 10 });
  const insertMany = db.transaction(() => {
    for (let i = 0; i < PRUNE_EVERY_INSERTS; i++) log.insert({ kind: 'camera.online', message: `n${i}` });
  });
  insertMany();
  assert.equal((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, 10);
});

test('oversized messages and data are cut, not refused', (t) => {
  const { log } = openLog(t);
  const event = log.insert({ kind: 'recording.error', message: 'm'.repeat(5000), data: { blob: 'x'.repeat(20_000) } });
  assert.equal(event.message.length, 2000);
  assert.match(JSON.stringify(log.query()[0]?.data), /over the 16384 limit/);
});
