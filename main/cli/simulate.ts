// `camwall simulate`: runs the virtual Axis video encoder until SIGINT/SIGTERM, after printing
// one JSON line ({"port","cameras","urls"}) that scripts and tests wait for.

import { UsageError, formatUsage, parseArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { MAX_CAMERAS, parseFault, type FaultSpec } from '../simulator/faults.ts';
import { DEFAULT_CAMERAS, DEFAULT_FPS, DEFAULT_RESOLUTION, MAX_FPS, startSimulator } from '../simulator/server.ts';
import { SCENE_LAYERS, parseScene, type SceneSpec } from '../simulator/scenes.ts';
import type { AuthMode } from '../simulator/auth.ts';

const FLAGS = {
  host: { type: 'string', valueName: 'ADDR', description: 'address to listen on (default 127.0.0.1)' },
  port: { type: 'number', integer: true, min: 0, max: 65_535, valueName: 'P', description: 'port (default 0: any free port)' },
  cameras: { type: 'number', integer: true, min: 1, max: MAX_CAMERAS, description: `channels (default ${DEFAULT_CAMERAS})` },
  resolution: { type: 'string', valueName: 'WxH', description: `default resolution (default ${DEFAULT_RESOLUTION})` },
  fps: { type: 'number', min: 0.1, max: MAX_FPS, valueName: 'F', description: `frames per second (default ${DEFAULT_FPS})` },
  auth: { type: 'string', valueName: 'none|basic|digest', description: 'authentication (default none)' },
  user: { type: 'string', valueName: 'U', description: 'user name when --auth is basic or digest' },
  password: { type: 'string', valueName: 'P', description: 'password when --auth is basic or digest' },
  fault: { type: 'string', multiple: true, valueName: 'SPEC', description: '[cam=N:]drop:N|stall:N|503:N|reboot:S/T|corrupt:N|drip:BPS|resize:N/WxH|401' },
  scene: { type: 'string', multiple: true, valueName: 'SPEC', description: `[cam=N:]LAYER[+LAYER...], LAYER ${SCENE_LAYERS.join('|')}: a scene with known motion instead of the usual picture` },
} as const;

const AUTH_MODES: readonly AuthMode[] = ['none', 'basic', 'digest'];

export async function run(argv: string[]): Promise<number> {
  const usage = formatUsage('simulate', FLAGS);
  let options;
  try {
    const { flags, help } = parseArgs(argv, FLAGS);
    if (help) { console.log(usage); return EXIT_OK; }
    const auth = flags.auth ?? 'none';
    if (!(AUTH_MODES as readonly string[]).includes(auth)) throw new UsageError(`--auth must be none, basic or digest, not '${auth}'`);
    let faults: FaultSpec[];
    try { faults = flags.fault.map(parseFault); } catch (error) { throw new UsageError((error as Error).message); }
    let scenes: SceneSpec[];
    try { scenes = flags.scene.map(parseScene); } catch (error) { throw new UsageError((error as Error).message); }
    options = {
      ...(flags.host !== undefined && { host: flags.host }),
      ...(flags.port !== undefined && { port: flags.port }),
      ...(flags.cameras !== undefined && { cameras: flags.cameras }),
      ...(flags.resolution !== undefined && { resolution: flags.resolution }),
      ...(flags.fps !== undefined && { fps: flags.fps }),
      ...(flags.user !== undefined && { user: flags.user }),
      ...(flags.password !== undefined && { password: flags.password }),
      auth: auth as AuthMode,
      faults,
      scenes,
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall simulate: ${error.message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  let simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    // Bad option combinations (auth without a password, a fault aimed past the last camera,
    // an unsupported resolution) and listen errors such as EADDRINUSE land here.
    console.error(`camwall simulate: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  console.log(JSON.stringify({ port: simulator.port, cameras: simulator.urls.length, urls: simulator.urls, startedAtMs: simulator.startedAtMs }));
  const running = simulator;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT_OK;
}
