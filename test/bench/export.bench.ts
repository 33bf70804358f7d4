// `npm run bench:export`: how fast Camwall exports an hour of four cameras, against ffmpeg and
// against copying the same bytes, on the same recorded segments in the same run.
//   - The archive: 4 cameras x 1 h of the simulator's 640x480 JPEGs at 10 fps (about 47 KB a
//     frame, 6.7 GB in 5-minute segments), written once by the recorder (recordArchive, no data
//     syncs) and kept between runs in a temp folder named by these parameters.
//   - Camwall: runExport (what export jobs and `camwall export` run) of the four cameras over
//     the hour into a folder, one clip per camera and a signed manifest, in this process, for
//     every format clipWriters() offers.
//   - ffmpeg: `ffmpeg -f concat -i <the camera's segments> -ss 0 -to 3600 -map 0:v -c copy`
//     into the same container, one process per camera, one after another (as runExport does).
//   - copy ceiling: each camera's segments read and written into one new file (1 MiB reads).
// All three read warm files: the segments are read once before the first round and nothing is
// dropped from the page cache between passes. Nothing syncs its output (neither does an export);
// each output is deleted after its pass. Rounds run every pass once, in an order rotated by one
// each round; figures are medians [ranges] over the rounds; ratios are of medians.
// Targets: Camwall at least ffmpeg's rate and at least 70% of the copy ceiling's.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClipFile, ClipFormat } from '../../main/export/clip-writer.ts';
import { FORMAT_EXTENSIONS, runExport } from '../../main/export/export-set.ts';
import { clipWriters } from '../../main/export/formats.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../../main/export/signing-key.ts';
import { FolderCatalog } from '../../main/playback/catalogs.ts';
import { KeyFileSecretStore } from '../../main/registry/key-file-secret-store.ts';
import type { Resolution } from '../../main/simulator/picture.ts';
import { recordArchive } from '../support/recorded-archive.ts';
import { option, roundsOption } from './bench-options.ts';

const CAMERAS = 4;
const HOUR_MS = 3_600_000;
const RESOLUTION: Resolution = '640x480';
const FPS = 10;
const SEGMENT_MS = 300_000;
/** `--rounds N` (3 by default: a median and a range). */
const ROUNDS = roundsOption(3);
/** `--formats mkv,avi`: a subset of what clipWriters() offers (all of it by default). */
const ONLY_FORMATS = option('formats')?.split(',') ?? null;
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const COPY_CHUNK_BYTES = 1024 * 1024;
const MB = 1e6;
const ARCHIVE = join(tmpdir(), `camwall-bench-export-${CAMERAS}cams-${HOUR_MS / 1000}s-${RESOLUTION}-${FPS}fps-${SEGMENT_MS / 1000}s-segments`);
const RECORDINGS = join(ARCHIVE, 'recordings');
const COMPLETE_MARK = join(ARCHIVE, 'complete.json');
const FFMPEG_MUXERS: Record<ClipFormat, string> = { mkv: 'matroska', avi: 'avi', mov: 'mov' };

type Camera = { id: string; segments: string[]; bytes: number };
/** One pass over the four cameras: bytes read and written, wall and CPU seconds. */
type Pass = { inBytes: number; outBytes: number; seconds: number; cpuSeconds: number };
/** A way to export; `run` writes into the empty folder `out`, which is emptied after the pass (untimed). */
type Method = { name: string; format: ClipFormat | null; kind: 'camwall' | 'ffmpeg' | 'copy'; run(out: string): Promise<Pass> };

const cameraIds = Array.from({ length: CAMERAS }, (_, i) => `cam${i + 1}`);

/** The archive from the cache, or written now (about a minute) and marked complete. */
async function archive(): Promise<Camera[]> {
  if (!existsSync(COMPLETE_MARK)) {
    rmSync(ARCHIVE, { recursive: true, force: true });
    mkdirSync(RECORDINGS, { recursive: true });
    const started = performance.now();
    const recorded = await recordArchive({
      root: RECORDINGS, segmentMs: SEGMENT_MS, noSync: true,
      cameras: cameraIds.map((id, i) => ({ id, channel: i + 1, fps: FPS, resolution: RESOLUTION, spans: [{ fromMs: T0, toMs: T0 + HOUR_MS }] })),
    });
    recorded.db.close();
    writeFileSync(COMPLETE_MARK, `${JSON.stringify({ cameras: CAMERAS, hourMs: HOUR_MS, resolution: RESOLUTION, fps: FPS, segmentMs: SEGMENT_MS })}\n`);
    console.log(`wrote the archive in ${((performance.now() - started) / 1000).toFixed(0)} s: ${ARCHIVE}`);
  } else {
    console.log(`archive from the cache: ${ARCHIVE}`);
  }
  const catalog = new FolderCatalog(RECORDINGS);
  return cameraIds.map((id) => {
    const segments = catalog.segments(id).map((s) => s.path);
    return { id, segments, bytes: segments.reduce((sum, path) => sum + statSync(path).size, 0) };
  });
}

