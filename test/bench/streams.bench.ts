// `npm run bench:streams`: N simulated cameras (640x480 at 15 fps, the simulator in its own
// process) read by Camwall's stream workers into the frame hub with a null subscriber that acks
// at once, against the same N cameras read by one `ffmpeg -i URL -c copy -f null -` process
// each (what an ffmpeg-based NVR runs). Camwall also runs in a child process, so both sides are
// measured the same way from /proc: CPU = utime + stime over the window, RSS = VmRSS (the
// peak of the per-second samples, summed over the ffmpeg processes).
//
// The machine is shared and noisy, so each camera count runs its variants in rounds, in
// alternating order (pool, ffmpeg, ffmpeg, pool, ...), and the table gives each variant's
// median CPU per frame over the rounds (with the spread) and the load average during the runs.
//
// Flags: --cameras 16,64,128  --seconds 12  --warmup 8  --rounds 3  --variants pool,ffmpeg
// (8 s of warm-up for both readers: a Camwall process's first seconds, while its heaps and JIT
// settle, cost up to twice its steady state, and an NVR runs for days.)
// (add per-camera to --variants for one worker per camera; slow and memory hungry at 128;
// add unwatched for the default pool keeping every camera connected with no subscriber, as for
// a camera that is only recorded: frames counted by the workers' stats, none posted to the hub)
import { execFileSync, fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { StreamManager } from '../../main/stream/stream-manager.ts';
import { readCaptureComment } from '../../main/simulator/capture-comment.ts';

const FPS = 15;
const RESOLUTION = '640x480';
/** /proc/<pid>/stat counts CPU in clock ticks; 100 on every Linux we run on. */
const CLOCK_TICKS_PER_SECOND = 100;
/** Deadline for every camera to deliver its first frame (128 cameras on 2 busy cores). */
const READY_TIMEOUT_MS = 60_000;

/** Polls `ready` every 100 ms; throws `failure` after READY_TIMEOUT_MS. */
async function waitUntilReady(ready: () => boolean, failure: string): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
declare const BENCH_WORKER_URL: string | undefined;
const bundledWorker = new URL(typeof BENCH_WORKER_URL === 'string' ? BENCH_WORKER_URL : new URL('../../dist/node/stream-worker.js', import.meta.url).href);

type Variant = 'pool' | 'per-camera' | 'unwatched' | 'ffmpeg';
type Result = {
  cameras: number;
  variant: Variant;
  workers: string;
  cpuSeconds: number;
  frames: number;
  expected: number;
  lost: number | null;
  rssMiB: number;
  pssMiB: number;
  simulatorCpuSeconds: number;
  seconds: number;
  /** 1-minute load average at the end of the measured window. */
  load: number;
};

// ---- Camwall child: run the manager, count frames and the simulator's capture seq gaps. ----

type ChildCommand = { type: 'start' } | { type: 'stop' };
type ChildReport =
  | { type: 'ready'; workers: number }
  | { type: 'counts'; frames: number; lost: number; dropped: number };

async function camwallChild(urls: string[], workers: 'per-camera' | undefined, unwatched: boolean): Promise<void> {
  const send = (message: ChildReport) => process.send!(message);
  const manager = new StreamManager({ ...(workers ? { workers } : {}), ...(existsSync(bundledWorker) ? { workerUrl: bundledWorker } : {}) });
  manager.setCameras(urls.map((url, i) => ({ id: `cam${i + 1}`, target: { url } })));
  if (unwatched) return unwatchedChild(manager, urls.length, send);
  const cameras = urls.map(() => ({ frames: 0, lastCaptureSeq: -1, windowStartSeq: -1 }));
  let counting = false;
  urls.forEach((_, i) => {
    const camera = cameras[i]!;
    const subscription = manager.subscribe(`cam${i + 1}`, {
      deliver(frame) {
        const stamp = readCaptureComment(new Uint8Array(frame.jpeg));
        if (stamp) camera.lastCaptureSeq = stamp.seq;
        if (counting) camera.frames += 1;
        subscription.ack();
      },
    });
  });
  await waitUntilReady(() => cameras.every((c) => c.lastCaptureSeq >= 0), `cameras not live after ${READY_TIMEOUT_MS} ms`);
  send({ type: 'ready', workers: manager.workerCount });
  process.on('message', async (command: ChildCommand) => {
    if (command.type === 'start') {
      for (const camera of cameras) {
        camera.frames = 0;
        camera.windowStartSeq = camera.lastCaptureSeq;
      }
      counting = true;
    } else {
      counting = false;
      const frames = cameras.reduce((sum, c) => sum + c.frames, 0);
      // Frames the simulator produced for each camera in the window, minus those we received.
      const lost = cameras.reduce((sum, c) => sum + (c.lastCaptureSeq - c.windowStartSeq - c.frames), 0);
      const dropped = urls.reduce((sum, _, i) => sum + (manager.stats(`cam${i + 1}`)?.framesDropped ?? 0), 0);
      send({ type: 'counts', frames, lost, dropped });
      await manager.close();
      process.exit(0);
    }
  });
}

/** Every camera connected for recording, nobody subscribed: frames are counted from the workers' stats. */
async function unwatchedChild(manager: StreamManager, cameras: number, send: (message: ChildReport) => void): Promise<void> {
  const ids = Array.from({ length: cameras }, (_, i) => `cam${i + 1}`);
  for (const id of ids) manager.setRecording(id, true);
  const received = () => ids.reduce((sum, id) => sum + (manager.stats(id)?.framesReceived ?? 0), 0);
  await waitUntilReady(() => ids.every((id) => (manager.stats(id)?.framesReceived ?? 0) > 0), `cameras not live after ${READY_TIMEOUT_MS} ms`);
  send({ type: 'ready', workers: manager.workerCount });
  let from = 0;
  process.on('message', async (command: ChildCommand) => {
    if (command.type === 'start') {
      from = received();
      return;
    }
    // Stats come once a second: the count lags the window by up to that much at both ends.
    const dropped = ids.reduce((sum, id) => sum + (manager.stats(id)?.framesDropped ?? 0), 0);
    send({ type: 'counts', frames: received() - from, lost: -1, dropped });
    await manager.close();
    process.exit(0);
  });
}

// ---- Orchestrator ----

function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory in MiB: RSS (shared libraries counted in full by every process) and PSS
 * (shared pages split between the processes sharing them). */
function memoryMiBOf(pid: number): { rss: number; pss: number } {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  const pss = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return { rss: rss ? Number(rss[1]) / 1024 : 0, pss: pss ? Number(pss[1]) / 1024 : 0 };
}

/** Samples the summed memory of `pids` every second until `ms` passed; returns the peaks. */
async function peakMemoryDuring(pids: number[], ms: number): Promise<{ rss: number; pss: number }> {
  const peak = { rss: 0, pss: 0 };
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const now = pids.map(memoryMiBOf);
    peak.rss = Math.max(peak.rss, now.reduce((sum, m) => sum + m.rss, 0));
    peak.pss = Math.max(peak.pss, now.reduce((sum, m) => sum + m.pss, 0));
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(end - Date.now(), 0))));
  }
  return peak;
}

