// A private two-host network for tests that multicast: two network namespaces joined by a veth
// pair, a "scanner" side (198.51.100.1) and a "camera" side (198.51.100.10 and .20), each with
// loopback up and a multicast route on its end of the pair. Each namespace is held open by a
// `sleep` started with `unshare --net` and dies with it, so nothing outlives the test; every
// command runs inside with `nsenter --net`. NOTHING here touches the machine's own network: the
// namespaces are checked to differ from the test's own before any `ip` command runs in them.
//
// Needs Linux, root (as the build machines and CI run) and util-linux's unshare/nsenter plus
// iproute2's ip. `lanUnavailable()` says why not, for a test's skip message.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readlinkSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.ts';

const run = promisify(execFile);

export const SCANNER_ADDRESS = '198.51.100.1';
export const CAMERA_ADDRESS = '198.51.100.10';
export const SECOND_CAMERA_ADDRESS = '198.51.100.20';
const PREFIX = 24;

/** Why these tests cannot run here, or null when they can. */
export function lanUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating network namespaces and veth pairs needs root (CI runs as root)';
  for (const tool of ['unshare', 'nsenter', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) return `'${tool}' is not installed (util-linux, iproute2)`;
  }
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unshare --net fails here: ${(probe.stderr || probe.error?.message || '').trim()}`;
  return null;
}

export type Namespace = {
  /** The pid whose network namespace this is (the holder). */
  readonly pid: number;
  /** Runs a command inside the namespace and resolves with its output; rejects on a non-zero exit. */
  exec(command: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Starts a command inside the namespace. */
  spawn(command: string[], options?: { env?: Record<string, string>; cwd?: string }): ChildProcess;
  /** The argv prefix that runs a command inside the namespace (for tools that take a command). */
  readonly enter: string[];
};

export type Lan = { scanner: Namespace; camera: Namespace; close(): Promise<void> };

const ownNetNs = (): string => readlinkSync('/proc/self/ns/net');

async function holdNamespace(holders: ChildProcess[]): Promise<Namespace> {
  const holder = spawn('unshare', ['--net', '--', 'sleep', '900'], { stdio: 'ignore' });
  holders.push(holder);
  const pid = holder.pid;
  if (pid === undefined) throw new Error('unshare did not start');
  const mine = ownNetNs();
  // unshare creates the namespace, then execs sleep: only then is it safe to enter. Entering
  // earlier would run the `ip` commands in the machine's own namespace.
  await waitFor(
    () => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep' && readlinkSync(`/proc/${pid}/ns/net`) !== mine;
      } catch {
        return false;
      }
    },
    { what: `the network namespace of unshare (pid ${pid})`, timeoutMs: 20_000 },
  );
  const enter = ['nsenter', `--target=${pid}`, '--net', '--'];
  const checked = () => {
    if (holder.exitCode !== null || holder.signalCode !== null) throw new Error(`the namespace holder ${pid} has exited`);
    if (readlinkSync(`/proc/${pid}/ns/net`) === mine) throw new Error(`pid ${pid} is in this process's own network namespace: refusing to run in it`);
  };
  return {
    pid,
    enter,
    exec: async (command) => {
      checked();
      return run(enter[0] as string, [...enter.slice(1), ...command], { encoding: 'utf8' });
    },
    spawn: (command, options = {}) => {
      checked();
      return spawn(enter[0] as string, [...enter.slice(1), ...command], {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.cwd ? { cwd: options.cwd } : {}),
        env: { ...process.env, ...options.env },
      });
    },
  };
}

/** The two namespaces wired up; `close()` ends them (and with them the veth pair). */
export async function createLan(): Promise<Lan> {
  const holders: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(
      holders.map(
        (holder) =>
          new Promise<void>((resolve) => {
            if (holder.exitCode !== null || holder.signalCode !== null) return resolve();
            holder.once('exit', () => resolve());
            holder.kill('SIGKILL');
          }),
      ),
    );
  };
  try {
    const scanner = await holdNamespace(holders);
    const camera = await holdNamespace(holders);
    await scanner.exec(['ip', 'link', 'add', 'cw-scan', 'type', 'veth', 'peer', 'name', 'cw-cam', 'netns', String(camera.pid)]);
    for (const [ns, device, addresses] of [
      [scanner, 'cw-scan', [SCANNER_ADDRESS]],
      [camera, 'cw-cam', [CAMERA_ADDRESS, SECOND_CAMERA_ADDRESS]],
    ] as const) {
      await ns.exec(['ip', 'link', 'set', 'lo', 'up']);
      for (const address of addresses) await ns.exec(['ip', 'addr', 'add', `${address}/${PREFIX}`, 'dev', device]);
      await ns.exec(['ip', 'link', 'set', device, 'up']);
      await ns.exec(['ip', 'route', 'add', '224.0.0.0/4', 'dev', device]);
    }
    return { scanner, camera, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resolves with the first stdout line of `child` that `match` accepts (rejects if it exits first). */
export function lineFrom<T>(child: ChildProcess, match: (line: string) => T | null, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what}: nothing after ${timeoutMs} ms\n${output}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      let newline;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const found = match(pending.slice(0, newline).trim());
        pending = pending.slice(newline + 1);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: exited with ${code} first\n${output}`));
    });
  });
}
