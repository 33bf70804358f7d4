// `camwall serve`: the browser shell. Runs the core, serves the built renderer and the API
// WebSocket, prints the address to open (with its token), and runs until SIGINT or SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../app/data-dir.ts';
import { findPackageRoot, packageVersion } from '../app/package-info.ts';
import { isLoopbackAddress } from '../server/access.ts';
import { DEFAULT_HOST } from '../server/browser-server.ts';
import { serve } from '../server/serve.ts';
import { UsageError, formatUsage, parseArgs } from './args.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { readPasswordFile } from './camera-args.ts';
import { brokerUrlProblem } from '../../shared/integrations.ts';
import type { MqttOverride } from '../integrations/mqtt/mqtt-bridge.ts';

/** Environment variable read for the broker password when --mqtt-password-file is not given. */
export const MQTT_PASSWORD_ENV = 'CAMWALL_MQTT_PASSWORD';

const FLAGS = {
  host: { type: 'string', valueName: 'ADDR', description: `address to listen on (default ${DEFAULT_HOST}; anything else makes the wall reachable from the network)` },
  port: { type: 'number', integer: true, min: 0, max: 65_535, valueName: 'P', description: 'port (default 0: any free port)' },
  data: { type: 'string', valueName: 'DIR', description: 'data folder (default: the per-user application data folder)' },
  demo: { type: 'boolean', description: 'start the built-in simulator and add its cameras' },
  renderer: { type: 'string', valueName: 'DIR', description: 'serve this renderer build instead of dist/renderer (development, tests)' },
  mqtt: { type: 'string', valueName: 'URL', description: 'publish to this MQTT broker (mqtt://, mqtts://, ws://, wss://) for this run, over the MQTT settings' },
  'mqtt-user': { type: 'string', valueName: 'USER', description: 'the broker user' },
  'mqtt-password-file': { type: 'string', valueName: 'FILE', description: `the broker password: the first line of FILE (or $${MQTT_PASSWORD_ENV})` },
} as const;

/** Exit code when the server cannot start (renderer not built, port taken, database refused). */
const EXIT_START_FAILED = 1;

export async function run(argv: string[]): Promise<number> {
  const usage = formatUsage('serve', FLAGS);
  let flags;
  let mqtt: MqttOverride | undefined;
  try {
    // Before parsing, so the refusal says what to use instead (and never echoes the value).
    if (argv.some((arg) => arg === '--mqtt-password' || arg.startsWith('--mqtt-password='))) {
      throw new UsageError(`--mqtt-password is not accepted: a password on the command line is visible to every user in the process list. Use --mqtt-password-file FILE or $${MQTT_PASSWORD_ENV}`);
    }
    const parsed = parseArgs(argv, FLAGS);
    if (parsed.help) {
      console.log(usage);
      return EXIT_OK;
    }
    flags = parsed.flags;
    mqtt = mqttOverride(flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall serve: ${error.message}\n\n${usage}`);
    return EXIT_USAGE;
  }

  const root = findPackageRoot();
  const staticDir = flags.renderer !== undefined ? resolve(flags.renderer) : join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    const what = flags.renderer !== undefined ? `--renderer ${staticDir} has no index.html` : `the renderer is not built (no ${join(staticDir, 'index.html')}); run \`npm run build\` first`;
    console.error(`camwall serve: ${what}.`);
    return EXIT_START_FAILED;
  }
  const host = flags.host ?? DEFAULT_HOST;
  const dataDir = resolve(flags.data ?? defaultDataDir());
  let serving;
  try {
    serving = await serve({
      dataDir,
      staticDir,
      host,
      version: packageVersion(root),
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      demo: flags.demo,
      ...(mqtt ? { mqtt } : {}),
      log: (line) => console.error(`camwall serve: ${line}`),
    });
  } catch (error) {
    console.error(`camwall serve: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_START_FAILED;
  }
  if (!isLoopbackAddress(host)) {
    console.error(`camwall serve: WARNING: listening on ${host}: the wall is reachable from the network. Anyone with the token can watch and change the cameras; the connection is not encrypted.`);
  }
  if (serving.demo) console.error(`camwall serve: demo simulator on 127.0.0.1:${serving.demo.simulator.port} with ${serving.demo.cameras.length} cameras`);
  console.error(`camwall serve: data folder ${dataDir}`);
  // Listen for the signals BEFORE printing the URL: a script that stops serve as soon as it
  // reads the URL would otherwise hit the default action and kill it uncleanly.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log(`Camwall is running. Open ${serving.url}`);
  await stopped;
  await serving.close();
  return EXIT_OK;
}


/** The broker of --mqtt with its user and password, or undefined without --mqtt. */
function mqttOverride(flags: { mqtt?: string | undefined; 'mqtt-user'?: string | undefined; 'mqtt-password-file'?: string | undefined }): MqttOverride | undefined {
  if (flags.mqtt === undefined) {
    if (flags['mqtt-user'] !== undefined || flags['mqtt-password-file'] !== undefined) throw new UsageError('--mqtt-user and --mqtt-password-file need --mqtt URL');
    return undefined;
  }
  const problem = brokerUrlProblem(flags.mqtt);
  // The text may hold a password: say what is wrong without echoing it.
  if (problem !== null) throw new UsageError(`--mqtt ${problem}`);
  let password: string | null = null;
  if (flags['mqtt-password-file'] !== undefined) password = readPasswordFile(flags['mqtt-password-file'], '--mqtt-password-file');
  else if (process.env[MQTT_PASSWORD_ENV] !== undefined) password = process.env[MQTT_PASSWORD_ENV]!;
  if (password !== null && flags['mqtt-user'] === undefined) throw new UsageError('a broker password was given without --mqtt-user');
  return { url: flags.mqtt, username: flags['mqtt-user'] ?? null, password };
}
