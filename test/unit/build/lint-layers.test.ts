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

test('layering lint holds main/ to its layer table: no folder imports one above it, and every folder is listed', () => {
  const run = spawnSync(process.execPath, [script, fixture], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /main\/stream\/leaks\.ts: imports '\.\.\/recording\/uses-stream\.ts': main\/stream\/ may not import main\/recording\/ \(it may import main\/base\/\)/);
  assert.match(run.stderr, /main\/base\/clock\.ts: imports '\.\.\/stream\/ok\.ts': main\/base\/ may not import main\/stream\/ \(it may import no other folder of main\/\)/);
  assert.match(run.stderr, /main\/gadgets\/thing\.ts: imports '\.\.\/stream\/ok\.ts': main\/gadgets\/ is not in MAIN_LAYERS/);
  assert.doesNotMatch(run.stderr, /uses-stream\.ts:/, 'a higher layer may import a lower one and shared/');
});

test('layering lint passes the project itself', () => {
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});
