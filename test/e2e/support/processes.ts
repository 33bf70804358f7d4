// Child processes the end-to-end tests and the wall benchmark drive: `camwall serve` (the browser
// shell, with a throw-away data folder) and `camwall simulate` (cameras to point it at). Each
// starts on port 0 and reports its address on stdout; `stop()` ends it and waits for the exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'main', 'cli', 'bin.ts');
const START_TIMEOUT_MS = 30_000;

export type Child = { process: ChildProcess; output: () => string; stop: () => Promise<void> };

/** Starts `node main/cli/bin.ts <args>` and resolves with the first stdout line `match` accepts. */
async function startCli<T>(args: string[], match: (line: string) => T | null, env?: Record<string, string>): Promise<{ child: Child; value: T }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  let output = '';
  const handle: Child = {
    process: child,
    output: () => output,
    stop: () => stopChild(child),
  };
  const value = await new Promise<T>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => fail(new Error(`${args[0]} printed nothing usable in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stopChild(child).then(() => reject(new Error(`${error.message}\n--- output ---\n${output}`)));
    };
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      let newline;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const found = match(line);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
    child.once('exit', (code) => fail(new Error(`${args[0]} exited with code ${code} before it was ready`)));
  });
  return { child: handle, value };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export type Serve = Child & { url: string; dataDir: string };

/**
 * `camwall serve` on a free port with a data folder of its own (kept when `dataDir` is given),
 * serving the built renderer or the pages in `renderer` (a benchmark's); `env` adds to its
 * environment (TZ).
 */
export async function startServe(options: { dataDir?: string; demo?: boolean; renderer?: string; env?: Record<string, string> } = {}): Promise<Serve> {
  if (!options.renderer && !existsSync(join(ROOT, 'dist', 'renderer', 'app.js'))) throw new Error('The renderer is not built: run `npm run build` first.');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'camwall-e2e-'));
  const args = ['serve', '--port', '0', '--data', dataDir, ...(options.demo ? ['--demo'] : []), ...(options.renderer ? ['--renderer', options.renderer] : [])];
  const { child, value } = await startCli(args, (line) => /Open (http:\/\/\S+)/.exec(line)?.[1] ?? null, options.env);
  return { ...child, url: value, dataDir };
}

/** `startedAtMs`: the simulator's start, the epoch of its scenes' cycles (main/simulator/scenes.ts). */
export type Simulator = Child & { port: number; urls: string[]; startedAtMs: number };

export async function startSimulator(args: string[]): Promise<Simulator> {
  const { child, value } = await startCli(['simulate', ...args], (line) => {
    if (!line.startsWith('{')) return null;
    return JSON.parse(line) as { port: number; urls: string[]; startedAtMs: number };
  });
  return { ...child, port: value.port, urls: value.urls, startedAtMs: value.startedAtMs };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