async function startSimulatorProcess(cameras: number): Promise<{ child: ChildProcess; urls: string[] }> {
  const child = spawn(process.execPath, [`${root}dist/node/camwall.js`, 'simulate', '--cameras', String(cameras), '--fps', String(FPS), '--resolution', RESOLUTION], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  return { child, urls: (JSON.parse(line) as { urls: string[] }).urls };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function measureCamwall(urls: string[], variant: 'pool' | 'per-camera' | 'unwatched', simulator: ChildProcess, seconds: number, warmup: number): Promise<Result> {
  const workers = variant === 'per-camera' ? 'per-camera' : variant === 'unwatched' ? 'unwatched' : 'default';
  // The child runs this file bundled, as Camwall ships: loading TypeScript from source would
  // add the type stripper's memory (about 14 MB) to Camwall's figures.
  const child = fork(await bundledSelf(), ['--camwall-child', workers], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: ChildReport[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (message: ChildReport) => {
    messages.push(message);
    waiters.shift()?.();
  });
  const next = () => new Promise<ChildReport>((resolve, reject) => {
    if (messages.length > 0) return resolve(messages.shift()!);
    waiters.push(() => resolve(messages.shift()!));
    child.once('exit', (code) => reject(new Error(`camwall child exited with ${code}`)));
  });
  child.send({ urls });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('unexpected message from the camwall child');
  await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
  const cpu0 = cpuSecondsOf(child.pid!);
  const sim0 = cpuSecondsOf(simulator.pid!);
  const t0 = performance.now();
  child.send({ type: 'start' } satisfies ChildCommand);
  const memory = await peakMemoryDuring([child.pid!], seconds * 1000);
  const cpu1 = cpuSecondsOf(child.pid!);
  const sim1 = cpuSecondsOf(simulator.pid!);
  child.send({ type: 'stop' } satisfies ChildCommand);
  const elapsed = (performance.now() - t0) / 1000;
  const counts = await next();
  if (counts.type !== 'counts') throw new Error('unexpected message from the camwall child');
  await new Promise((resolve) => child.once('exit', resolve));
  return {
    cameras: urls.length, variant, workers: String(ready.workers), cpuSeconds: cpu1 - cpu0, frames: counts.frames,
    expected: Math.round(urls.length * FPS * elapsed), lost: counts.lost < 0 ? null : counts.lost, rssMiB: memory.rss, pssMiB: memory.pss, simulatorCpuSeconds: sim1 - sim0, seconds: elapsed,
    load: loadAverage(),
  };
}

async function measureFfmpeg(urls: string[], simulator: ChildProcess, seconds: number, warmup: number): Promise<Result> {
  const frames = new Map<ChildProcess, number>();
  const children = urls.map((url) => {
    // -progress only adds a few lines a second on stderr, to count frames; the command is
    // otherwise exactly what an ffmpeg-based NVR runs per camera.
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-progress', 'pipe:2', '-i', url, '-c', 'copy', '-f', 'null', '-'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    frames.set(child, 0);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith('frame=')) frames.set(child, Number(line.slice(6)));
    });
    return child;
  });
  try {
    await waitUntilReady(() => [...frames.values()].every((n) => n > 0), 'ffmpeg processes did not all start');
    await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
    const pids = children.map((c) => c.pid!);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const cpu0 = sum(pids.map(cpuSecondsOf));
    const frames0 = sum([...frames.values()]);
    const sim0 = cpuSecondsOf(simulator.pid!);
    const t0 = performance.now();
    const memory = await peakMemoryDuring(pids, seconds * 1000);
    const cpu1 = sum(pids.map(cpuSecondsOf));
    const sim1 = cpuSecondsOf(simulator.pid!);
    const elapsed = (performance.now() - t0) / 1000;
    // ffmpeg reports progress every half second: its count lags by up to that much.
    const received = sum([...frames.values()]) - frames0;
    return {
      cameras: urls.length, variant: 'ffmpeg', workers: `${urls.length} processes`, cpuSeconds: cpu1 - cpu0, frames: received,
      expected: Math.round(urls.length * FPS * elapsed), lost: null, rssMiB: memory.rss, pssMiB: memory.pss, simulatorCpuSeconds: sim1 - sim0, seconds: elapsed,
      load: loadAverage(),
    };
  } finally {
    await Promise.all(children.map(stop));
  }
}

let bundled: string | null = null;
async function bundledSelf(): Promise<string> {
  if (bundled) return bundled;
  // In this checkout's dist/ (never packaged: the app takes dist/node and dist/renderer only),
  // not in node_modules, which several checkouts of the project may share.
  const outfile = join(root, 'dist/bench/streams.bench.mjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)], outfile, bundle: true, platform: 'node', format: 'esm',
    packages: 'external', target: 'es2023', logLevel: 'warning',
    // import.meta.url of the bundle is in the cache folder: point the worker at dist/node.
    define: { BENCH_WORKER_URL: JSON.stringify(bundledWorker.href) },
  });
  bundled = outfile;
  return outfile;
}

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** One variant's rounds at one camera count, summed (frames, lost) or taken at their worst (memory). */
type Summary = {
  cameras: number;
  variant: Variant;
  workers: string;
  /** CPU s per 1000 frames: the median round, and the lowest and highest. */
  perK: number;
  perKMin: number;
  perKMax: number;
  cpuShare: number;
  rssMiB: number;
  pssMiB: number;
  frames: number;
  expected: number;
  lost: number | null;
  simulatorShare: number;
  load: [number, number];
};

