// `npm run bench:wall`: the wall in headless Chromium against `camwall serve`, fed by simulated
// cameras. For each run: frames the cameras made, the frames the server offered this page, the
// frames painted, the drops, capture-to-paint latency (from the capture stamp the simulator
// embeds), CPU of the core (the serve process, worker threads included) and of the browser (all
// Chromium processes), memory; then, in the same browser, the ceiling: a page that only decodes
// and draws the same JPEGs on as many canvases as fast as it can. Prints a markdown table.
//
// Each run is measured in rounds, each round the wall and then at once its ceiling, so that
// every ratio compares two measurements taken under the same load; the table gives the median
// round (by painted / ceiling) and the range of that ratio over the rounds.
//
// Usage: npm run bench:wall [-- --seconds 15 --rounds 3 --runs 16x640x480@15,4x1920x1080@15]
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { option, roundsOption } from './bench-options.ts';
import { BenchBrowser as Browser, bundlePageScript, type BenchPage as Page } from './wall-browser.ts';
import { browserProcesses, cpuSeconds, memoryKiB } from './proc-stats.ts';
import { ROOT, removeDir, startServe, startSimulator } from '../e2e/support/processes.ts';

type Run = { tiles: number; resolution: string; fps: number };
type Row = Run & {
  /** 1-minute load average at the end of the run (the machine is shared). */
  load: number;
  produced: number;
  offered: number;
  painted: number;
  dropped: number;
  latencyMedian: number;
  latencyP99: number;
  /** Of the latency, the part before the core had the frame (simulator, HTTP, parser). */
  toCoreMedian: number;
  /** Of the latency, the part from the core having the frame to the page receiving it. */
  toPageMedian: number;
  coreCpu: number;
  /** The simulated cameras: on this machine in the benchmark, on the cameras themselves in use. */
  simulatorCpu: number;
  browserCpu: number;
  coreRssMiB: number;
  browserPssMiB: number;
  ceiling: number;
  /** Which of CEILING_MODES gave the ceiling. */
  ceilingMode: string;
  seconds: number;
};

const WARMUP_MS = 4_000;
const CEILING_FRAMES = 30;
const VIEWPORT = { width: 1600, height: 900 };

const SECONDS = Number(option('seconds') ?? 15);
const ROUNDS = roundsOption(3);
const RUNS: Run[] = (option('runs') ?? '16x640x480@15,16x1280x720@15,4x1920x1080@15,16x640x480@10').split(',').map((spec) => {
  const match = /^(\d+)x(\d+x\d+)@(\d+)$/.exec(spec);
  if (!match) throw new Error(`--runs: '${spec}' is not TILESxWxH@FPS`);
  return { tiles: Number(match[1]), resolution: match[2]!, fps: Number(match[3]) };
});

// ---- the API, spoken raw from the page ---------------------------------------------------------

/** Makes calls over a WebSocket of its own (the page's cookie authenticates it). */
async function callApi(page: Page, calls: Array<{ name: string; args: unknown }>): Promise<unknown[]> {
  return page.evaluate(async (list) => {
    const socket = new WebSocket(`ws://${location.host}/api`);
    socket.binaryType = 'arraybuffer';
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const results: unknown[] = [];
    for (const [index, call] of list.entries()) {
      const answer = new Promise<unknown>((resolve) => {
        socket.onmessage = (event) => {
          if (typeof event.data !== 'string') return;
          const message = JSON.parse(event.data);
          if (message.t === 'result' && message.id === index) resolve(message.result);
        };
      });
      socket.send(JSON.stringify({ t: 'call', id: index, name: call.name, args: call.args }));
      results.push(await answer);
    }
    socket.close();
    return results;
  }, calls);
}

function valueOf<T>(result: unknown): T {
  const r = result as { ok: boolean; value?: T; error?: { message: string } };
  if (!r.ok) throw new Error(`API call failed: ${r.error?.message}`);
  return r.value as T;
}

// ---- one run ----------------------------------------------------------------------------------

