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

const FLAGS = {
  host: { type: 'string', valueName: 'ADDR', description: `address to listen on (default ${DEFAULT_HOST}; anything else makes the wall reachable from the network)` },
  port: { type: 'number', integer: true, min: 0, max: 65_535, valueName: 'P', description: 'port (default 0: any free port)' },
  data: { type: 'string', valueName: 'DIR', description: 'data folder (default: the per-user application data folder)' },
  demo: { type: 'boolean', description: 'start the built-in simulator and add its cameras' },
  renderer: { type: 'string', valueName: 'DIR', description: 'serve this renderer build instead of dist/renderer (development, tests)' },
} as const;

/** Exit code when the server cannot start (renderer not built, port taken, database refused). */
const EXIT_START_FAILED = 1;

export async function run(argv: string[]): Promise<number> {
  const usage = formatUsage('serve', FLAGS);
  let flags;
  try {
    const parsed = parseArgs(argv, FLAGS);
    if (parsed.help) {
      console.log(usage);
      return EXIT_OK;
    }
    flags = parsed.flags;
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

