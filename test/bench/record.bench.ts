// `npm run bench:record`: what recording costs on top of receiving. 32 and 128 simulated cameras
// at 640x480@15 are received by two worker threads (openStream + the reconnecting record loop, as
// the app's stream workers do); each worker switches a CameraRecorder per camera on and off (as
// the app's worker factory builds them: syncs in the background), so both modes run on the same
// connections. Receive-only and recording windows alternate in rounds (ABBA order, so drift and
// other jobs on the machine hit both alike), after a warm-up; the median of the rounds is printed.
// The simulator runs in a child process, so the CPU counted (getrusage of this process: every
// thread, the libuv pool's syncs included) is Camwall's receiving and recording only.
// Peers in the same run, in a child process between windows: the kernel floor of writing the
// same bytes with fs.writeSync, the same with a data sync per file per second, and MkvWriter
// alone. Targets: under 10% extra CPU, under 0.1% extra bytes.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../main/registry/database.ts';
import { CameraRecorder } from '../../main/recording/camera-recorder.ts';
import { BLOCK_HEADER_BYTES } from '../../main/media/mkv-layout.ts';
import { MkvWriter } from '../../main/media/mkv-writer.ts';
import { nodeRecordingFs } from '../../main/base/recording-fs.ts';
import { runRecordLoop, type RecordLoopRecorder } from '../../main/recording/record-loop.ts';
import { SegmentIndex } from '../../main/recording/segment-index.ts';
import { systemClock } from '../../main/base/clock.ts';

const CAMERA_COUNTS = [32, 128];
const FPS = 15;
const WORKERS = 2;
const ROUNDS = 4;
const WARMUP_MS = 4000;
/** After switching recording on or off, before the window opens (segments created, caches warm). */
const SETTLE_MS = 1500;
const WINDOW_MS = 6000;
/** The floor child writes this many files, like cameras, and a second of frames is this many. */
const FLOOR_FILES = 32;
const FLOOR_FRAMES_EACH = 150;

type Counts = { frames: number; bytes: number };
type ToWorker = { type: 'record'; root: string } | { type: 'receive' } | { type: 'counts' } | { type: 'stop' };
type FromWorker = { counts: Counts; recorded?: Counts };
type WorkerInput = { urls: string[]; firstCamera: number };

const self = fileURLToPath(import.meta.url);

function runWorker({ urls, firstCamera }: WorkerInput): void {
  const stop = new AbortController();
  const counts: Counts = { frames: 0, bytes: 0 };
  let recording: { index: SegmentIndex; recorders: CameraRecorder[]; pushed: Counts } | undefined;
  const loops = urls.map((url, i) => {
    // The switch: the loop sees one recorder for its whole life, as in the app.
    const sink: RecordLoopRecorder = {
      pushFrame: (jpeg, wallMs, monoMs, width, height) => {
        if (!recording) return;
        recording.recorders[i]!.pushFrame(jpeg, wallMs, monoMs, width, height);
        recording.pushed.frames++;
        recording.pushed.bytes += jpeg.length;
      },
      flush: () => recording?.recorders[i]!.flush(),
    };
    return runRecordLoop({
      target: { url }, recorder: sink, signal: stop.signal, clock: systemClock,
      onFrame: (frame) => { counts.frames++; counts.bytes += frame.jpeg.length; },
    });
  });
  const stopRecording = async (): Promise<Counts | undefined> => {
    if (!recording) return undefined;
    const { index, recorders, pushed } = recording;
    recording = undefined;
    await Promise.all(recorders.map((r) => r.close()));
    index.db.close();
    return pushed;
  };
  parentPort!.on('message', async (m: ToWorker) => {
    let recorded: Counts | undefined;
    if (m.type === 'record') {
      const index = new SegmentIndex(openDatabase(join(m.root, 'index.sqlite')));
      const recorders = urls.map((_, i) => new CameraRecorder({
        cameraId: `cam${firstCamera + i}`, root: m.root, index, clock: systemClock, syncInBackground: true,
      }));
      recording = { index, recorders, pushed: { frames: 0, bytes: 0 } };
    } else if (m.type === 'receive' || m.type === 'stop') {
      recorded = await stopRecording();
    }
    if (m.type === 'stop') {
      stop.abort();
      await Promise.all(loops);
    }
    parentPort!.postMessage({ counts: { ...counts }, recorded } satisfies FromWorker);
  });
}