async function measureWall(browser: Browser, run: Run): Promise<{ row: Omit<Row, 'ceiling' | 'ceilingMode' | 'load'>; simulatorPort: number; stop: () => Promise<void> }> {
  const simulator = await startSimulator(['--cameras', String(run.tiles), '--resolution', run.resolution, '--fps', String(run.fps)]);
  const serve = await startServe();
  const stop = async () => {
    await Promise.all([serve.stop(), simulator.stop()]);
    removeDir(serve.dataDir);
  };
  const page = await browser.newPage(VIEWPORT, readFileSync(join(ROOT, 'test/bench/wall-probe.js'), 'utf8'));
  let measured = false;
  try {
    await page.goto(serve.url);
    // Replace the first-start demo cameras with the simulator's, on one layout showing them all.
    const cameras = valueOf<Array<{ id: string }>>((await callApi(page, [{ name: 'cameras.list', args: {} }]))[0]);
    await callApi(page, cameras.map((c) => ({ name: 'cameras.remove', args: { id: c.id } })));
    const added = (
      await callApi(
        page,
        Array.from({ length: run.tiles }, (_, i) => ({
          name: 'cameras.add',
          args: { camera: { name: `Bench ${i + 1}`, host: '127.0.0.1', port: simulator.port, channel: i + 1, resolution: run.resolution, fps: run.fps } },
        })),
      )
    ).map((r) => valueOf<{ id: string }>(r).id);
    const preset = run.tiles <= 1 ? '1' : run.tiles <= 4 ? '2x2' : run.tiles <= 9 ? '3x3' : run.tiles <= 16 ? '4x4' : '8x8';
    const layout = valueOf<{ id: string }>((await callApi(page, [{ name: 'layouts.save', args: { layout: { name: 'Bench', preset, tiles: padTiles(added, preset) } } }]))[0]);
    await callApi(page, [{ name: 'layouts.setActive', args: { id: layout.id } }]);
    await page.goto(`${new URL(serve.url).origin}/?kiosk=1`);
    await page.waitFor(`document.querySelectorAll('[data-tile][data-painted]:not([data-painted="0"])').length >= ${run.tiles}`);
    await sleep(WARMUP_MS);

    const corePid = serve.process.pid!;
    const others = [corePid, simulator.process.pid!];
    const browserPids = browserProcesses(others);
    await page.evaluate(() => (globalThis as unknown as { __camwallBench: { reset(): void } }).__camwallBench.reset());
    const core0 = cpuSeconds([corePid]);
    const simulator0 = cpuSeconds([simulator.process.pid!]);
    const browser0 = cpuSeconds(browserPids);
    const started = Date.now();
    let coreRss = 0;
    let browserPss = 0;
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      coreRss = Math.max(coreRss, memoryKiB(corePid, 'VmRSS'));
      browserPss = Math.max(browserPss, browserProcesses(others).reduce((sum, pid) => sum + memoryKiB(pid, 'Pss'), 0));
    }
    const seconds = (Date.now() - started) / 1000;
    const core1 = cpuSeconds([corePid]);
    const simulator1 = cpuSeconds([simulator.process.pid!]);
    const browser1 = cpuSeconds(browserProcesses(others));
    const counts = await page.evaluate(() => {
      const bench = (globalThis as unknown as { __camwallBench: { offered: number; painted: number; latencies: number[]; toCore: number[]; toPage: number[]; seqs: Map<number, { first: number; last: number }> } }).__camwallBench;
      const latencies = [...bench.latencies].sort((a, b) => a - b);
      const toCore = [...bench.toCore].sort((a, b) => a - b);
      const toPage = [...bench.toPage].sort((a, b) => a - b);
      let produced = 0;
      for (const { first, last } of bench.seqs.values()) produced += last - first + 1;
      return {
        offered: bench.offered,
        painted: bench.painted,
        produced,
        median: latencies[Math.floor(latencies.length / 2)] ?? NaN,
        p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
        toCoreMedian: toCore[Math.floor(toCore.length / 2)] ?? NaN,
        toPageMedian: toPage[Math.floor(toPage.length / 2)] ?? NaN,
      };
    });
    const rate = (n: number) => n / seconds;
    measured = true;
    return {
      row: {
        ...run,
        produced: rate(counts.produced),
        offered: rate(counts.offered),
        painted: rate(counts.painted),
        dropped: rate(Math.max(0, counts.produced - counts.painted)),
        latencyMedian: counts.median,
        latencyP99: counts.p99,
        toCoreMedian: counts.toCoreMedian,
        toPageMedian: counts.toPageMedian,
        coreCpu: ((core1 - core0) / seconds) * 100,
        simulatorCpu: ((simulator1 - simulator0) / seconds) * 100,
        browserCpu: ((browser1 - browser0) / seconds) * 100,
        coreRssMiB: coreRss / 1024,
        browserPssMiB: browserPss / 1024,
        seconds,
      },
      simulatorPort: simulator.port,
      stop,
    };
  } finally {
    await page.close();
    // A run that failed half-way leaves no camera processes behind.
    if (!measured) await stop();
  }
}

