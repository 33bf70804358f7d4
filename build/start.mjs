// `npm start`: runs the Electron app, fetching Electron's binary on the first start (Electron 42+
// no longer downloads it at install). Where the binary cannot be had (no internet) or there is no
// display to open a window on, it says so plainly and starts the browser shell with demo cameras
// instead, so the first command of the README shows a live wall on any machine.
// Arguments after `npm start --` go to the app (e.g. `npm start -- --kiosk`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const FETCH_TIMEOUT_MS = 10 * 60 * 1000;

function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile) || !existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')))) {
    console.log('Fetching the Electron binary (first start only)...');
    const fetched = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      timeout: FETCH_TIMEOUT_MS,
    });
    if (fetched.status !== 0) {
      const reason = (fetched.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
      return { error: `Electron's binary could not be downloaded (${reason.trim()}): is this machine offline?` };
    }
  }
  return { path: join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')) };
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env, cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// The core needs Node 22 (better-sqlite3 13, undici 8). Under npm the `node@22` devDependency is
// first on the PATH; when this script is run by hand with an older Node, use that binary.
function node22() {
  const local = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  return Number(process.versions.node.split('.')[0]) < 22 && existsSync(local) ? local : process.execPath;
}

function startBrowserShell(why) {
  console.log(`${why}\nStarting the browser shell with demo cameras instead: open the URL it prints below.\n`);
  run(node22(), [join(root, 'dist/node/camwall.js'), 'serve', '--demo']);
}

const electron = hasDisplay() ? electronBinary() : { error: 'There is no display to open a window on.' };
if (electron.path) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, [root, ...args], env);
} else {
  startBrowserShell(electron.error);
}
