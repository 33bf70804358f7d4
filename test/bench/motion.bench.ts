// `npm run bench:motion`: 64 simulated cameras at 640x480@15 (the simulator in its own process,
// its usual picture: a ball that always moves and a frame counter) kept connected by Camwall's
// stream workers with nobody watching, with and without the motion sink (counting what it
// analyses: motion-bench-sink.ts) analysing 5 frames a
// second. Both variants run in a child process measured from /proc, in alternating rounds; the
// extra CPU of the motion variant is the detector's cost. In the same run, in this process, the
// ceiling: the chosen library's scaled grayscale decode of the same frames (libjpeg-turbo's luma
// decode through @julusian/jpeg-turbo, which has no DCT scaling), nothing else; and the detector
// alone (decode, shrink, analyse) on the same frames. Last, the rate of analyseFrames over one
// hour of 640x480@15 frames held in memory (the recordings' reading is not part of it).
//
// Flags: --cameras 64 --seconds 15 --warmup 8 --rounds 2
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { StreamManager } from '../../main/stream/stream-manager.ts';
import { GrayDecoder } from '../../main/analysis/jpeg-gray.ts';
import { MotionDetector } from '../../main/analysis/motion-detector.ts';
import { analyseFrames, ANALYSE_RECORDINGS_FPS, type RecordedFrame } from '../../main/analysis/analyse-frames.ts';
import { CameraFrameSource } from '../../main/simulator/frame-source.ts';
import { DEFAULT_MOTION_CONFIG } from '../../shared/motion.ts';
import { cpuSeconds, memoryKiB } from './proc-stats.ts';
import { BENCH_CHANNEL } from './motion-bench-sink.ts';

const FPS = 15;
const RESOLUTION = '640x480';
const ANALYSED_FPS = DEFAULT_MOTION_CONFIG.analysedFps;
const READY_TIMEOUT_MS = 90_000;
const root = fileURLToPath(new URL('../../', import.meta.url));
const workerUrl = new URL('dist/node/stream-worker.js', `file://${root}`);
// The real sink, wrapped to count the frames it analyses, bundled as the app's sink is (a module
// loaded from TypeScript source would add the type stripper to every worker's memory).
const motionSinkUrl = new URL('dist/bench/motion-bench-sink.js', `file://${root}`);
async function bundleBenchSink(): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./motion-bench-sink.ts', import.meta.url))], outfile: fileURLToPath(motionSinkUrl),
    bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'es2023', logLevel: 'warning',
  });
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!(value > 0)) throw new Error(`--${name} must be a number above 0`);
  return value;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => { const s = [...values].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

// ---- The child: every camera connected, with the motion sink or without. ----
type ChildReport = { type: 'ready' } | { type: 'received'; frames: number; analysed: number; motionReports: number };

async function child(variant: 'receive' | 'motion', urls: string[]): Promise<void> {
  const manager = new StreamManager({ workerUrl, sinkModules: { motion: motionSinkUrl } });
  let motionReports = 0;
  let analysed = 0;
  const channel = new BroadcastChannel(BENCH_CHANNEL);
  channel.onmessage = (event) => { analysed += (event as { data: number }).data; };
  manager.on('sink', (report: { sink: string; event: { code: string; message?: string } }) => {
    if (report.event.code === 'sink-failed') console.error(report.event.message);
    else motionReports++;
  });
  const ids = urls.map((_, i) => `cam${i + 1}`);
  manager.setCameras(urls.map((url, i) => ({
    id: ids[i]!, target: { url },
    ...(variant === 'motion' ? { motion: { ...DEFAULT_MOTION_CONFIG, enabled: true } } : {}),
  })));
  if (variant === 'receive') for (const id of ids) manager.setRecording(id, true);
  const received = () => ids.reduce((sum, id) => sum + (manager.stats(id)?.framesReceived ?? 0), 0);
  const started = Date.now();
  while (!ids.every((id) => (manager.stats(id)?.framesReceived ?? 0) > 0)) {
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error('cameras not live in time');
    await sleep(100);
  }
  process.send!({ type: 'ready' } satisfies ChildReport);
  process.on('message', async (message: string) => {
    if (message === 'count') process.send!({ type: 'received', frames: received(), analysed, motionReports } satisfies ChildReport);
    if (message === 'stop') { channel.close(); await manager.close(); process.exit(0); }
  });
}

// ---- The parent. ----
type Round = { variant: 'receive' | 'motion'; cpu: number; seconds: number; frames: number; analysed: number; rssMiB: number; load: number };

async function startSimulator(cameras: number): Promise<{ child: ChildProcess; urls: string[] }> {
  const sim = spawn(process.execPath, [`${root}dist/node/camwall.js`, 'simulate', '--cameras', String(cameras), '--fps', String(FPS), '--resolution', RESOLUTION], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sim.stdout! }).once('line', resolve);
    sim.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  return { child: sim, urls: (JSON.parse(line) as { urls: string[] }).urls };
}