async function startSimulatorProcess(cameras: number) {
  const bin = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
  const child = spawn(process.execPath, [bin, 'simulate', '--cameras', String(cameras), '--resolution', '640x480', '--fps', String(FPS)], { stdio: ['ignore', 'pipe', 'inherit'] });
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

function startReceivers(urls: string[]) {
  const share = Math.ceil(urls.length / WORKERS);
  const workers = Array.from({ length: WORKERS }, (_, w) => new Worker(new URL(import.meta.url), {
    workerData: { urls: urls.slice(w * share, (w + 1) * share), firstCamera: w * share } satisfies WorkerInput,
  }));
  /** Sends `m` to every worker; resolves with the summed counts once all answered. */
  const send = async (m: ToWorker): Promise<{ counts: Counts; recorded: Counts }> => {
    const answers = await Promise.all(workers.map((worker) => new Promise<FromWorker>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(m);
    })));
    const sum = (pick: (a: FromWorker) => Counts | undefined) => answers.reduce((s, a) => {
      const c = pick(a) ?? { frames: 0, bytes: 0 };
      return { frames: s.frames + c.frames, bytes: s.bytes + c.bytes };
    }, { frames: 0, bytes: 0 });
    return { counts: sum((a) => a.counts), recorded: sum((a) => a.recorded) };
  };
  return {
    send,
    stop: async () => {
      await send({ type: 'stop' });
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.mkv')) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

type Window = { cpuMsPer1000: number; fps: number; frameBytes: number; rssMiB: number; writtenPerReceived: number };

async function measureWindow(receivers: ReturnType<typeof startReceivers>, record: boolean): Promise<Window> {
  const root = record ? mkdtempSync(join(tmpdir(), 'camwall-bench-')) : undefined;
  if (root) {
    openDatabase(join(root, 'index.sqlite')).close(); // migrate once, before the workers connect
    await receivers.send({ type: 'record', root });
  }
  await sleep(SETTLE_MS);
  const before = await receivers.send({ type: 'counts' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  const after = await receivers.send({ type: 'counts' });
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  let writtenPerReceived = 0;
  if (root) {
    const { recorded } = await receivers.send({ type: 'receive' });
    writtenPerReceived = folderBytes(root) / recorded.bytes;
    rmSync(root, { recursive: true, force: true });
  }
  const frames = after.counts.frames - before.counts.frames;
  return {
    cpuMsPer1000: (cpu.user + cpu.system) / 1000 / (frames / 1000), fps: frames / seconds,
    frameBytes: (after.counts.bytes - before.counts.bytes) / frames, rssMiB, writtenPerReceived,
  };
}

type Floor = { writeSync: number; writeSyncDatasync: number; mkvWriter: number };

/** Child process: the kernel floor for `frameBytes`-byte frames (plus block header), CPU ms per 1000 frames. */
function printFloor(frameBytes: number): void {
  const root = mkdtempSync(join(tmpdir(), 'camwall-bench-floor-'));
  const block = Buffer.alloc(BLOCK_HEADER_BYTES + frameBytes, 0x55);
  const jpeg = block.subarray(BLOCK_HEADER_BYTES);
  jpeg.set([0xff, 0xd8], 0);
  jpeg.set([0xff, 0xd9], frameBytes - 2);
  let n = 0;
  const perThousand = (fn: () => void) => {
    const cpu0 = process.cpuUsage();
    fn();
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000 / (FLOOR_FILES * FLOOR_FRAMES_EACH / 1000);
  };
  const plainFiles = (syncEvery: number) => () => {
    const fds = Array.from({ length: FLOOR_FILES }, () => openSync(join(root, `${n++}.bin`), 'wx'));
    for (let f = 1; f <= FLOOR_FRAMES_EACH; f++) {
      for (const fd of fds) writeSync(fd, block);
      if (f % syncEvery === 0) for (const fd of fds) fdatasyncSync(fd);
    }
    for (const fd of fds) closeSync(fd);
  };
  const floor: Floor = {
    writeSync: perThousand(plainFiles(Infinity)),
    writeSyncDatasync: perThousand(plainFiles(FPS)),
    mkvWriter: perThousand(() => {
      const writers = Array.from({ length: FLOOR_FILES }, () => new MkvWriter(nodeRecordingFs, join(root, `${n++}.mkv`), { width: 640, height: 480, startWallMs: Date.now() }));
      for (let f = 0; f < FLOOR_FRAMES_EACH; f++) for (const w of writers) w.writeFrame(jpeg, f * 1000 / FPS);
      for (const w of writers) w.finish();
    }),
  };
  rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify(floor));
}

function measureFloor(frameBytes: number): Floor {
  const result = spawnSync(process.execPath, [self, '--floor', String(Math.round(frameBytes))], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`floor child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Floor;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  console.log(`camwall recording benchmark: ${WORKERS} receiving workers, simulator in a child process, ` +
    `${ROUNDS} rounds of ${WINDOW_MS / 1000} s receive / record windows (ABBA), medians`);
  const loadBefore = load();
  const rows: string[] = [];
  const floorRows: string[] = [];
  for (const cameras of CAMERA_COUNTS) {
    const sim = await startSimulatorProcess(cameras);
    const receivers = startReceivers(sim.urls);
    try {
      await sleep(WARMUP_MS);
      const receive: Window[] = [];
      const record: Window[] = [];
      const floors: Floor[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const recordFirst of round % 2 ? [true, false] : [false, true]) {
          (recordFirst ? record : receive).push(await measureWindow(receivers, recordFirst));
        }
        floors.push(measureFloor(median(receive.map((w) => w.frameBytes))));
      }
      const recv = median(receive.map((w) => w.cpuMsPer1000));
      const rec = median(record.map((w) => w.cpuMsPer1000));
      const extras = record.map((w, i) => (w.cpuMsPer1000 / receive[i]!.cpuMsPer1000 - 1) * 100);
      const written = median(record.map((w) => w.writtenPerReceived));
      rows.push(`| ${cameras} | ${cameras * FPS} | ${median(receive.map((w) => w.fps)).toFixed(0)} / ${median(record.map((w) => w.fps)).toFixed(0)} | ` +
        `${recv.toFixed(1)} | ${rec.toFixed(1)} | +${(rec - recv).toFixed(1)} | ${((rec / recv - 1) * 100).toFixed(1)}% ` +
        `(${Math.min(...extras).toFixed(0)}…${Math.max(...extras).toFixed(0)}%) | ${written.toFixed(5)} (+${((written - 1) * 100).toFixed(3)}%) | ` +
        `${median(receive.map((w) => w.rssMiB)).toFixed(0)} / ${median(record.map((w) => w.rssMiB)).toFixed(0)} |`);
      const f = (pick: (x: Floor) => number) => median(floors.map(pick));
      floorRows.push(`| ${cameras} | ${median(receive.map((w) => w.frameBytes)).toFixed(0)} | ${f((x) => x.writeSync).toFixed(1)} (${(f((x) => x.writeSync) / recv * 100).toFixed(0)}%) | ` +
        `${f((x) => x.writeSyncDatasync).toFixed(1)} (${(f((x) => x.writeSyncDatasync) / recv * 100).toFixed(0)}%) | ` +
        `${f((x) => x.mkvWriter).toFixed(1)} (${(f((x) => x.mkvWriter) / recv * 100).toFixed(0)}%) | +${(rec - recv).toFixed(1)} (${((rec / recv - 1) * 100).toFixed(0)}%) |`);
    } finally {
      await receivers.stop();
      await sim.stop();
    }
  }
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after, on ${navigator.hardwareConcurrency} CPUs\n`);
  console.log('| cameras | fps sent | fps received (recv / rec) | CPU ms/1000 frames, receive | with recording | extra ms | extra CPU (range over rounds) | written/received | RSS MiB recv / rec |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log('\nPeers, CPU ms per 1000 frames (share of receive-only CPU), measured between the windows:\n');
  console.log('| cameras | frame bytes | fs.writeSync of the bytes | + fdatasync per file per second | MkvWriter alone (inline syncs) | recording, measured |');
  console.log('|---|---|---|---|---|---|');
  for (const row of floorRows) console.log(row);
}

if (!isMainThread) runWorker(workerData as WorkerInput);
else if (process.argv[2] === '--floor') printFloor(Number(process.argv[3]));
else await main();
