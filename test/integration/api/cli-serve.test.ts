// `camwall serve` as a user runs it: a child process on a fresh data folder starts the demo
// (first start, empty registry), prints the URL with the token, serves the page, and exits 0 on
// SIGTERM. A second start re-points the demo cameras at the new simulator port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRegistry } from '../../../main/registry/registry.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';
import { dataFiles } from '../../../main/app/data-dir.ts';
import { readDemoState } from '../../../main/service/demo.ts';
import { staticDir, tempDir } from './helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'main', 'cli', 'bin.ts');
const START_TIMEOUT_MS = 30_000;

let dir: ReturnType<typeof tempDir>;
const children = new Set<ChildProcess>();

before(() => {
  dir = tempDir('api-cli');
});

after(() => {
  for (const child of children) child.kill('SIGKILL');
  dir?.remove();
});

type Started = { child: ChildProcess; url: string; stderr: () => string; exit: Promise<number | null> };

async function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    children.delete(child);
    if (signal !== null) stderr += `\n[ended by ${signal}]`;
    resolve(code);
  }));
  // Ready once the URL is on stdout and the start-up notes on stderr (two pipes, either first).
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)), START_TIMEOUT_MS);
    const check = (): void => {
      const match = /Open (http:\/\/\S+)/.exec(stdout);
      if (match && stderr.includes('data folder')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      check();
    });
    child.stderr!.on('data', check);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL; stderr: ${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr, exit };
}

test('camwall serve without a renderer build refuses to start and says why', async () => {
  const empty = join(dir.path, 'empty-renderer');
  mkdirSync(empty, { recursive: true });
  const child = spawn(process.execPath, [BIN, 'serve', '--data', join(dir.path, 'unbuilt'), '--renderer', empty], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /no index\.html/);
});

test('camwall serve starts the demo on a first start, serves the page, and re-points the demo on restart', async () => {
  const data = join(dir.path, 'data');
  mkdirSync(data, { recursive: true });
  const renderer = staticDir(dir.path);
  const first = await startCli(['--data', data, '--port', '0', '--renderer', renderer]);
  const token = new URL(first.url).searchParams.get('token');
  assert.match(token ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.equal(new URL(first.url).hostname, '127.0.0.1');
  const page = await fetch(first.url, { redirect: 'manual' });
  assert.equal(page.status, 303);
  assert.match(first.stderr(), /demo simulator on 127\.0\.0\.1:(\d+) with 6 cameras/);
  const firstPort = Number(/demo simulator on 127\.0\.0\.1:(\d+)/.exec(first.stderr())![1]);
  first.child.kill('SIGTERM');
  assert.equal(await first.exit, 0, `SIGTERM ends serve cleanly; stderr: ${first.stderr()}`);

  const files = dataFiles(data);
  if (process.platform !== 'win32') assert.equal(statSync(files.serveToken).mode & 0o777, 0o600, 'the token file is owner-only');
  const demoIds = readDemoState(files.demoState)?.cameraIds ?? [];
  assert.equal(demoIds.length, 6);

  const second = await startCli(['--data', data, '--renderer', renderer]);
  assert.equal(new URL(second.url).searchParams.get('token'), token, 'the token is kept across restarts');
  const secondPort = Number(/demo simulator on 127\.0\.0\.1:(\d+)/.exec(second.stderr())![1]);
  second.child.kill('SIGTERM');
  assert.equal(await second.exit, 0, `stderr: ${second.stderr()}`);
  if (secondPort !== firstPort) {
    const registry = openRegistry({ file: files.database, secrets: await KeyFileSecretStore.open(data) });
    try {
      const ports = demoIds.map((id) => registry.cameras.get(id)?.port);
      assert.deepEqual(ports, demoIds.map(() => secondPort), 'every demo camera points at the new simulator');
      assert.equal(registry.cameras.list().length, 6, 'no duplicates were added');
    } finally {
      registry.close();
    }
  }
});