/** Reads every segment once, so that every pass, the first included, reads from the page cache. */
function warm(cameras: Camera[]): void {
  const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  for (const path of cameras.flatMap((c) => c.segments)) {
    const fd = openSync(path, 'r');
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    closeSync(fd);
  }
}

/** Wall and CPU time (every thread of this process) of `work`. */
async function measured(work: () => Promise<{ inBytes: number; outBytes: number }>): Promise<Pass> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ...bytes, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** The formats clipWriters() can make in this build (a writer that cannot be made throws). */
function offeredFormats(): ClipFormat[] {
  const writers = clipWriters();
  const nowhere: ClipFile = { append: () => 0, patch: () => {}, size: 0, close: () => {}, remove: () => {} };
  return (Object.keys(FORMAT_EXTENSIONS) as ClipFormat[]).filter((format) => {
    try {
      writers(format, nowhere, { width: 640, height: 480, startWallMs: T0, title: 'probe', nominalIntervalMs: 100 }).abort();
      return true;
    } catch {
      return false;
    }
  }).sort((a, b) => (a === 'mkv' ? -1 : b === 'mkv' ? 1 : a < b ? -1 : 1));
}

function camwall(format: ClipFormat, cameras: Camera[], key: SigningKey): Method {
  return {
    name: `Camwall ${format}`, format, kind: 'camwall',
    run: (out) => measured(async () => {
      const dir = join(out, `camwall-${format}`);
      const result = await runExport({
        catalog: new FolderCatalog(RECORDINGS), recordingsRoot: RECORDINGS,
        cameras: cameras.map((c) => ({ cameraId: c.id, name: c.id, model: null, serial: null })),
        fromMs: T0, toMs: T0 + HOUR_MS, format, target: { kind: 'folder', dir },
        writers: clipWriters(), key, camwallVersion: 'bench', now: Date.now,
      });
      const files = result.manifest.cameras.flatMap((c) => c.files);
      const sources = new Set(result.manifest.cameras.flatMap((c) => c.files.flatMap((f) => f.sourceSegments)));
      const frames = files.reduce((sum, f) => sum + f.frames, 0);
      if (frames !== CAMERAS * HOUR_MS / 1000 * FPS) throw new Error(`Camwall ${format} exported ${frames} frames, not ${CAMERAS * HOUR_MS / 1000 * FPS}`);
      const inBytes = [...sources].reduce((sum, s) => sum + statSync(join(RECORDINGS, s)).size, 0);
      return { inBytes, outBytes: files.reduce((sum, f) => sum + f.bytes, 0) };
    }),
  };
}

let running: ReturnType<typeof spawn> | null = null;

/** Runs ffmpeg; its own CPU seconds from -benchmark's last report. */
function ffmpeg(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-nostats', '-benchmark', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    running = child;
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      running = null;
      const bench = [...err.matchAll(/bench: utime=([\d.]+)s stime=([\d.]+)s/g)].at(-1);
      if (code !== 0 || !bench) reject(new Error(`ffmpeg exited with ${code}: ${err.slice(-2000)}`));
      else resolve(Number(bench[1]) + Number(bench[2]));
    });
  });
}

function ffmpegCopy(format: ClipFormat, cameras: Camera[]): Method {
  return {
    name: `ffmpeg ${format}`, format, kind: 'ffmpeg',
    run: async (out) => {
      let ffmpegCpu = 0;
      const pass = await measured(async () => {
        let outBytes = 0;
        for (const camera of cameras) {
          const list = join(out, `${camera.id}.concat.txt`);
          writeFileSync(list, camera.segments.map((s) => `file '${s.replaceAll("'", "'\\''")}'\n`).join(''));
          const clip = join(out, `${camera.id}${FORMAT_EXTENSIONS[format]}`);
          ffmpegCpu += await ffmpeg(['-v', 'info', '-f', 'concat', '-safe', '0', '-i', list, '-ss', '0', '-to', String(HOUR_MS / 1000),
            '-map', '0:v', '-c', 'copy', '-f', FFMPEG_MUXERS[format], clip]);
          outBytes += statSync(clip).size;
        }
        return { inBytes: cameras.reduce((sum, c) => sum + c.bytes, 0), outBytes };
      });
      return { ...pass, cpuSeconds: ffmpegCpu };
    },
  };
}

