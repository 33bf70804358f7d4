// `npm run bench:playback`: playing recordings back in headless Chromium against `camwall serve`,
// every figure beside a ceiling measured in the same page in the same run. The recordings are
// real (the recorder, fed the simulator's frames; playback-archive.ts), written once and cached;
// the page (playback-page.js) is served by the browser shell and uses the renderer's own
// WebSocket client and TileRenderer. Four measurements:
//   1. seek latency, call to the frame of the asked instant painted, over random instants in 16
//      cameras x 24 h: `playback.open` of one camera, `playback.seek` of an open one-camera
//      session, and of an open 16-camera session (until all 16 tiles show their frame); each seek
//      paired with its ceiling, a bare pread of the same JPEG (offset from the segment reader)
//      sent to the page over a WebSocket of the benchmark's and painted on the same tile;
//   2. scrubbing a 720p recording (the playhead dragged back and forth, a seek to the drag's
//      position as soon as the last one answered): distinct frames painted per second, against
//      decode-and-draw of the same JPEGs on the same tile;
//   3. 16 x 640x480@15 at 1x: frames painted against frames recorded in the span played, and
//      the spread of the capture times the 16 tiles show at one instant (sampled);
//   4. 64x forward on one 1080p camera: frames painted per second against decode-and-draw of
//      1080p JPEGs, and seconds of recording the playhead covered per second.
// 2-4 run in rounds, each the measurement and then at once its ceiling; the table gives the
// median round by the ratio, with the ratio's range.
//
// Usage: npm run bench:playback [-- --seeks 200 --rounds 3 --seconds 8 --only seek,scrub,sync,fast]
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IndexCatalog } from '../../main/playback/catalogs.ts';
import { frameAt } from '../../main/playback/frame-at.ts';
import { FrameCursor } from '../../main/playback/frame-cursor.ts';
import { DATABASE_FILE_NAME } from '../../main/registry/registry.ts';
import { ROOT, startServe, type Serve } from '../e2e/support/processes.ts';
import { cachedArchive, cameraIds, dataDirFor, lastAtOrBefore, PLAYBACK_ARCHIVE, type ArchiveGroup, type CachedArchive } from './playback-archive.ts';
import { FrameLocator, PreadServer } from './playback-frames.ts';
import { playToNodeClient } from './playback-node-client.ts';
import { browserProcesses, cpuSeconds, processTree } from './proc-stats.ts';
import { option, roundsOption } from './bench-options.ts';
import { BenchBrowser, bundlePageScript, type BenchPage } from './wall-browser.ts';

const VIEWPORT = { width: 1600, height: 900 };
const CEILING_JPEGS = 30;
const SPREAD_SAMPLE_MS = 100;

const SEEKS = Number(option('seeks') ?? 200);
const ROUNDS = roundsOption(3);
const SECONDS = Number(option('seconds') ?? 8);
const ONLY = new Set((option('only') ?? 'seek,scrub,sync,fast').split(','));

// ---- statistics and printing -----------------------------------------------------------------

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
}
const median = (values: number[]) => quantile(values, 0.5);
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const pct = (n: number) => `${f0(n * 100)}%`;
const loadRange = (loads: number[]) => `${f1(Math.min(...loads))}–${f1(Math.max(...loads))}`;

/** Pseudo-random but the same every run (mulberry32), so runs seek to the same instants. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds of one measurement: the median round by `ratio`, with the ratio's range. */
function medianRound<R>(rounds: R[], ratio: (r: R) => number): { row: R; min: number; max: number } {
  const sorted = [...rounds].sort((a, b) => ratio(a) - ratio(b));
  return { row: sorted[(sorted.length - 1) >> 1]!, min: ratio(sorted[0]!), max: ratio(sorted.at(-1)!) };
}

