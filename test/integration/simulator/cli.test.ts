import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from './stream-reader.ts';

const BIN = fileURLToPath(new URL('../../../main/cli/bin.ts', import.meta.url));

function camwall(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

test('camwall simulate prints one JSON line when ready, serves, and exits 0 on SIGTERM', async (t) => {
  const child = camwall(['simulate', '--cameras', '2', '--resolution', '320x240', '--fps', '10', '--fault', 'cam=2:drop:1']);
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string];
  const ready = JSON.parse(line) as { port: number; cameras: number; urls: string[] };
  assert.equal(ready.cameras, 2);
  assert.deepEqual(ready.urls, [1, 2].map((n) => `http://127.0.0.1:${ready.port}/axis-cgi/mjpg/video.cgi?camera=${n}`));
  const stream = await request(ready.port, '/axis-cgi/mjpg/video.cgi?camera=1&nbrofframes=2');
  assert.equal(await stream.closed, 'end');
  assert.equal(stream.parts().length, 2);
  const dropped = await request(ready.port, '/axis-cgi/mjpg/video.cgi?camera=2');
  await dropped.closed;
  assert.equal(dropped.parts().length, 1, 'the --fault reached camera 2');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('camwall simulate rejects a malformed fault with exit code 2 and says why', async () => {
  const child = camwall(['simulate', '--fault', 'drop:zero']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /fault 'drop:zero': the frame count must be a whole number/);
});

test('camwall simulate refuses digest auth without a password, without echoing secrets', async () => {
  const child = camwall(['simulate', '--auth', 'digest', '--user', 'admin']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /auth digest needs a user and a password/);
});
