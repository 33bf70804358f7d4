// `npm run bench:restream`: what re-streaming one camera costs Camwall per frame served, with 16
// readers of it against one reader, alternated in the same run (docs/measurements/restream.md).
// A simulated camera at 640x480@15 (its own process), `camwall serve` with the re-stream on (its
// own process, the one measured), and the readers (a third process). CPU of the serve process
// over each round's counting window, divided by the frames the readers received.
// Options: --rounds N (pairs of 1-reader and 16-reader rounds, default 3), --seconds S (default 12).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry } from '../../main/registry/registry.ts';
import { KeyFileSecretStore } from '../../main/registry/key-file-secret-store.ts';
import { dataFiles } from '../../main/app/data-dir.ts';
import { RESTREAM_PASSWORD_SECRET } from '../../main/service/restream-access.ts';
import { removeDir, startServe, startSimulator, ROOT } from '../e2e/support/processes.ts';
import { cpuSeconds, processTree } from './proc-stats.ts';
import { option, roundsOption } from './bench-options.ts';
import { freePort } from '../support/free-port.ts';

const ROUNDS = roundsOption(3);
const SECONDS = Number(option('seconds') ?? 12);
const MANY = 16;
const USER = 'bench';
const PASSWORD = 'bench-password';


type Round = { readers: number; frames: number; minPerReader: number; maxPerReader: number; cpuS: number; seconds: number; load: number };

async function runReaders(port: number, path: string, readers: number, servePids: () => number[]): Promise<Round> {
  const child = spawn(process.execPath, [join(ROOT, 'test', 'bench', 'restream-readers.ts'), String(port), path, USER, PASSWORD, String(readers), String(SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  let cpuAtStart = 0;
  let startedAt = 0;
  let cpuAtEnd = 0;
  let endedAt = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (startedAt === 0 && output.includes('counting\n')) {
        cpuAtStart = cpuSeconds(servePids());
        startedAt = performance.now();
      }
      if (endedAt === 0 && /\{.*\}\n/.test(output)) {
        cpuAtEnd = cpuSeconds(servePids());
        endedAt = performance.now();
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  const result = JSON.parse(/(\{.*\})/.exec(output)![1]!) as { frames: number[]; bytes: number };
  return {
    readers,
    frames: result.frames.reduce((a, b) => a + b, 0),
    minPerReader: Math.min(...result.frames),
    maxPerReader: Math.max(...result.frames),
    cpuS: cpuAtEnd - cpuAtStart,
    seconds: (endedAt - startedAt) / 1000,
    load: loadavg()[0]!,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

const simulator = await startSimulator(['--cameras', '1', '--resolution', '640x480', '--fps', '15']);
const dataDir = mkdtempSync(join(tmpdir(), 'camwall-bench-restream-'));
const restreamPort = await freePort();
{
  // The data folder as a user would leave it: one camera, the re-stream on with a password.
  const registry = openRegistry({ file: dataFiles(dataDir).database, secrets: await KeyFileSecretStore.open(dataDir) });
  await registry.cameras.add({ name: 'Bench', kind: 'vapix', scheme: 'http', host: '127.0.0.1', port: simulator.port, channel: 1, resolution: '640x480', fps: 15 });
  await registry.namedSecrets.set(RESTREAM_PASSWORD_SECRET, PASSWORD);
  registry.settings.set({ restream: { enabled: true, host: '127.0.0.1', port: restreamPort, user: USER, auth: 'digest' } });
  registry.close();
}
const serve = await startServe({ dataDir });
const cameraId = await (async () => {
  const registry = openRegistry({ file: dataFiles(dataDir).database, secrets: await KeyFileSecretStore.open(dataDir) });
  const id = registry.cameras.list()[0]!.id;
  registry.close();
  return id;
})();
const path = `/axis-cgi/mjpg/video.cgi?camera=${cameraId}`;
const servePids = () => processTree(serve.process.pid!);
const rounds: Round[] = [];
try {
  console.log(`re-stream bench: 1 camera 640x480@15, ${ROUNDS} pairs of rounds of ${SECONDS} s (1 reader, ${MANY} readers, alternating)`);
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? [1, MANY] : [MANY, 1];
    for (const readers of order) {
      const round = await runReaders(restreamPort, path, readers, servePids);
      rounds.push(round);
      console.log(`  ${readers} reader(s): ${round.frames} frames served (${round.minPerReader}–${round.maxPerReader} per reader), ${(round.cpuS * 1000).toFixed(0)} ms CPU in ${round.seconds.toFixed(1)} s, ${((round.cpuS * 1e6) / Math.max(round.frames, 1)).toFixed(0)} µs per frame, load ${round.load.toFixed(1)}`);
    }
  }
} finally {
  await serve.stop();
  await simulator.stop();
  removeDir(dataDir);
}

const summary = (readers: number) => {
  const of = rounds.filter((r) => r.readers === readers);
  const perFrame = of.map((r) => (r.cpuS * 1e6) / Math.max(r.frames, 1));
  const cpuShare = of.map((r) => (100 * r.cpuS) / r.seconds);
  const fps = of.map((r) => r.frames / r.seconds / readers);
  return { perFrame: median(perFrame), range: [Math.min(...perFrame), Math.max(...perFrame)], cpuShare: median(cpuShare), fpsPerReader: median(fps), minPerReader: Math.min(...of.map((r) => r.minPerReader / r.seconds)) };
};
const one = summary(1);
const many = summary(MANY);
const loads = rounds.map((r) => r.load);
console.log('\n| readers | CPU µs per frame served, median [range] | serve CPU, % of one core | frames/s per reader (slowest) | per frame vs 1 reader |');
console.log('|---|---|---|---|---|');
for (const [readers, s] of [[1, one], [MANY, many]] as const) {
  console.log(`| ${readers} | ${s.perFrame.toFixed(0)} [${s.range[0]!.toFixed(0)}–${s.range[1]!.toFixed(0)}] | ${s.cpuShare.toFixed(1)} | ${s.fpsPerReader.toFixed(1)} (${s.minPerReader.toFixed(1)}) | ${(s.perFrame / one.perFrame).toFixed(2)}x |`);
}
// The cost of one more reader's frame: per pair of adjacent rounds, the extra CPU of 16 readers
// over 1 divided by the extra frames served.
const marginal: number[] = [];
for (let i = 0; i + 1 < rounds.length; i += 2) {
  const [a, b] = [rounds[i]!, rounds[i + 1]!];
  const [few, lots] = a.readers === 1 ? [a, b] : [b, a];
  marginal.push(((lots.cpuS - few.cpuS) * 1e6) / Math.max(lots.frames - few.frames, 1));
}
console.log(`extra CPU per extra frame served (16 readers minus 1, per pair): median ${median(marginal).toFixed(0)} µs [${marginal.map((m) => m.toFixed(0)).join(', ')}]`);
console.log(`load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