function summarize(rounds: Result[]): Summary {
  const perK = rounds.map((r) => (r.cpuSeconds / r.frames) * 1000).sort((a, b) => a - b);
  const median = perK.length % 2 ? perK[(perK.length - 1) / 2]! : (perK[perK.length / 2 - 1]! + perK[perK.length / 2]!) / 2;
  const sum = (f: (r: Result) => number) => rounds.reduce((total, r) => total + f(r), 0);
  const first = rounds[0]!;
  return {
    cameras: first.cameras, variant: first.variant, workers: first.workers,
    perK: median, perKMin: perK[0]!, perKMax: perK[perK.length - 1]!,
    cpuShare: sum((r) => r.cpuSeconds) / sum((r) => r.seconds),
    rssMiB: Math.max(...rounds.map((r) => r.rssMiB)), pssMiB: Math.max(...rounds.map((r) => r.pssMiB)),
    frames: sum((r) => r.frames), expected: sum((r) => r.expected),
    lost: rounds.some((r) => r.lost === null) ? null : sum((r) => r.lost ?? 0),
    simulatorShare: sum((r) => r.simulatorCpuSeconds) / sum((r) => r.seconds),
    load: [Math.min(...rounds.map((r) => r.load)), Math.max(...rounds.map((r) => r.load))],
  };
}