const cpuPair = (r: Cpu) => `${f0(r.browser * 100)}% (${f0(r.ceilingBrowser * 100)}%)`;
/** Browser CPU ms per painted frame while measuring and during the ceiling. */
const perFrame = (cpu: number, rate: number, ceilingCpu: number, ceilingRate: number) => `${f1((cpu * 1000) / rate)} ms (${f1((ceilingCpu * 1000) / ceilingRate)} ms)`;
const range = (r: { min: number; max: number }, n: number) => (n > 1 ? ` [${f0(r.min * 100)}–${f0(r.max * 100)}%]` : '');

// ---- the run ------------------------------------------------------------------------------------

type Context = {
  archive: CachedArchive;
  page: BenchPage;
  locator: FrameLocator;
  pread: PreadServer;
  serve: Serve;
  /** CPU seconds of the core and of the browser since the last call. */
  cpu(): { core: number; browser: number };
};

type PageApi = Record<string, (arg: unknown) => Promise<unknown>>;

function inPage<R>(page: BenchPage, name: string, arg: unknown): Promise<R> {
  return page.evaluate(
    ([fn, a]) => (globalThis as unknown as { __playback: PageApi }).__playback[fn as string]!(a),
    [name, arg] as const,
  ) as Promise<R>;
}

/** Frame times of camera `id` as recorded. */
function framesOf(ctx: Context, id: string): number[] {
  const list = ctx.archive.frames.get(id);
  if (!list) throw new Error(`the archive has no camera ${id}`);
  return list;
}

function expectedAt(ctx: Context, id: string, atMs: number): number {
  const list = framesOf(ctx, id);
  return list[lastAtOrBefore(list, atMs)]!;
}

/** CEILING_JPEGS of a group's recorded frames, spread over its recording, as pread requests. */
async function ceilingJpegs(ctx: Context, group: ArchiveGroup): Promise<string[]> {
  const ids = cameraIds(group);
  const requests: string[] = [];
  for (let i = 0; i < CEILING_JPEGS; i++) {
    const at = group.fromMs + 1000 + Math.floor(((group.durationMs - 2000) * i) / CEILING_JPEGS);
    requests.push(ctx.pread.request(await ctx.locator.locate(ids[i % ids.length]!, at)));
  }
  return requests;
}

type SeekSample = { playback: { total: number; answer: number; firstPaint: number }; ceiling: { total: number; read: number } };
type SeekRow = { name: string; cameras: number; samples: SeekSample[]; coreMsPerSeek: number; load: number };

async function measureSeeks(ctx: Context): Promise<SeekRow[]> {
  const day = PLAYBACK_ARCHIVE.groups.day;
  const ids = cameraIds(day);
  const next = random(20261201);
  const instant = () => day.fromMs + 10_000 + Math.floor(next() * (day.durationMs - 10_000));
  const item = async (cams: string[], atMs: number) => {
    const located = await Promise.all(cams.map((id) => ctx.locator.locate(id, atMs)));
    const expected = cams.map((id) => expectedAt(ctx, id, atMs));
    located.forEach((l, i) => {
      if (l.atMs !== expected[i]) throw new Error(`${cams[i]} at ${atMs}: the segment reader found ${l.atMs}, the recorder wrote ${expected[i]}`);
    });
    return { cameraIds: cams, atMs, expected, request: ctx.pread.request(...located), lengths: located.map((l) => l.length) };
  };
  const modes = [
    { name: '`playback.open`, 1 camera', mode: 'open', cams: () => [ids[Math.floor(next() * ids.length)]!] },
    { name: '`playback.seek`, 1-camera session', mode: 'seek', cams: () => [ids[0]!] },
    { name: '`playback.seek`, 16-camera session (all 16 painted)', mode: 'seek', cams: () => ids },
  ];
  const rows: SeekRow[] = [];
  for (const m of modes) {
    process.stderr.write(`seek: ${m.name}, ${SEEKS} seeks ... `);
    const items = [];
    for (let i = 0; i < SEEKS; i++) items.push(await item(m.cams(), instant()));
    ctx.cpu();
    const samples = await inPage<SeekSample[]>(ctx.page, 'seeks', { mode: m.mode, items });
    const { core } = ctx.cpu();
    const row = { name: m.name, cameras: items[0]!.cameraIds.length, samples, coreMsPerSeek: (core * 1000) / SEEKS, load: loadavg()[0]! };
    rows.push(row);
    process.stderr.write(`median ${f0(median(samples.map((s) => s.playback.total)))} ms, ceiling ${f0(median(samples.map((s) => s.ceiling.total)))} ms, load ${f1(row.load)}\n`);
  }
  return rows;
}

