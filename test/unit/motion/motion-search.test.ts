// Search after the fact, over a real registry file: the stored grid where the detector covered the
// camera, a (scripted) analysis of the recordings where it did not; progress pushes, cancel, owners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridHits, MAX_RUNNING_SEARCHES, MotionSearches, regionMask, SEARCH_PUSH_INTERVAL_MS, subtract, type RecordingAnalysis } from '../../../main/service/motion-search.ts';
import { MotionStore } from '../../../main/registry/motion-store.ts';
import type { ClientHandle } from '../../../main/service/dispatch.ts';
import { ACTIVITY_GRID_BYTES, ACTIVITY_GRID_SIDE, DEFAULT_MOTION_CONFIG, type MotionSearchState } from '../../../shared/motion.ts';
import { openTestRegistry } from '../registry/helpers.ts';
import { ManualClock, settle } from '../stream/session-fakes.ts';

const cell = (col: number, row: number) => {
  const grid = new Uint8Array(ACTIVITY_GRID_BYTES);
  const bit = row * ACTIVITY_GRID_SIDE + col;
  grid[bit >> 3]! |= 1 << (bit & 7);
  return grid;
};

function client(id: string) {
  const pushes: MotionSearchState[] = [];
  const closers: Array<() => void> = [];
  const handle: ClientHandle = { id, push: (_name, payload) => void pushes.push((payload as { search: MotionSearchState }).search), onClose: (fn) => void closers.push(fn) };
  return { handle, pushes, close: () => closers.forEach((fn) => fn()) };
}

test('the region mask takes every cell the region touches; grid seconds merge into moments', () => {
  const mask = regionMask({ x: 0, y: 0, w: 0.125, h: 1 / 16 });
  assert.deepEqual([...mask.slice(0, 2)], [0b11, 0]);
  assert.equal(mask.slice(2).every((b) => b === 0), true);
  const seconds = [1, 2, 3, 10, 30].map((s) => ({ secondMs: s * 1000, score: s / 100, grid: cell(s === 10 ? 9 : 1, 0) }));
  assert.deepEqual(gridHits(seconds, mask, { fromMs: 0, toMs: 30_500 }), [
    { startMs: 1000, endMs: 4000, score: 0.03, analysed: false },
    { startMs: 30_000, endMs: 30_500, score: 0.3, analysed: false },
  ]);
  assert.deepEqual(subtract([{ fromMs: 0, toMs: 100 }], [{ fromMs: 10, toMs: 20 }, { fromMs: 90, toMs: 200 }]), [{ fromMs: 0, toMs: 10 }, { fromMs: 20, toMs: 90 }]);
});

async function setup(t: Parameters<typeof openTestRegistry>[0], analyse?: RecordingAnalysis, recorded = [{ fromMs: 0, toMs: 100_000 }]) {
  const registry = await openTestRegistry(t);
  const store = new MotionStore(registry.db);
  const clock = new ManualClock();
  const searches = new MotionSearches({
    store, clock, log: () => {},
    recordedSpans: () => recorded,
    motionConfig: () => DEFAULT_MOTION_CONFIG,
    ...(analyse ? { analyse } : {}),
  });
  t.after(() => searches.close());
  return { store, clock, searches };
}

test('covered time is answered from the grid, the rest of the recordings by analysis, inside the region only', async (t) => {
  const asked: Array<{ fromMs: number; toMs: number }> = [];
  const { store, searches } = await setup(t, async (request) => {
    asked.push({ fromMs: request.fromMs, toMs: request.toMs });
    request.onProgress(request.toMs);
    return [{ startMs: request.fromMs + 1000, endMs: request.fromMs + 3000, score: 0.4 }];
  });
  store.extendCoverage(store.openCoverage('cam-a', 50_000), 100_000);
  store.addActivity('cam-a', 60_000, 0.2, cell(1, 1)); // inside the region
  store.addActivity('cam-a', 70_000, 0.9, cell(15, 15)); // outside it
  const owner = client('ws 1');
  const started = searches.start(owner.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 100_000, region: { x: 0, y: 0, w: 0.25, h: 0.25 } });
  assert.equal(started.state, 'running');
  const done = await searches.settled(started.id);
  assert.equal(done!.state, 'done');
  assert.equal(done!.progress, 1);
  assert.deepEqual(asked, [{ fromMs: 0, toMs: 50_000 }]);
  assert.deepEqual(done!.hits, [
    { startMs: 1000, endMs: 3000, score: 0.4, analysed: true },
    { startMs: 60_000, endMs: 61_000, score: 0.2, analysed: false },
  ]);
  assert.equal(done!.analysedMs, 50_000);
  assert.equal(owner.pushes.at(-1)!.state, 'done');
});

test('progress pushes come at most every 250 ms; cancel stops the analysis; a gone client cancels its searches', async (t) => {
  let release!: () => void;
  const { clock, searches } = await setup(t, async (request) => {
    for (let at = request.fromMs; at < request.toMs && !request.signal.aborted; at += 1000) {
      request.onProgress(at);
      if (at === request.fromMs + 50_000) await new Promise<void>((resolve) => (release = resolve));
    }
    return [];
  });
  const owner = client('ws 1');
  const search = searches.start(owner.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 100_000, region: { x: 0, y: 0, w: 1, h: 1 } });
  await settle();
  // 50 progress reports within one instant: one push now, the rest wait for the interval.
  const before = owner.pushes.length;
  assert.ok(before <= 2, `${before} pushes at once`);
  await clock.advance(SEARCH_PUSH_INTERVAL_MS);
  assert.equal(owner.pushes.length, before + 1);
  assert.ok(owner.pushes.at(-1)!.progress >= 0.5);
  assert.throws(() => searches.cancel(client('ws 2').handle, search.id), /no motion search/);
  const cancelled = searches.cancel(owner.handle, search.id);
  assert.equal(cancelled.state, 'cancelled');
  release();
  await searches.settled(search.id);
  assert.equal(owner.pushes.at(-1)!.state, 'cancelled');

  const other = client('ws 3');
  const running = searches.start(other.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 100_000, region: { x: 0, y: 0, w: 1, h: 1 } });
  await settle();
  other.close();
  release();
  await settle();
  assert.equal(await searches.settled(running.id), null);
});

test(`at most ${MAX_RUNNING_SEARCHES} searches run at once; the others wait their turn`, async (t) => {
  const releases: Array<() => void> = [];
  let running = 0;
  let peak = 0;
  const { searches } = await setup(t, async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return [];
  });
  const owner = client('ws 1');
  const ids = [0, 1, 2, 3].map(() => searches.start(owner.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 1000, region: { x: 0, y: 0, w: 1, h: 1 } }).id);
  assert.throws(() => searches.start(owner.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 1000, region: { x: 0, y: 0, w: 1, h: 1 } }), /already has 4 motion searches/);
  for (let i = 0; i < 4; i++) {
    await settle();
    releases.shift()?.();
  }
  for (const id of ids) assert.equal((await searches.settled(id))!.state, 'done');
  assert.equal(peak, MAX_RUNNING_SEARCHES);
});

test('without analysis, a search over recordings the detector never saw fails and says why', async (t) => {
  const { searches } = await setup(t);
  const owner = client('ws 1');
  const search = searches.start(owner.handle, { cameraId: 'cam-a', fromMs: 0, toMs: 100_000, region: { x: 0, y: 0, w: 1, h: 1 } });
  const done = await searches.settled(search.id);
  assert.equal(done!.state, 'failed');
  assert.match(done!.error!, /camera cam-a failed: 100 s of its recordings have no stored motion activity/);
});