async function measure(variant: 'receive' | 'motion', urls: string[], seconds: number, warmup: number): Promise<Round> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', variant], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: ChildReport[] = [];
  const next = () => new Promise<ChildReport>((resolve, reject) => {
    const poll = () => (messages.length ? resolve(messages.shift()!) : proc.exitCode !== null ? reject(new Error('the child exited')) : setTimeout(poll, 50));
    poll();
  });
  proc.on('message', (m: ChildReport) => messages.push(m));
  proc.send({ urls });
  await next();
  await sleep(warmup * 1000);
  proc.send('count');
  const before = await next() as Extract<ChildReport, { type: 'received' }>;
  const cpu0 = cpuSeconds([proc.pid!]);
  const t0 = performance.now();
  let rss = 0;
  while (performance.now() - t0 < seconds * 1000) { rss = Math.max(rss, memoryKiB(proc.pid!, 'VmRSS')); await sleep(1000); }
  const cpu1 = cpuSeconds([proc.pid!]);
  const elapsed = (performance.now() - t0) / 1000;
  proc.send('count');
  const after = await next() as Extract<ChildReport, { type: 'received' }>;
  proc.send('stop');
  await new Promise((resolve) => proc.once('exit', resolve));
  return { variant, cpu: cpu1 - cpu0, seconds: elapsed, frames: after.frames - before.frames, analysed: after.analysed - before.analysed, rssMiB: rss / 1024, load: loadavg()[0]! };
}

/** The ceiling and the detector alone, on the same frames, CPU ms per frame (process CPU time). */
function perFrameCosts(frames: Buffer[]): { ceilingMs: number; detectorMs: number; decodeShrinkMs: number } {
  const turbo = createRequire(import.meta.url)('@julusian/jpeg-turbo') as typeof import('@julusian/jpeg-turbo');
  const out = Buffer.alloc(1920 * 1080);
  const decoder = new GrayDecoder();
  const detector = new MotionDetector('bench', { ...DEFAULT_MOTION_CONFIG, enabled: true });
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const N = 3000;
  const ceiling: number[] = [];
  const detecting: number[] = [];
  const decoding: number[] = [];
  // Interleaved blocks, so a burst of load on the machine hits all three alike.
  for (let block = 0; block < 6; block++) {
    let c = cpu();
    for (let i = 0; i < N / 6; i++) turbo.decompressSync(frames[i % frames.length]!, out, { format: turbo.FORMAT_GRAY });
    ceiling.push((cpu() - c) / (N / 6));
    c = cpu();
    for (let i = 0; i < N / 6; i++) decoder.decode(frames[i % frames.length]!);
    decoding.push((cpu() - c) / (N / 6));
    c = cpu();
    for (let i = 0; i < N / 6; i++) detector.analyse(decoder.decode(frames[i % frames.length]!), 1_000_000 + (block * N / 6 + i) * (1000 / ANALYSED_FPS));
    detecting.push((cpu() - c) / (N / 6));
  }
  return { ceilingMs: median(ceiling.slice(1)), detectorMs: median(detecting.slice(1)), decodeShrinkMs: median(decoding.slice(1)) };
}

/** analyseFrames over one hour of 640x480@15, frames cycled from 60 s of the usual picture. */
async function analyseHour(): Promise<{ wallS: number; cpuS: number; analysed: number; read: number }> {
  const source = new CameraFrameSource(RESOLUTION, 1);
  const ring = Array.from({ length: 60 * FPS }, (_, seq) => source.compose(seq, 0).jpeg.slice());
  async function* hour(): AsyncGenerator<RecordedFrame> {
    for (let i = 0; i < 3600 * FPS; i++) yield { jpeg: ring[i % ring.length]!, capturedAtMs: 1_800_000_000_000 + Math.round((i * 1000) / FPS) };
  }
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await analyseFrames(hour(), { ...DEFAULT_MOTION_CONFIG, enabled: true });
  const u1 = process.cpuUsage(u0);
  return { wallS: (performance.now() - t0) / 1000, cpuS: (u1.user + u1.system) / 1e6, analysed: result.framesAnalysed, read: result.framesRead };
}

async function fetchFrames(url: string, count: number): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  const { openStream } = await import('../../main/stream/http-source.ts');
  const abort = new AbortController();
  await openStream({ url }, { signal: abort.signal, onFrame: (f) => { frames.push(Buffer.from(f.jpeg)); if (frames.length >= count) abort.abort(); } }).catch(() => {});
  return frames;
}