/**
 * The core's reading alone, in this process on the same files: CPU ms per move of a FrameCursor
 * (index query, segment open, Cues, Cluster read) for the moves each measurement makes.
 */
type ReadCosts = { daySeek: number; scrubSeek: number; fastMove: number };

async function measureReads(archive: CachedArchive): Promise<ReadCosts> {
  const db = new Database(join(archive.dir, DATABASE_FILE_NAME), { readonly: true });
  const catalog = new IndexCatalog(db, join(archive.dir, 'recordings'));
  const next = random(7);
  const { day, scrub, fast } = PLAYBACK_ARCHIVE.groups;
  // A seek moves the cursor as playback.seek does (frameAt); play, as a playing session does (moveTo).
  const seek = (cursor: FrameCursor, atMs: number) => frameAt(cursor, atMs);
  const play = (cursor: FrameCursor, atMs: number) => cursor.moveTo(atMs);
  const cost = async (cameraId: string, moves: number, target: (i: number) => number, move: typeof seek | typeof play) => {
    const cursor = new FrameCursor(catalog, cameraId);
    const before = process.cpuUsage();
    for (let i = 0; i < moves; i++) await move(cursor, target(i));
    const used = process.cpuUsage(before);
    await cursor.close();
    return (used.user + used.system) / 1000 / moves;
  };
  try {
    return {
      daySeek: await cost(cameraIds(day)[0]!, 500, () => day.fromMs + 10_000 + Math.floor(next() * (day.durationMs - 10_000)), seek),
      // The scrub moves about 178 s of recording per 6 s, in about 170 seeks a second.
      scrubSeek: await cost(cameraIds(scrub)[0]!, 1000, (i) => scrub.fromMs + 1000 + i * 170, seek),
      // At 64x and about 30 frames painted a second, a frame every 2 s of recording.
      fastMove: await cost(cameraIds(fast)[0]!, 200, (i) => fast.fromMs + 1000 + i * 2100, play),
    };
  } finally {
    db.close();
  }
}

type Ceiling = { rate: number; elapsed: number };
/** CPU, as a share of one core, of the core and the browser while measuring and of the browser during the ceiling. */
type Cpu = { core: number; browser: number; ceilingBrowser: number };
type ScrubRound = Cpu & { pace: 'answer' | 'paint'; distinct: number; paints: number; received: number; seeks: number; elapsed: number; answers: number[]; ceiling: number; load: number };

/** The ceiling of `count` tiles painting `jpegs`, with the browser's CPU meanwhile. */
async function measureCeiling(ctx: Context, jpegs: string[], count: number, seconds: number): Promise<Ceiling & { browser: number }> {
  ctx.cpu();
  const ceiling = await inPage<Ceiling>(ctx.page, 'ceiling', { jpegs, count, warmupMs: 500, seconds });
  return { ...ceiling, browser: ctx.cpu().browser / (ceiling.elapsed + 0.5) };
}

