// Benchmark: CPU the simulator needs to serve N cameras at 640x480@15 to N clients that read
// and discard (clients in a separate process), against a floor measured in the same run: a bare
// net server writing one pre-built part of the same size to the same clients at the same rate
// (the socket writes alone, no frame building, no HTTP). Prints one table.
// Run: npx node test/bench/simulator.bench.ts [cameras=64] [seconds=10]
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { startSimulator } from '../../main/simulator/server.ts';
import { CameraFrameSource } from '../../main/simulator/frame-source.ts';
import { PART_WRAPPING } from '../../main/simulator/mjpeg-framing.ts';

const CAMERAS = Number(process.argv[2] ?? 64);
const SECONDS = Number(process.argv[3] ?? 10);
const FPS = 15;
const WARM_UP_MS = 2000;

// Raw sockets that send one request each and count what they receive.
const CLIENT_SCRIPT = `
import { connect } from 'node:net';
const [port, cameras] = process.argv.slice(-2).map(Number);
let bytes = 0;
for (let i = 1; i <= cameras; i++) {
  const s = connect(port, '127.0.0.1', () => s.write('GET /axis-cgi/mjpg/video.cgi?camera=' + i + ' HTTP/1.1\\r\\nHost: sim\\r\\n\\r\\n'));
  s.on('data', (d) => { bytes += d.length; });
  s.on('error', () => {});
}
process.on('message', () => { process.send({ bytes, cpu: process.cpuUsage(), at: performance.now() }); });
`;

function startClients(port: number): ChildProcess {
  return spawn(process.execPath, ['--input-type=module', '-e', CLIENT_SCRIPT, '--', String(port), String(CAMERAS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

async function clientReport(child: ChildProcess): Promise<{ bytes: number; cpu: NodeJS.CpuUsage; at: number }> {
  child.send('report');
  const [message] = await once(child, 'message');
  return message as { bytes: number; cpu: NodeJS.CpuUsage; at: number };
}

interface Measurement { cpuPercent: number; bytesPerSecond: number; clientCpuPercent: number; framesPerSecond: number; skippedPerSecond: number }

async function measure(port: number, frames: () => { sent: number; skipped: number } = () => ({ sent: 0, skipped: 0 })): Promise<Measurement> {
  const child = startClients(port);
  await new Promise((r) => setTimeout(r, WARM_UP_MS));
  const before = await clientReport(child);
  const framesBefore = frames();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const framesAfter = frames();
  const elapsed = (performance.now() - started) / 1000;
  const after = await clientReport(child);
  // The client's own clock spans its two reports.
  const clientElapsed = (after.at - before.at) / 1000;
  child.kill();
  await once(child, 'exit');
  const clientCpu = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6;
  return {
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
    bytesPerSecond: (after.bytes - before.bytes) / clientElapsed,
    clientCpuPercent: (clientCpu / clientElapsed) * 100,
    framesPerSecond: (framesAfter.sent - framesBefore.sent) / elapsed,
    skippedPerSecond: (framesAfter.skipped - framesBefore.skipped) / elapsed,
  };
}

/** The floor: the same bytes to the same sockets from one timer, nothing else. */
async function startFloorServer(): Promise<{ port: number; close(): Promise<void> }> {
  const part = new CameraFrameSource('640x480', 1).compose(1, Date.now(), PART_WRAPPING).bytes;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.once('data', () => { socket.write('HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=myboundary\r\n\r\n'); sockets.add(socket); });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  const timer = setInterval(() => { for (const s of sockets) if (!s.writableNeedDrain) s.write(part); }, 1000 / FPS);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => { clearInterval(timer); for (const s of sockets) s.destroy(); await new Promise((r) => server.close(r)); },
  };
}

const sim = await startSimulator({ cameras: CAMERAS, resolution: '640x480', fps: FPS });
const simulated = await measure(sim.port, () => ({ sent: sim.stats().framesSent, skipped: sim.stats().framesSkipped }));
await sim.close();

const floor = await startFloorServer();
const bare = await measure(floor.port);
await floor.close();

const mb = (n: number) => (n / 1e6).toFixed(1);
const expected = CAMERAS * FPS;
console.log(`simulator benchmark: ${CAMERAS} cameras, 640x480 @ ${FPS} fps, ${SECONDS} s, ${process.arch}, Node ${process.version}`);
console.log('| server | CPU % of one core | MB/s sent | client CPU % |');
console.log('|---|---|---|---|');
console.log(`| camwall simulator | ${simulated.cpuPercent.toFixed(1)} | ${mb(simulated.bytesPerSecond)} | ${simulated.clientCpuPercent.toFixed(1)} |`);
console.log(`| floor: pre-built part, bare net server | ${bare.cpuPercent.toFixed(1)} | ${mb(bare.bytesPerSecond)} | ${bare.clientCpuPercent.toFixed(1)} |`);
console.log(`simulator / floor CPU: ${(simulated.cpuPercent / bare.cpuPercent).toFixed(2)}x; ` +
  `simulator sent ${simulated.framesPerSecond.toFixed(0)} frames/s (${expected}/s asked), skipped ${simulated.skippedPerSecond.toFixed(1)}/s`);