function copyCeiling(cameras: Camera[]): Method {
  return {
    name: 'copy ceiling', format: null, kind: 'copy',
    run: (out) => measured(async () => {
      const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      let bytes = 0;
      for (const camera of cameras) {
        const target = join(out, `${camera.id}.copy`);
        const to = openSync(target, 'wx', 0o600);
        for (const path of camera.segments) {
          const from = openSync(path, 'r');
          for (let n; (n = readSync(from, buffer, 0, buffer.length, null)) > 0;) {
            for (let done = 0; done < n;) done += writeSync(to, buffer, done, n - done);
            bytes += n;
          }
          closeSync(from);
        }
        closeSync(to);
      }
      return { inBytes: bytes, outBytes: bytes };
    }),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const load1 = () => loadavg()[0]!.toFixed(1);

function table(methods: Method[], passes: Map<Method, Pass[]>): string[] {
  const rate = (m: Method) => median(passes.get(m)!.map((p) => p.outBytes / p.seconds / MB));
  const ceiling = methods.find((m) => m.kind === 'copy')!;
  const lines = [
    '| exporter | output MB/s [range] | input MB/s | CPU s [range] | output / input bytes | vs ffmpeg (same format) | vs copy ceiling |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const m of methods) {
    const ps = passes.get(m)!;
    const out = ps.map((p) => p.outBytes / p.seconds / MB);
    const cpu = ps.map((p) => p.cpuSeconds);
    const peer = methods.find((x) => x.kind === 'ffmpeg' && x.format === m.format);
    const vsFfmpeg = m.kind === 'camwall' && peer ? `${(rate(m) / rate(peer)).toFixed(2)}x` : '';
    const vsCeiling = m.kind === 'copy' ? '' : `${((rate(m) / rate(ceiling)) * 100).toFixed(0)}%`;
    lines.push(`| ${m.name} | ${median(out).toFixed(0)} [${Math.min(...out).toFixed(0)}–${Math.max(...out).toFixed(0)}] | ` +
      `${median(ps.map((p) => p.inBytes / p.seconds / MB)).toFixed(0)} | ${median(cpu).toFixed(1)} [${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)}] | ` +
      `${(median(ps.map((p) => p.outBytes / p.inBytes))).toFixed(4)} | ${vsFfmpeg} | ${vsCeiling} |`);
  }
  return lines;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`camwall export benchmark: ${CAMERAS} cameras x ${HOUR_MS / 3_600_000} h of ${RESOLUTION} at ${FPS} fps, ${ROUNDS} rounds; ` +
    `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; MB = 10^6 bytes`);
  const loads = [load1()];
  const cameras = await archive();
  const out = mkdtempSync(join(tmpdir(), 'camwall-bench-export-out-'));
  const stop = () => {
    running?.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const inBytes = cameras.reduce((sum, c) => sum + c.bytes, 0);
    console.log(`${cameras.reduce((n, c) => n + c.segments.length, 0)} segments, ${(inBytes / MB).toFixed(0)} MB; reading them once to warm the page cache`);
    warm(cameras);
    const key = await loadOrCreateSigningKey(join(out, 'data'), await KeyFileSecretStore.open(join(out, 'data')));
    const offered = offeredFormats();
    const formats = offered.filter((f) => !ONLY_FORMATS || ONLY_FORMATS.includes(f));
    const methods: Method[] = [...formats.flatMap((f) => [camwall(f, cameras, key), ffmpegCopy(f, cameras)]), copyCeiling(cameras)];
    const passes = new Map<Method, Pass[]>(methods.map((m) => [m, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = methods.map((_, i) => methods[(i + round) % methods.length]!);
      for (const m of order) {
        const dir = join(out, 'pass');
        mkdirSync(dir);
        const pass = await m.run(dir);
        rmSync(dir, { recursive: true });
        passes.get(m)!.push(pass);
        console.log(`round ${round + 1}: ${m.name}: ${(pass.outBytes / pass.seconds / MB).toFixed(0)} MB/s out in ${pass.seconds.toFixed(1)} s, ${pass.cpuSeconds.toFixed(1)} CPU s; load ${load1()}`);
      }
      loads.push(load1());
    }
    console.log(`\nformats offered by clipWriters(): ${offered.join(', ')} (measured: ${formats.join(', ')}); 1-minute load average at the start and after each round: ${loads.join(', ')}; ` +
      `${((performance.now() - started) / 60_000).toFixed(1)} minutes in all\n`);
    for (const line of table(methods, passes)) console.log(line);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