/** Each round: the drag paced by answers (as the brief's drag), then by paints, then the ceiling. */
async function measureScrub(ctx: Context): Promise<ScrubRound[]> {
  const group = PLAYBACK_ARCHIVE.groups.scrub;
  const jpegs = await ceilingJpegs(ctx, group);
  const rounds: ScrubRound[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const paces = [];
    for (const pace of ['answer', 'paint'] as const) {
      process.stderr.write(`scrub: 720p, next seek on the ${pace}, round ${round} of ${ROUNDS} ... `);
      ctx.cpu();
      const scrub = await inPage<Omit<ScrubRound, keyof Cpu | 'ceiling' | 'load' | 'pace'>>(ctx.page, 'scrub', {
        cameraId: cameraIds(group)[0], fromMs: group.fromMs + 1000, toMs: group.fromMs + group.durationMs - 1000, sweepMs: 6000, warmupMs: 1000, seconds: SECONDS, pace,
      });
      const cpu = ctx.cpu();
      paces.push({ ...scrub, pace, core: cpu.core / (scrub.elapsed + 1), browser: cpu.browser / (scrub.elapsed + 1) });
      process.stderr.write(`${f0(scrub.distinct / scrub.elapsed)} distinct frames/s\n`);
    }
    const ceiling = await measureCeiling(ctx, jpegs, 1, Math.max(3, SECONDS / 2));
    for (const p of paces) rounds.push({ ...p, ceiling: ceiling.rate, ceilingBrowser: ceiling.browser, load: loadavg()[0]! });
    process.stderr.write(`scrub: ceiling ${f0(ceiling.rate)}, load ${f1(loadavg()[0]!)}\n`);
  }
  return rounds;
}

type PlayTile = { cameraId: string; received: number; paints: number; distinct: number; startCaptured: number | null; firstPainted: number | null; lastPainted: number | null };
type PlayResult = { elapsed: number; perTile: PlayTile[]; spreads: number[] };
type PlayRound = PlayResult & Cpu & { due: number; ceiling: number; load: number; node: { received: number; due: number; elapsed: number; coveredS: number; core: number } };

/** Frames recorded after what a tile showed when the window opened, up to what it showed at the end. */
function dueFrames(ctx: Context, tile: PlayTile): number {
  if (tile.startCaptured === null || tile.lastPainted === null) return NaN;
  const list = framesOf(ctx, tile.cameraId);
  return lastAtOrBefore(list, tile.lastPainted) - lastAtOrBefore(list, tile.startCaptured);
}

async function measurePlay(ctx: Context, group: ArchiveGroup, speed: number, label: string, warmupMs: number, seconds: number): Promise<PlayRound[]> {
  const jpegs = await ceilingJpegs(ctx, group);
  const rounds: PlayRound[] = [];
  const cameras = cameraIds(group);
  for (let round = 1; round <= ROUNDS; round++) {
    process.stderr.write(`${label}, round ${round} of ${ROUNDS} ... `);
    ctx.cpu();
    const played = await inPage<PlayResult>(ctx.page, 'play', { cameraIds: cameras, atMs: group.fromMs + 1000, speed, warmupMs, seconds, sampleMs: SPREAD_SAMPLE_MS });
    const cpu = ctx.cpu();
    const alone = await playToNodeClient(ctx.serve.url, { cameraIds: cameras, atMs: group.fromMs + 1000, speed, warmupMs, seconds });
    const aloneCore = ctx.cpu().core / (alone.elapsed + warmupMs / 1000);
    const node = {
      received: alone.perCamera.reduce((sum, c) => sum + c.received, 0),
      due: alone.perCamera.reduce((sum, c) => sum + (c.first === null ? NaN : lastAtOrBefore(framesOf(ctx, c.cameraId), c.last!) - lastAtOrBefore(framesOf(ctx, c.cameraId), c.first) + 1), 0),
      elapsed: alone.elapsed,
      coveredS: (alone.perCamera[0]!.last! - alone.perCamera[0]!.first!) / 1000 / alone.elapsed,
      core: aloneCore,
    };
    const ceiling = await measureCeiling(ctx, jpegs, cameras.length, Math.max(3, seconds / 2));
    const due = played.perTile.reduce((sum, t) => sum + dueFrames(ctx, t), 0);
    const wall = played.elapsed + warmupMs / 1000;
    const row = { ...played, due, node, ceiling: ceiling.rate, core: cpu.core / wall, browser: cpu.browser / wall, ceilingBrowser: ceiling.browser, load: loadavg()[0]! };
    rounds.push(row);
    const painted = played.perTile.reduce((sum, t) => sum + t.distinct, 0);
    process.stderr.write(`painted ${f0(painted / played.elapsed)}/s of ${f0(due / played.elapsed)}/s due, ceiling ${f0(row.ceiling)}, load ${f1(row.load)}\n`);
  }
  return rounds;
}

