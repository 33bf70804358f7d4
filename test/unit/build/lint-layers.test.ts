import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../build/lint-layers.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('../../fixtures/layering', import.meta.url));

test('layering lint rejects Node in shared/, electron, main/ and innerHTML in renderer/', () => {
  const run = spawnSync(process.execPath, [script, fixture], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /shared\/bad\.ts: imports 'node:fs': shared\/ may not import Node built-ins/);
  assert.match(run.stderr, /renderer\/bad\.ts: imports 'electron': only main\/electron\/ may import electron/);
  assert.match(run.stderr, /renderer\/bad\.ts: imports '\.\.\/main\/stream\/ok\.ts': renderer\/ may not import main\//);
  assert.match(run.stderr, /renderer\/bad\.ts: uses 'innerHTML': renderer\/ may not write HTML from strings/);
  assert.doesNotMatch(run.stderr, /ok\.ts:/);
});

test('layering lint passes the project itself', () => {
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});
