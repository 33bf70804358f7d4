// `npm run bench:record`: what recording costs on top of receiving. 32 and 128 simulated cameras
// at 640x480@15 are received by worker threads (openStream + the reconnecting record loop), first
// without and then with a CameraRecorder per camera, in one run. The simulator runs in a child
// process so this process's CPU time is receiving (+ recording) only.
// Prints: CPU ms per 1000 frames for each, the extra CPU of recording, bytes written per byte
// received, and RSS. Targets: under 10% extra CPU, under 0.1% extra bytes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../main/registry/database.ts';
import { CameraRecorder } from '../../main/recording/camera-recorder.ts';
import { MkvWriter } from '../../main/recording/mkv-writer.ts';
import { nodeRecordingFs } from '../../main/recording/recording-fs.ts';
import { runRecordLoop } from '../../main/recording/record-loop.ts';
import { SegmentIndex } from '../../main/recording/segment-index.ts';
import { systemClock } from '../../main/stream/clock.ts';

const CAMERA_COUNTS = [32, 128];
const WORKERS = 2;
const WARMUP_MS = 3000;
const MEASURE_MS = 10_000;
const REPORT_EVERY_MS = 250;

type Counts = { frames: number; bytes: number };
type WorkerInput = { urls: string[]; root: string; record: boolean; firstCamera: number };

if (!isMainThread) runWorker(workerData as WorkerInput);
else await main();

function runWorker({ urls, root, record, firstCamera }: WorkerInput): void {
  const index = record ? new SegmentIndex(openDatabase(join(root, 'index.sqlite'))) : undefined;
  const stop = new AbortController();
  const counts: Counts = { frames: 0, bytes: 0 };
  const recorders = urls.map((_, i) => index && new CameraRecorder({ cameraId: `cam${firstCamera + i}`, root, index, clock: systemClock }));
  const loops = urls.map((url, i) => runRecordLoop({
    target: { url }, recorder: recorders[i], signal: stop.signal, clock: systemClock,
    onFrame: (frame) => { counts.frames++; counts.bytes += frame.jpeg.length; },
  }));
  const timer = setInterval(() => parentPort!.postMessage({ type: 'counts', counts }), REPORT_EVERY_MS);
  parentPort!.on('message', async () => {
    stop.abort();
    await Promise.all(loops);
    for (const r of recorders) await r?.close();
    clearInterval(timer);
    parentPort!.postMessage({ type: 'done', counts });
    index?.db.close();
  });
}

async function startSimulatorProcess(cameras: number) {
  const bin = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
  const child = spawn(process.execPath, [bin, 'simulate', '--cameras', String(cameras), '--resolution', '640x480', '--fps', '15'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { urls: string[] }).urls);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { urls, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.mkv')) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function phase(urls: string[], record: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'camwall-bench-'));
  openDatabase(join(root, 'index.sqlite')).close(); // migrate once, before the workers connect
  const share = Math.ceil(urls.length / WORKERS);
  const latest: Counts[] = [];
  const workers = Array.from({ length: WORKERS }, (_, w) => {
    latest[w] = { frames: 0, bytes: 0 };
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { urls: urls.slice(w * share, (w + 1) * share), root, record, firstCamera: w * share } satisfies WorkerInput,
    });
    worker.on('message', (m: { type: string; counts: Counts }) => { latest[w] = m.counts; });
    return worker;
  });
  const total = () => latest.reduce((s, c) => ({ frames: s.frames + c.frames, bytes: s.bytes + c.bytes }), { frames: 0, bytes: 0 });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const cpu0 = process.cpuUsage();
  const counts0 = total();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const cpu = process.cpuUsage(cpu0);
  const counts1 = total();
  const rss = process.memoryUsage().rss;
  const done = workers.map((worker, w) => new Promise<void>((resolve) => worker.on('message', (m: { type: string; counts: Counts }) => {
    if (m.type === 'done') { latest[w] = m.counts; resolve(); }
  })));
  for (const worker of workers) worker.postMessage('stop');
  await Promise.all(done);
  await Promise.all(workers.map((w) => w.terminate()));
  const received = total();
  const written = record ? folderBytes(root) : 0;
  rmSync(root, { recursive: true, force: true });
  const frames = counts1.frames - counts0.frames;
  return {
    frames, fps: frames / (MEASURE_MS / 1000), meanFrameBytes: (counts1.bytes - counts0.bytes) / Math.max(frames, 1), cpuMsPer1000: ((cpu.user + cpu.system) / 1000) / (frames / 1000), rss,
    writtenPerReceived: record ? written / received.bytes : 0,
  };
}

/** The floor: MkvWriter alone (page-cache copy + a data sync per Cluster), no network, no index. */
function writerFloor(frameBytes: number): number {
  const root = mkdtempSync(join(tmpdir(), 'camwall-bench-floor-'));
  const jpeg = Buffer.alloc(frameBytes, 0x55);
  jpeg.set([0xff, 0xd8], 0);
  jpeg.set([0xff, 0xd9], frameBytes - 2);
  const files = 32;
  const framesEach = 150;
  const cpu0 = process.cpuUsage();
  const writers = Array.from({ length: files }, (_, i) => new MkvWriter(nodeRecordingFs, join(root, `${i}.mkv`), { width: 640, height: 480, startWallMs: Date.now() }));
  for (let f = 0; f < framesEach; f++) for (const w of writers) w.writeFrame(jpeg, f * 66.7);
  for (const w of writers) w.finish();
  const cpu = process.cpuUsage(cpu0);
  rmSync(root, { recursive: true, force: true });
  return ((cpu.user + cpu.system) / 1000) / (files * framesEach / 1000);
}

async function main() {
  console.log(`camwall recording benchmark: ${WORKERS} receiving workers, simulator in a child process, ${MEASURE_MS / 1000} s per phase`);
  let meanFrameBytes = 0;
  const rows: string[] = [];
  for (const cameras of CAMERA_COUNTS) {
    const sim = await startSimulatorProcess(cameras);
    try {
      const receive = await phase(sim.urls, false);
      const record = await phase(sim.urls, true);
      meanFrameBytes = receive.meanFrameBytes;
      const extraCpu = (record.cpuMsPer1000 / receive.cpuMsPer1000 - 1) * 100;
      rows.push([
        String(cameras).padStart(7), receive.fps.toFixed(0).padStart(8), record.fps.toFixed(0).padStart(8),
        receive.cpuMsPer1000.toFixed(1).padStart(12), record.cpuMsPer1000.toFixed(1).padStart(12), `${extraCpu.toFixed(1)}%`.padStart(10),
        record.writtenPerReceived.toFixed(5).padStart(14), `${((record.writtenPerReceived - 1) * 100).toFixed(3)}%`.padStart(10),
        (receive.rss / 2 ** 20).toFixed(0).padStart(8), (record.rss / 2 ** 20).toFixed(0).padStart(8),
      ].join(' |'));
    } finally {
      await sim.stop();
    }
  }
  console.log('cameras | fps recv | fps rec | CPU ms/1000 recv | CPU ms/1000 rec | extra CPU | written/received | extra bytes | RSS MiB recv | RSS MiB rec');
  for (const row of rows) console.log(row);
  const floor = writerFloor(Math.round(meanFrameBytes));
  console.log(`writer floor (MkvWriter alone, ${Math.round(meanFrameBytes)}-byte frames, sync per Cluster, same machine): ${floor.toFixed(1)} CPU ms per 1000 frames`);
}