// ---- setup and teardown -------------------------------------------------------------------------

const started = performance.now();
const archive = await cachedArchive(PLAYBACK_ARCHIVE, tmpdir(), (line) => process.stderr.write(`${line}\n`));
process.stderr.write(archive.createdInS === null
  ? `archive: ${(archive.bytes / 2 ** 30).toFixed(1)} GiB from the cache in ${archive.dir}\n`
  : `archive: ${(archive.bytes / 2 ** 30).toFixed(1)} GiB written in ${f0(archive.createdInS)} s into ${archive.dir} (kept for the next run)\n`);

const reads = await measureReads(archive);
const data = dataDirFor(archive);
const pageDir = mkdtempSync(join(tmpdir(), 'camwall-bench-playback-page-'));
// The wall ceiling's page (a full-window grid for canvases) and style, with this page's script
// under the name it loads.
writeFileSync(join(pageDir, 'index.html'), readFileSync(join(ROOT, 'test/bench/wall-ceiling.html')));
writeFileSync(join(pageDir, 'wall-ceiling.css'), readFileSync(join(ROOT, 'test/bench/wall-ceiling.css')));
writeFileSync(join(pageDir, 'wall-ceiling.js'), await bundlePageScript(join(ROOT, 'test/bench/playback-page.js')));

let serve: Serve | null = null;
let browser: BenchBrowser | null = null;
let pread: PreadServer | null = null;
let locator: FrameLocator | null = null;
const results: { seeks?: SeekRow[]; scrub?: ScrubRound[]; sync?: PlayRound[]; fast?: PlayRound[] } = {};
try {
  serve = await startServe({ dataDir: data.dir, renderer: pageDir });
  pread = await PreadServer.start();
  locator = new FrameLocator(archive.dir);
  browser = await BenchBrowser.launch();
  const page = await browser.newPage(VIEWPORT);
  await page.bypassCsp();
  await page.goto(serve.url);
  await page.waitFor('globalThis.__playback?.ready === true');
  await page.evaluate((url) => (globalThis as unknown as { __playback: PageApi }).__playback.connectPread!(url), pread.url);
  const corePids = () => processTree(serve!.process.pid!);
  let last = { core: cpuSeconds(corePids()), browser: cpuSeconds(browserProcesses([serve.process.pid!])) };
  const ctx: Context = {
    archive, page, locator, pread, serve,
    cpu() {
      const now = { core: cpuSeconds(corePids()), browser: cpuSeconds(browserProcesses([serve!.process.pid!])) };
      const spent = { core: now.core - last.core, browser: now.browser - last.browser };
      last = now;
      return spent;
    },
  };
  if (ONLY.has('seek')) results.seeks = await measureSeeks(ctx);
  if (ONLY.has('scrub')) results.scrub = await measureScrub(ctx);
  if (ONLY.has('sync')) results.sync = await measurePlay(ctx, PLAYBACK_ARCHIVE.groups.sync, 1, 'sync: 16 x 640x480@15 at 1x', 2000, SECONDS);
  // The 1080p recording lasts 480 s: at 64x, 7.5 s of play.
  if (ONLY.has('fast')) results.fast = await measurePlay(ctx, PLAYBACK_ARCHIVE.groups.fast, 64, 'fast: 1 x 1920x1080 at 64x', 1000, Math.min(SECONDS, 5));
} finally {
  await browser?.close();
  await serve?.stop();
  await pread?.close();
  locator?.close();
  data.remove();
  rmSync(pageDir, { recursive: true, force: true });
}

