import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rendererRelativePath, resolveRendererFile } from '../../../main/app/renderer-files.ts';

test('rendererRelativePath accepts the files of the build and maps / to index.html', () => {
  assert.equal(rendererRelativePath('/'), 'index.html');
  assert.equal(rendererRelativePath('/app.js'), 'app.js');
  assert.equal(rendererRelativePath('/assets/a%20b.css'), 'assets/a b.css');
});

test('rendererRelativePath refuses traversal, dot files, odd bytes and unknown types', () => {
  for (const path of ['/../x.js', '/%2e%2e/x.js', '/..%2fx.js', '/a/..%5cx.js', '/.env.js', '/a//b.js', '/x.js%00',
    '/c:/x.js', '/%E0%A4%A.js', '/x.exe', '/x', `/${'a'.repeat(2000)}.js`]) {
    assert.equal(rendererRelativePath(path), null, path);
  }
});

test('resolveRendererFile serves files inside the folder and no symlink leading out', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'camwall-renderer-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'secret.js'), 'outside');
  symlinkSync(join(dir, 'secret.js'), join(root, 'leak.js'));
  assert.deepEqual(resolveRendererFile(root, 'index.html'), { path: join(root, 'index.html'), size: 15, type: 'text/html; charset=utf-8' });
  assert.equal(resolveRendererFile(root, 'leak.js'), null);
  assert.equal(resolveRendererFile(root, 'sub'), null);
  assert.equal(resolveRendererFile(root, 'missing.js'), null);
});
