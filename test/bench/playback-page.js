// The page `npm run bench:playback` drives, served by `camwall serve` itself (its --renderer
// folder) so that it talks to the core exactly as the renderer does: the renderer's WebSocket
// client (connectCamwall) for calls and frame subscriptions, and the wall's TileRenderer (its
// decode queue, createImageBitmap, a 'bitmaprenderer' canvas) for painting. The ceilings run in
// this same page on the same tiles: a JPEG from the benchmark's own WebSocket server (a bare
// pread at the offset the segment reader gave) or held in memory, offered to the same TileRenderer.
// Times are performance.now() in the page. Bundled by the benchmark with esbuild; driven through
// globalThis.__playback.
import { connectCamwall } from '../../renderer/api/ws-client.ts';
import { TileRenderer } from '../../renderer/wall/tile-renderer.ts';

const grid = document.getElementById('grid');
const client = connectCamwall();
await client.ready;

/** One canvas with its TileRenderer and what it painted. */
class Tile {
  constructor() {
    this.canvas = document.createElement('canvas');
    grid.append(this.canvas);
    this.last = null;
    this.paints = 0;
    this.distinct = 0;
    this.received = 0;
    this.first = null;
    this.waiters = [];
    this.renderer = new TileRenderer(this.canvas, {
      onPaint: ({ frame }) => {
        const at = performance.now();
        this.paints += 1;
        this.first ??= frame.capturedAt;
        if (this.last?.capturedAt !== frame.capturedAt) this.distinct += 1;
        this.last = { capturedAt: frame.capturedAt, at };
        this.waiters = this.waiters.filter((w) => !w(frame, at));
      },
    });
  }

  /** Resolves with the paint time of the first frame painted from now on that `match` accepts. */
  paintOf(match) {
    return new Promise((resolve) => this.waiters.push((frame, at) => (match(frame) ? (resolve(at), true) : false)));
  }

  /** Paints `frame` and resolves when it is on the canvas (or was dropped). */
  paint(frame) {
    return new Promise((resolve) => this.renderer.offer(frame, resolve));
  }

  /** Frames of `cameraId` in playback session `session`, painted as the wall paints them. */
  subscribe(cameraId, session) {
    return client.frames.subscribe(cameraId, { stream: 'main', playback: session }, (frame) => {
      this.received += 1;
      return this.paint(frame);
    });
  }

  resetCounts() {
    this.first = null;
    this.paints = 0;
    this.distinct = 0;
    this.received = 0;
  }
}

let tiles = [];

function layout(count) {
  for (const tile of tiles) tile.renderer.dispose();
  grid.replaceChildren();
  const columns = Math.ceil(Math.sqrt(count));
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  grid.style.gridTemplateRows = `repeat(${Math.ceil(count / columns)}, minmax(0, 1fr))`;
  tiles = Array.from({ length: count }, () => new Tile());
}