// ---- tables -----------------------------------------------------------------------------------

const os = `${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`;
console.log(`\nPlayback benchmark: headless Chromium ${VIEWPORT.width}x${VIEWPORT.height} (software compositing) on a page served by camwall serve, ${os}; ${f0((performance.now() - started) / 1000)} s in all.`);
const { day, scrub, sync, fast } = PLAYBACK_ARCHIVE.groups;
console.log(`Archive: ${day.cameras} cameras x ${day.durationMs / 3_600_000} h of ${day.resolution} at ${day.fps} fps in ${PLAYBACK_ARCHIVE.segmentMs / 60_000}-minute segments, plus ${scrub.resolution}@${scrub.fps}, ${sync.cameras} x ${sync.resolution}@${sync.fps} and ${fast.resolution}@${fast.fps}; ${(archive.bytes / 2 ** 30).toFixed(1)} GiB${archive.createdInS === null ? ' (cached)' : `, written in ${f0(archive.createdInS)} s`}.`);

if (results.seeks) {
  console.log(`\nSeek: call to the frame of the asked instant painted, ${SEEKS} random instants each. Ceiling: a pread of the same JPEG(s) at the offset the segment reader gives, sent to the page over a WebSocket and painted on the same tile(s); each seek paired with its ceiling, which goes first alternating.\n`);
  console.log('| seek | median / p99 | of which call → answer (median) | ceiling median / p99 | seek / ceiling (median, p99) | core CPU per seek (of which reading) | load |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results.seeks) {
    const total = r.samples.map((s) => s.playback.total);
    const ceiling = r.samples.map((s) => s.ceiling.total);
    console.log(`| ${r.name} | ${f0(median(total))} / ${f0(quantile(total, 0.99))} ms | ${f0(median(r.samples.map((s) => s.playback.answer)))} ms | ${f1(median(ceiling))} / ${f1(quantile(ceiling, 0.99))} ms | ${f1(median(total) / median(ceiling))}x, ${f1(quantile(total, 0.99) / quantile(ceiling, 0.99))}x | ${f1(r.coreMsPerSeek)} ms (${f1(reads.daySeek * r.cameras)} ms) | ${f1(r.load)} |`);
  }
}

if (results.scrub) {
  const ratio = (r: ScrubRound) => r.distinct / r.elapsed / r.ceiling;
  console.log(`\nScrubbing: the playhead of a paused session dragged over ${scrub.durationMs / 1000 - 2} s of ${scrub.resolution}@${scrub.fps} and back every 12 s, one seek in flight, the next to where the drag is then: when the last one answers (the drag as specified), or when its frame is painted; ${SECONDS} s per round after 1 s. Ceiling: the same tile decoding and drawing ${CEILING_JPEGS} of the same JPEGs back to back. Median of ${ROUNDS} round(s) by painted / ceiling, [range].\n`);
  console.log('| recording, next seek | distinct frames painted/s | seeks/s | frames received/s | seek answered in (median / p99) | ceiling (decode + draw) | painted / ceiling | core CPU (per seek, of which reading) | browser CPU (ceiling\'s) | browser CPU per painted frame (ceiling\'s) | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const pace of ['answer', 'paint'] as const) {
    const rounds = results.scrub.filter((x) => x.pace === pace);
    const m = medianRound(rounds, ratio);
    const r = m.row;
    console.log(`| ${scrub.resolution}@${scrub.fps}, on the ${pace} | ${f1(r.distinct / r.elapsed)} | ${f1(r.seeks / r.elapsed)} | ${f1(r.received / r.elapsed)} | ${f0(median(r.answers))} / ${f0(quantile(r.answers, 0.99))} ms | ${f1(r.ceiling)}/s | ${pct(ratio(r))}${range(m, rounds.length)} | ${f0(r.core * 100)}% (${f1((r.core * 1000) / (r.seeks / r.elapsed))} ms, ${f1(reads.scrubSeek)} ms) | ${cpuPair(r)} | ${perFrame(r.browser, r.paints / r.elapsed, r.ceilingBrowser, r.ceiling)} | ${loadRange(rounds.map((x) => x.load))} |`);
  }
}