async function main(): Promise<void> {
  if (!existsSync(workerUrl)) throw new Error('run `npm run build` first (npm run bench:motion does)');
  await bundleBenchSink();
  const cameras = flag('cameras', 64);
  const seconds = flag('seconds', 15);
  const warmup = flag('warmup', 8);
  const rounds = flag('rounds', 2);
  const sim = await startSimulator(cameras);
  try {
    const rows: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const variant of (r % 2 === 0 ? ['receive', 'motion'] : ['motion', 'receive']) as Array<'receive' | 'motion'>) {
        const round = await measure(variant, sim.urls, seconds, warmup);
        rows.push(round);
        console.error(`round ${r + 1} ${variant}: ${(round.cpu / round.seconds * 100).toFixed(1)}% of a core, ${round.frames} frames, ${round.analysed} analysed, RSS ${round.rssMiB.toFixed(0)} MiB, load ${round.load.toFixed(2)}`);
      }
    }
    const frames = await fetchFrames(sim.urls[0]!, 60);
    const costs = perFrameCosts(frames);
    const hourRun = await analyseHour();
    const of = (variant: string) => rows.filter((row) => row.variant === variant);
    const share = (variant: string) => median(of(variant).map((row) => row.cpu / row.seconds));
    const rss = (variant: string) => median(of(variant).map((row) => row.rssMiB));
    const analysedPerS = median(of('motion').map((row) => row.analysed / row.seconds));
    const receivedPerS = (variant: string) => median(of(variant).map((row) => row.frames / row.seconds));
    const extra = share('motion') - share('receive');
    // Per frame, each variant's CPU over its own frames (a loaded machine delivers fewer in some rounds).
    const receiveMsPerFrame = (share('receive') * 1000) / receivedPerS('receive');
    const extraPerAnalysedMs = (share('motion') * 1000 - receiveMsPerFrame * receivedPerS('motion')) / analysedPerS;
    const loads = rows.map((row) => row.load);
    console.log(`\n${cameras} cameras ${RESOLUTION}@${FPS}, motion at ${ANALYSED_FPS} fps; ${rounds} rounds of ${seconds} s after ${warmup} s; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`);
    console.log('| measure | value | peer / ceiling (same run) | ratio | target |');
    console.log('|---|---|---|---|---|');
    console.log(`| CPU, ${cameras} cameras received, no sink | ${(share('receive') * 100).toFixed(1)}% of a core | | | |`);
    console.log(`| CPU, ${cameras} cameras with the motion sink | ${(share('motion') * 100).toFixed(1)}% of a core | | | |`);
    console.log(`| extra CPU for motion, ${cameras} cameras | ${(extra * 100).toFixed(1)}% of a core | 50% of a core | ${(extra / 0.5).toFixed(2)} | ≤ 1 |`);
    console.log(`| frames received / analysed a second (motion rounds) | ${receivedPerS('motion').toFixed(0)} / ${analysedPerS.toFixed(0)} | expected ${cameras * FPS} / ${cameras * ANALYSED_FPS} | | |`);
    console.log(`| extra CPU per analysed frame (in the workers) | ${extraPerAnalysedMs.toFixed(3)} ms | ceiling: luma decode ${costs.ceilingMs.toFixed(3)} ms | ${(extraPerAnalysedMs / costs.ceilingMs).toFixed(2)}x | ≤ 1.5x |`);
    console.log(`| detector alone per analysed frame (decode, shrink, analyse) | ${costs.detectorMs.toFixed(3)} ms | ceiling: luma decode ${costs.ceilingMs.toFixed(3)} ms | ${(costs.detectorMs / costs.ceilingMs).toFixed(2)}x | ≤ 1.5x |`);
    console.log(`| of which decode and shrink | ${costs.decodeShrinkMs.toFixed(3)} ms | | ${(costs.decodeShrinkMs / costs.ceilingMs).toFixed(2)}x | |`);
    console.log(`| memory per camera (RSS, motion − receive) | ${((rss('motion') - rss('receive')) / cameras).toFixed(2)} MiB | RSS ${rss('receive').toFixed(0)} → ${rss('motion').toFixed(0)} MiB | | |`);
    console.log(`| analyseFrames, 1 h of 640x480@15 (${hourRun.read} frames, ${hourRun.analysed} analysed at ${ANALYSE_RECORDINGS_FPS} fps) | ${hourRun.wallS.toFixed(1)} s (CPU ${hourRun.cpuS.toFixed(1)} s) | 15 s | ${(hourRun.wallS / 15).toFixed(2)} | ≤ 1 |`);
  } finally {
    sim.child.kill('SIGTERM');
  }
}

if (process.argv.includes('--child')) {
  const variant = process.argv[process.argv.indexOf('--child') + 1] as 'receive' | 'motion';
  process.once('message', (message: { urls: string[] }) => { void child(variant, message.urls); });
} else {
  await main();
}
