import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler, isAppUrl, relativePathOf } from '../../../main/electron/protocol.ts';

const SECRET = 'root:x:0:0:SECRET-OUTSIDE-THE-APP';
let base: string;
let root: string;
let handle: ReturnType<typeof createAppProtocolHandler>;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'camwall-protocol-'));
  root = join(base, 'dist', 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Camwall</title>');
  writeFileSync(join(root, 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, '.env'), SECRET);
  writeFileSync(join(root, 'notes.txt'), SECRET);
  writeFileSync(join(base, 'passwd'), SECRET);
  writeFileSync(join(base, 'dist', 'secret.js'), SECRET);
  symlinkSync(join(base, 'dist', 'secret.js'), join(root, 'leak.js'));
  handle = createAppProtocolHandler(root);
});
after(() => rmSync(base, { recursive: true, force: true }));

async function get(url: string, method = 'GET') {
  const response = await handle(new Request(url, { method }));
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the app:// protocol handler', () => {
  it('serves the built renderer files with their type and the strict CSP', async () => {
    for (const [url, type, body] of [
      ['app://camwall/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Camwall</title>'],
      ['app://camwall/', 'text/html; charset=utf-8', '<!doctype html><title>Camwall</title>'],
      ['app://camwall/index.html?kiosk=1', 'text/html; charset=utf-8', '<!doctype html><title>Camwall</title>'],
      ['app://camwall/app.js', 'text/javascript; charset=utf-8', 'console.log("app")'],
      ['app://camwall/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://camwall/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ] as const) {
      const response = await get(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), type, url);
      assert.equal(response.body, body, url);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it('has exactly the policy the design asks for', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "img-src 'self' blob: data:",
      "style-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      assert.ok(CONTENT_SECURITY_POLICY.split('; ').includes(directive), directive);
    }
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
  });

  it('rejects path traversal in every spelling, with the CSP on the refusal too', async () => {
    for (const url of [
      'app://camwall/../../etc/passwd',
      'app://camwall/../passwd',
      'app://camwall/%2e%2e/%2e%2e/passwd',
      'app://camwall/%2E%2E/passwd',
      'app://camwall/..%2f..%2fpasswd',
      'app://camwall/..%2F..%2Fdist%2Fsecret.js',
      'app://camwall/assets/..%2f..%2f..%2fpasswd',
      'app://camwall/..%5c..%5cpasswd',
      'app://camwall/%252e%252e/passwd',
      'app://camwall/%2fetc%2fpasswd',
      'app://camwall//etc/passwd',
      'app://camwall/index.html%00.js',
      'app://camwall/%E0%A4%A',
    ]) {
      const response = await get(url);
      assert.equal(response.status, 404, url);
      assert.doesNotMatch(response.body, /SECRET/, url);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
    }
  });

  it('refuses dot files, unknown types, symlinks out of the folder, directories and other hosts', async () => {
    for (const url of ['app://camwall/.env', 'app://camwall/notes.txt', 'app://camwall/leak.js', 'app://camwall/assets', 'app://camwall/missing.js', 'app://other/index.html', 'app://camwall.evil.example/index.html']) {
      const response = await get(url);
      assert.equal(response.status, 404, url);
      assert.doesNotMatch(response.body, /SECRET/, url);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://camwall/app.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await get('app://camwall/app.js', 'POST')).status, 405);
  });

  it('maps URLs to relative paths only when they are safe', () => {
    assert.equal(relativePathOf('app://camwall/assets/logo.svg'), 'assets/logo.svg');
    assert.equal(relativePathOf('app://camwall/a%20b.js'), 'a b.js');
    assert.equal(relativePathOf('app://camwall/..%2fx.js'), null);
    assert.equal(relativePathOf('https://camwall/app.js'), null);
    assert.equal(relativePathOf('not a url'), null);
    assert.equal(relativePathOf('app://user:pw@camwall/index.html'), null);
  });
});

describe('isAppUrl', () => {
  it('accepts the app pages', () => {
    assert.equal(isAppUrl('app://camwall/index.html'), true);
    assert.equal(isAppUrl('app://camwall/index.html?kiosk=1#x'), true);
  });
  it('rejects everything else', () => {
    for (const url of ['https://evil.example/', 'file:///work/dist/renderer/index.html', 'app://camwall.evil.example/', 'app://evil/camwall/', 'app://x@camwall/', 'app://camwall:81/', 'http://camwall/', 'about:blank', '', 'app:camwall/index.html']) {
      assert.equal(isAppUrl(url), false, url);
    }
  });
});
