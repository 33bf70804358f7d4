// A Camwall core in its own process, recording one simulator camera continuously, for the crash
// test: the parent kills it with SIGKILL mid-segment. Usage: core-child.ts <dataDir> <simulatorPort>.
// Prints `camera <id>` once the camera is registered.
import { openTestCore, call, simulatedCamera } from './helpers.ts';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: core-child.ts <dataDir> <simulatorPort>');
const core = await openTestCore(dataDir, { segmentSeconds: 600 });
await call(core, 'settings.set', { patch: { minFreeDiskBytes: 0 } });
const camera = await call(core, 'cameras.add', { camera: { ...simulatedCamera(Number(port), 1, 'Crash'), recordMode: 'continuous' } });
process.stdout.write(`camera ${camera.id}\n`);
// Stay up until killed.
setInterval(() => {}, 60_000);