function table(results: Summary[], rounds: number): string {
  const rows = results.map((r) => {
    const peer = results.find((p) => p.cameras === r.cameras && p.variant === 'ffmpeg');
    const ratio = (a: number, b: number) => (peer && r !== peer ? ` (${(a / b).toFixed(2)}×)` : '');
    const name = r.variant === 'ffmpeg'
      ? 'ffmpeg -c copy -f null'
      : r.variant === 'pool'
        ? `Camwall, ${r.workers} worker${r.workers === '1' ? '' : 's'} (default pool)`
        : r.variant === 'unwatched'
          ? `Camwall, ${r.workers} worker${r.workers === '1' ? '' : 's'}, nobody watching (recording only)`
          : `Camwall, ${r.workers} workers (one per camera)`;
    const spread = rounds > 1 ? ` [${r.perKMin.toFixed(3)}–${r.perKMax.toFixed(3)}]` : '';
    return `| ${r.cameras} | ${name} | ${r.perK.toFixed(3)}${ratio(r.perK, peer?.perK ?? 1)}${spread} | ${(r.cpuShare * 100).toFixed(0)}% | ${r.rssMiB.toFixed(0)}${ratio(r.rssMiB, peer?.rssMiB ?? 1)} | ${r.pssMiB.toFixed(0)}${ratio(r.pssMiB, peer?.pssMiB ?? 1)} | ${r.frames} / ${r.expected} | ${r.lost ?? 'n/a'} | ${(r.simulatorShare * 100).toFixed(0)}% | ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} |`;
  });
  return [
    `| cameras | reader | CPU s per 1000 frames (vs ffmpeg)${rounds > 1 ? ` [range over ${rounds} rounds]` : ''} | CPU (of one core) | RSS MiB (vs ffmpeg) | PSS MiB (vs ffmpeg) | frames received / expected | frames lost (capture seq) | simulator CPU | load average |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const cameraCounts = flag('cameras', '16,64,128').split(',').map(Number);
  const seconds = Number(flag('seconds', '12'));
  const warmup = Number(flag('warmup', '8'));
  const rounds = Number(flag('rounds', '3'));
  const variants = flag('variants', 'pool,ffmpeg').split(',') as Variant[];
  const summaries: Summary[] = [];
  console.log(`streams bench: ${RESOLUTION} at ${FPS} fps, ${warmup} s warm-up, ${seconds} s measured, ${rounds} round(s) in alternating order; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${readFfmpegVersion()}; load average ${loadAverage()}`);
  for (const cameras of cameraCounts) {
    const simulator = await startSimulatorProcess(cameras);
    const results = new Map<Variant, Result[]>(variants.map((v) => [v, []]));
    try {
      for (let round = 0; round < rounds; round++) {
        for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
          const result = variant === 'ffmpeg'
            ? await measureFfmpeg(simulator.urls, simulator.child, seconds, warmup)
            : await measureCamwall(simulator.urls, variant, simulator.child, seconds, warmup);
          results.get(variant)!.push(result);
          console.log(JSON.stringify({ round: round + 1, ...result }));
        }
      }
    } finally {
      await stop(simulator.child);
    }
    for (const variant of variants) summaries.push(summarize(results.get(variant)!));
  }
  console.log('\n' + table(summaries, rounds));
}

function readFfmpegVersion(): string {
  try {
    return execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]!.split(' Copyright')[0]!;
  } catch {
    return 'ffmpeg missing';
  }
}

if (process.argv.includes('--camwall-child')) {
  const mode = process.argv[process.argv.indexOf('--camwall-child') + 1];
  process.once('message', (message: { urls: string[] }) => {
    camwallChild(message.urls, mode === 'per-camera' ? 'per-camera' : undefined, mode === 'unwatched').catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
} else {
  await main();
}