function value(result) {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The benchmark's pread server: one request at a time, answered in order. */
let pread = null;
const preadAnswers = [];

async function connectPread(url) {
  pread = new WebSocket(url);
  pread.binaryType = 'arraybuffer';
  pread.onmessage = (event) => preadAnswers.shift()?.(event.data);
  await new Promise((resolve, reject) => {
    pread.onopen = resolve;
    pread.onerror = reject;
  });
}

function preadJpegs(request) {
  return new Promise((resolve) => {
    preadAnswers.push(resolve);
    pread.send(request);
  });
}

function frameOf(jpeg, capturedAt, seq) {
  return { cameraId: 'ceiling', seq, capturedAt, width: 0, height: 0, jpeg };
}

let ceilingSeq = 0;

/**
 * Seeks, each by playback and by its ceiling, in turns (which goes first alternates, so neither
 * always finds the other's bytes in the page cache). `item`: { cameraIds, atMs, expected[],
 * request, lengths[] }: per camera the capture time expected, and the ceiling's one pread
 * request for all their JPEGs, `lengths` long each. Mode 'open' opens a
 * session per seek (and closes it after); mode 'seek' seeks the one session opened first.
 */
async function seeks({ mode, items }) {
  const cameraIds = items[0].cameraIds;
  layout(cameraIds.length);
  let session = null;
  let unsubscribe = [];
  if (mode === 'seek') {
    const state = value(await client.playback.open({ cameraIds, atMs: items[0].atMs, paused: true }));
    session = state.session;
    const first = tiles.map((tile) => tile.paintOf(() => true));
    unsubscribe = cameraIds.map((id, i) => tiles[i].subscribe(id, session));
    await Promise.all(first);
  }
  const out = [];
  for (const [n, item] of items.entries()) {
    const measurePlayback = async () => {
      const painted = tiles.map((tile, i) => tile.paintOf((frame) => frame.cameraId === item.cameraIds[i] && frame.capturedAt === item.expected[i]));
      const started = performance.now();
      let answered;
      if (mode === 'open') {
        const state = value(await client.playback.open({ cameraIds: item.cameraIds, atMs: item.atMs, paused: true }));
        answered = performance.now();
        unsubscribe = item.cameraIds.map((id, i) => tiles[i].subscribe(id, state.session));
        session = state.session;
      } else {
        value(await client.playback.seek({ session, atMs: item.atMs }));
        answered = performance.now();
      }
      const times = await Promise.race([Promise.all(painted), sleep(10_000).then(() => null)]);
      if (times === null) throw new Error(`seek ${n} to ${new Date(item.atMs).toISOString()}: the frames ${item.expected.join(', ')} were not painted in 10 s`);
      const result = { total: Math.max(...times) - started, answer: answered - started, firstPaint: Math.min(...times) - started };
      if (mode === 'open') {
        for (const stop of unsubscribe) stop();
        value(await client.playback.close({ session }));
      }
      return result;
    };
    const measureCeiling = async () => {
      const started = performance.now();
      const bytes = await preadJpegs(item.request);
      const read = performance.now();
      let at = 0;
      const jpegs = item.lengths.map((length) => bytes.slice(at, (at += length)));
      const times = await Promise.all(
        jpegs.map(async (jpeg, i) => {
          const seq = ++ceilingSeq;
          const painted = tiles[i].paintOf((frame) => frame.seq === seq && frame.cameraId === 'ceiling');
          await tiles[i].paint(frameOf(jpeg, item.expected[i], seq));
          return painted;
        }),
      );
      return { total: Math.max(...times) - started, read: read - started };
    };
    if (n % 2 === 0) {
      const playback = await measurePlayback();
      out.push({ playback, ceiling: await measureCeiling() });
    } else {
      const ceiling = await measureCeiling();
      out.push({ playback: await measurePlayback(), ceiling });
    }
  }
  for (const stop of unsubscribe) stop();
  if (mode === 'seek') value(await client.playback.close({ session }));
  return out;
}

/**
 * Drags the playhead of a paused one-camera session back and forth over [fromMs, toMs] (one
 * sweep per `sweepMs`): a seek to where the drag is now as soon as the last seek answered
 * (`pace: 'answer'`), or as soon as the last seek's frame was painted (`pace: 'paint'`).
 */
async function scrub({ cameraId, fromMs, toMs, sweepMs, warmupMs, seconds, pace }) {
  layout(1);
  const tile = tiles[0];
  const session = value(await client.playback.open({ cameraIds: [cameraId], atMs: fromMs, paused: true })).session;
  const unsubscribe = tile.subscribe(cameraId, session);
  const began = performance.now();
  const dragAt = (now) => {
    const phase = ((now - began) % (2 * sweepMs)) / sweepMs;
    return Math.round(fromMs + (toMs - fromMs) * (phase <= 1 ? phase : 2 - phase));
  };
  let seeks = 0;
  const answers = [];
  let measuring = false;
  let windowStart = 0;
  const stopAt = began + warmupMs + seconds * 1000;
  while (performance.now() < stopAt) {
    const now = performance.now();
    if (!measuring && now - began >= warmupMs) {
      measuring = true;
      windowStart = now;
      tile.resetCounts();
      seeks = 0;
    }
    const painted = pace === 'paint' ? tile.paintOf(() => true) : null;
    value(await client.playback.seek({ session, atMs: dragAt(now) }));
    if (measuring) {
      seeks += 1;
      answers.push(performance.now() - now);
    }
    if (painted) await Promise.race([painted, sleep(1000)]);
  }
  const elapsed = (performance.now() - windowStart) / 1000;
  const counts = { distinct: tile.distinct, paints: tile.paints, received: tile.received };
  unsubscribe();
  value(await client.playback.close({ session }));
  return { ...counts, seeks, elapsed, answers };
}

/** Plays a session and counts, per tile, frames received, painted and distinct; samples the spread. */
async function play({ cameraIds, atMs, speed, warmupMs, seconds, sampleMs }) {
  layout(cameraIds.length);
  const session = value(await client.playback.open({ cameraIds, atMs, paused: false, speed })).session;
  const unsubscribe = cameraIds.map((id, i) => tiles[i].subscribe(id, session));
  await sleep(warmupMs);
  for (const tile of tiles) tile.resetCounts();
  const startCaptured = tiles.map((tile) => tile.last?.capturedAt ?? null);
  const started = performance.now();
  const spreads = [];
  while (performance.now() - started < seconds * 1000) {
    await sleep(sampleMs);
    const shown = tiles.map((tile) => tile.last?.capturedAt).filter((t) => t !== undefined);
    if (shown.length === tiles.length) spreads.push(Math.max(...shown) - Math.min(...shown));
  }
  const elapsed = (performance.now() - started) / 1000;
  const perTile = tiles.map((tile, i) => ({
    cameraId: cameraIds[i], received: tile.received, paints: tile.paints, distinct: tile.distinct,
    startCaptured: startCaptured[i], firstPainted: tile.first, lastPainted: tile.last?.capturedAt ?? null,
  }));
  for (const stop of unsubscribe) stop();
  value(await client.playback.close({ session }));
  return { elapsed, perTile, spreads };
}

/**
 * The decode-and-draw ceiling: `jpegs` (pread requests, read once, before the clock starts) painted on
 * `count` tiles as fast as they go, one frame in flight per tile.
 */
async function ceiling({ jpegs: requests, count, warmupMs, seconds }) {
  layout(count);
  const jpegs = await Promise.all(requests.map(preadJpegs));
  let running = true;
  let painted = 0;
  let counting = false;
  const loops = tiles.map(async (tile, t) => {
    for (let i = t; running; i++) {
      const seq = ++ceilingSeq;
      await tile.paint(frameOf(jpegs[i % jpegs.length], seq, seq));
      if (counting) painted += 1;
    }
  });
  await sleep(warmupMs);
  counting = true;
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const rate = painted / elapsed;
  running = false;
  await Promise.all(loops);
  return { rate, elapsed };
}

globalThis.__playback = { ready: true, connectPread, seeks, scrub, play, ceiling };