if (results.sync) {
  const painted = (r: PlayRound) => r.perTile.reduce((sum, t) => sum + t.distinct, 0);
  const received = (r: PlayRound) => r.perTile.reduce((sum, t) => sum + t.received, 0);
  const ratio = (r: PlayRound) => painted(r) / r.due;
  const m = medianRound(results.sync, ratio);
  const r = m.row;
  const interval = 1000 / sync.fps;
  const spreads = results.sync.flatMap((x) => x.spreads);
  console.log(`\nIn sync at 1x: one session of ${sync.cameras} cameras (recorded in phase), ${SECONDS} s per round after 2 s. Offered: frames recorded in the span each tile played; spread: newest minus oldest capture time on the ${sync.cameras} tiles, sampled every ${SPREAD_SAMPLE_MS} ms (all rounds). Ceiling: decode + draw of ${CEILING_JPEGS} of the same JPEGs on the same ${sync.cameras} tiles.\n`);
  console.log('| tiles | offered/s | received/s | painted/s | painted / offered | spread median / p95 (frame interval) | core alone: received / offered (a Node client acking at once) | ceiling | core CPU | browser CPU (ceiling\'s) | browser CPU per painted frame (ceiling\'s) | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${sync.cameras} x ${sync.resolution}@${sync.fps} | ${f0(r.due / r.elapsed)} | ${f0(received(r) / r.elapsed)} | ${f0(painted(r) / r.elapsed)} | ${pct(ratio(r))}${range(m, results.sync.length)} | ${f0(median(spreads))} / ${f0(quantile(spreads, 0.95))} ms (${f1(interval)} ms) | ${pct(r.node.received / r.node.due)} (${f0(r.node.received / r.node.elapsed)}/s) | ${f0(r.ceiling)}/s | ${f0(r.core * 100)}% | ${cpuPair(r)} | ${perFrame(r.browser, painted(r) / r.elapsed, r.ceilingBrowser, r.ceiling)} | ${loadRange(results.sync.map((x) => x.load))} |`);
}

if (results.fast) {
  const tile = (r: PlayRound) => r.perTile[0]!;
  const ratio = (r: PlayRound) => tile(r).distinct / r.elapsed / r.ceiling;
  const covered = (r: PlayRound) => (tile(r).lastPainted! - tile(r).firstPainted!) / 1000 / r.elapsed;
  const m = medianRound(results.fast, ratio);
  const r = m.row;
  console.log(`\n64x forward: one ${fast.resolution}@${fast.fps} camera, ${f0(r.elapsed)} s per round after 1 s. Ceiling: the same tile decoding and drawing ${CEILING_JPEGS} of the same JPEGs back to back.\n`);
  console.log('| recording | painted/s | ceiling | painted / ceiling | recording covered per second | received/s | core alone: frames/s, covered per second, core CPU | core CPU (per frame sent, of which reading) | browser CPU (ceiling\'s) | browser CPU per painted frame (ceiling\'s) | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${fast.resolution}@${fast.fps} at 64x | ${f1(tile(r).distinct / r.elapsed)} | ${f1(r.ceiling)}/s | ${pct(ratio(r))}${range(m, results.fast.length)} | ${f1(covered(r))} s | ${f1(tile(r).received / r.elapsed)} | ${f0(r.node.received / r.node.elapsed)}, ${f1(r.node.coveredS)} s, ${f0(r.node.core * 100)}% | ${f0(r.core * 100)}% (${f1((r.core * 1000) / (tile(r).received / r.elapsed))} ms, ${f1(reads.fastMove)} ms) | ${cpuPair(r)} | ${perFrame(r.browser, tile(r).distinct / r.elapsed, r.ceilingBrowser, r.ceiling)} | ${loadRange(results.fast.map((x) => x.load))} |`);
}