function padTiles(ids: string[], preset: string): Array<string | null> {
  const count = preset === '1' ? 1 : preset === '2x2' ? 4 : preset === '3x3' ? 9 : preset === '4x4' ? 16 : 64;
  return Array.from({ length: count }, (_, i) => ids[i] ?? null);
}

/** Serves the ceiling page and a set of the simulator's JPEGs, fetched once. */
async function startCeilingServer(simulatorPort: number, run: Run): Promise<Server> {
  const frames: Buffer[] = [];
  for (let i = 0; i < CEILING_FRAMES; i++) {
    const response = await fetch(`http://127.0.0.1:${simulatorPort}/axis-cgi/jpg/image.cgi?camera=${(i % run.tiles) + 1}&resolution=${run.resolution}`);
    frames.push(Buffer.from(await response.arrayBuffer()));
    await new Promise((resolve) => setTimeout(resolve, 1000 / run.fps));
  }
  const script = await bundlePageScript(join(ROOT, 'test/bench/wall-ceiling.js'));
  const files: Record<string, [() => string | Buffer, string]> = {
    '/': [() => readFileSync(join(ROOT, 'test/bench/wall-ceiling.html')), 'text/html'],
    '/wall-ceiling.js': [() => script, 'text/javascript'],
    '/wall-ceiling.css': [() => readFileSync(join(ROOT, 'test/bench/wall-ceiling.css')), 'text/css'],
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const frame = /^\/frame\/(\d+)$/.exec(path);
    if (frame && frames[Number(frame[1])]) {
      response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(frames[Number(frame[1])]);
      return;
    }
    const file = files[path];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': file[1] }).end(file[0]());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Ways the ceiling page keeps the decoders busy (wall-ceiling.js); the faster one is the ceiling. */
const CEILING_MODES = ['per-canvas', 'shared'] as const;
const CEILING_SETTLE_MS = 1_500;

async function measureCeiling(browser: Browser, simulatorPort: number, run: Run): Promise<{ rate: number; mode: string }> {
  const server = await startCeilingServer(simulatorPort, run);
  const page = await browser.newPage(VIEWPORT);
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/?tiles=${run.tiles}&frames=${CEILING_FRAMES}`);
    type Ceiling = { ready: boolean; painted: number; start(mode: string): void; stop(): void };
    await page.waitFor('globalThis.__ceiling?.ready === true');
    const seconds = Math.max(4, SECONDS / 3);
    let best = { rate: 0, mode: '' };
    for (const mode of CEILING_MODES) {
      await page.evaluate((m) => (globalThis as unknown as { __ceiling: Ceiling }).__ceiling.start(m), mode);
      await sleep(CEILING_SETTLE_MS);
      const before = await page.evaluate(() => (globalThis as unknown as { __ceiling: Ceiling }).__ceiling.painted);
      const started = Date.now();
      await sleep(seconds * 1000);
      const after = await page.evaluate(() => (globalThis as unknown as { __ceiling: Ceiling }).__ceiling.painted);
      const rate = (after - before) / ((Date.now() - started) / 1000);
      await page.evaluate(() => (globalThis as unknown as { __ceiling: Ceiling }).__ceiling.stop());
      if (rate > best.rate) best = { rate, mode };
    }
    return best;
  } finally {
    await page.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

// Page-side code above is type-checked without the DOM library (see test/e2e/support/page-dom.ts).
declare const location: { host: string };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- main -------------------------------------------------------------------------------------

/** A run's rounds summed up: the median round by painted / ceiling, with the ratio's range. */
type Summary = Row & { ratioMin: number; ratioMax: number; rounds: number; loadMin: number; loadMax: number };
const rows: Summary[] = [];
const browser = await Browser.launch();
try {
  for (const run of RUNS) {
    const rounds: Row[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      process.stderr.write(`wall: ${run.tiles} x ${run.resolution} @ ${run.fps} fps, round ${round} of ${ROUNDS} ... `);
      try {
        const wall = await measureWall(browser, run);
        try {
          const ceiling = await measureCeiling(browser, wall.simulatorPort, run);
          const row: Row = { ...wall.row, ceiling: ceiling.rate, ceilingMode: ceiling.mode, load: loadavg()[0]! };
          rounds.push(row);
          process.stderr.write(`painted ${row.painted.toFixed(0)}, ceiling ${row.ceiling.toFixed(0)}, load ${row.load.toFixed(1)}\n`);
        } finally {
          await wall.stop();
        }
      } catch (error) {
        // One failed round (a process that would not start) should not cost the others' figures.
        process.exitCode = 1;
        process.stderr.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    if (rounds.length === 0) continue;
    const ratio = (r: Row) => r.painted / r.ceiling;
    const sorted = [...rounds].sort((a, b) => ratio(a) - ratio(b));
    const median = sorted[(sorted.length - 1) >> 1]!;
    const loads = rounds.map((r) => r.load);
    rows.push({
      ...median, ratioMin: ratio(sorted[0]!), ratioMax: ratio(sorted.at(-1)!), rounds: rounds.length,
      loadMin: Math.min(...loads), loadMax: Math.max(...loads),
    });
  }
} finally {
  await browser.close();
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
console.log(`\nWall benchmark: ${SECONDS} s per run after ${WARMUP_MS / 1000} s warm-up, headless Chromium ${VIEWPORT.width}x${VIEWPORT.height} (software compositing), ${(await import('node:os')).cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}.`);
console.log('Rates are frames per second over all tiles. CPU is % of one core. Ceiling: decode + draw only, same JPEGs, same canvases, same decode call, the faster of');
console.log('one decode in flight per canvas and the wall\'s shared decode queue. Load: 1-minute load average after each round (the machine is shared).');
console.log(`Each row is the median of ${ROUNDS} round(s) by painted / ceiling, each round the wall and then its ceiling; [range] of that ratio over the rounds.\n`);
console.log('| tiles | stream | made | offered | painted | dropped | latency median / p99 (ms) | of which capture → core / core → page (medians) | core CPU | simulator CPU | browser CPU | core RSS | browser PSS | ceiling | painted / ceiling | load |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const saturated = r.produced > r.ceiling * 0.95;
  console.log(
    `| ${r.tiles} | ${r.resolution}@${r.fps} | ${f0(r.produced)} | ${f0(r.offered)} | ${f0(r.painted)} | ${f1(r.dropped)} | ${f0(r.latencyMedian)} / ${f0(r.latencyP99)} | ${f0(r.toCoreMedian)} / ${f0(r.toPageMedian)} | ${f0(r.coreCpu)}% | ${f0(r.simulatorCpu)}% | ${f0(r.browserCpu)}% | ${f0(r.coreRssMiB)} MiB | ${f0(r.browserPssMiB)} MiB | ${f0(r.ceiling)} (${r.ceilingMode}) | ${f0((r.painted / r.ceiling) * 100)}%${r.rounds > 1 ? ` [${f0(r.ratioMin * 100)}–${f0(r.ratioMax * 100)}%]` : ''}${saturated ? ' (saturated)' : ''} | ${f1(r.loadMin)}–${f1(r.loadMax)} |`,
  );
}
