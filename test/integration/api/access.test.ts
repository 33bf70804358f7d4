// Who gets in: the token (cookie, or ?token= once), the Origin of the WebSocket, the Host of
// every request; the headers every page carries; and messages a hostile client may send.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Serving } from '../../../main/server/serve.ts';
import { cookieName } from '../../../main/server/access.ts';
import { MAX_CLIENT_MESSAGE_BYTES } from '../../../shared/api/wire.ts';
import { startServe, tempDir, TestClient, tokenOf } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let serving: Serving;

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serving.server.port, path, method, headers: { host: `127.0.0.1:${serving.server.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = (): Record<string, string> => ({ cookie: `${cookieName(serving.server.port)}=${tokenOf(serving)}` });

before(async () => {
  dir = tempDir('api-access');
  serving = await startServe(dir.path);
});

after(async () => {
  await serving?.close();
  dir?.remove();
});

describe('the page', () => {
  test('without the token it is refused and says how to get in', async () => {
    const answer = await get('/');
    assert.equal(answer.status, 401);
    assert.match(answer.body, /\?token=/);
    assert.doesNotMatch(answer.body, new RegExp(tokenOf(serving)));
  });

  test('a wrong token is refused', async () => {
    assert.equal((await get('/?token=wrong')).status, 401);
    assert.equal((await get('/', { cookie: `${cookieName(serving.server.port)}=${'x'.repeat(43)}` })).status, 401);
  });

  test('?token= trades the token for an HttpOnly SameSite=Strict cookie and leaves the address bar', async () => {
    const answer = await get(`/?token=${tokenOf(serving)}`);
    assert.equal(answer.status, 303);
    assert.equal(answer.headers['location'], '/');
    const setCookie = String(answer.headers['set-cookie']);
    assert.match(setCookie, new RegExp(`^${cookieName(serving.server.port)}=`));
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
  });

  test('regression: the ?token= redirect goes to a path on this server, never to another host', async () => {
    const answer = await get(`/.//evil.example/?token=${tokenOf(serving)}`);
    assert.equal(answer.status, 303);
    assert.equal(answer.headers['location'], '/evil.example/');
    for (const path of ['//evil.example/', '/%2F%2Fevil.example', '/\\evil.example/x', '/.///evil.example', '/recordings']) {
      const other = await get(`${path}?token=${tokenOf(serving)}&a=1`);
      assert.equal(other.status, 303, path);
      assert.match(String(other.headers['location']), /^\/(?![/\\])/, `${path} redirects to ${other.headers['location']}`);
    }
  });

  test('with the cookie it is served with strict security headers', async () => {
    const answer = await get('/', cookie());
    assert.equal(answer.status, 200);
    assert.match(answer.body, /test page/);
    const csp = String(answer.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /img-src 'self' blob: data:/);
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${serving.server.port}`));
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['referrer-policy'], 'no-referrer');
  });

  test('even refusals carry the security headers', async () => {
    const answer = await get('/');
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.ok(answer.headers['content-security-policy']);
  });

  test('paths outside the renderer folder are not served', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.hidden.js', '/missing.js']) {
      assert.equal((await get(path, cookie())).status, 404, path);
    }
  });

  test('only GET and HEAD', async () => {
    assert.equal((await get('/', cookie(), 'POST')).status, 405);
    assert.equal((await get('/', cookie(), 'HEAD')).status, 200);
  });

  test('a foreign Host (DNS rebinding) is refused', async () => {
    assert.equal((await get('/', { ...cookie(), host: `evil.example:${serving.server.port}` })).status, 421);
    assert.equal((await get('/', { ...cookie(), host: `127.0.0.1:1` })).status, 421);
  });
});

describe('the WebSocket', () => {
  test('is accepted with the token cookie and the page\'s own Origin', async () => {
    assert.equal(await TestClient.attempt(serving), 101);
    assert.equal(await TestClient.attempt(serving, { host: `localhost:${serving.server.port}` }), 101);
  });

  test('is refused without the token', async () => {
    assert.equal(await TestClient.attempt(serving, { token: null }), 401);
    assert.equal(await TestClient.attempt(serving, { token: 'not-the-token' }), 401);
  });

  test('is refused from another Origin, or with none', async () => {
    assert.equal(await TestClient.attempt(serving, { origin: 'http://evil.example' }), 403);
    assert.equal(await TestClient.attempt(serving, { origin: `http://127.0.0.1:${serving.server.port + 1}` }), 403);
    assert.equal(await TestClient.attempt(serving, { origin: `https://127.0.0.1:${serving.server.port}` }), 403);
    assert.equal(await TestClient.attempt(serving, { origin: null }), 403);
  });

  test('is refused on another path or a foreign Host', async () => {
    assert.equal(await TestClient.attempt(serving, { path: '/other' }), 403);
    assert.equal(await TestClient.attempt(serving, { host: `evil.example:${serving.server.port}` }), 403);
  });
});

describe('hostile messages', () => {
  test('bad JSON, unknown message types and wrong types get a clear error; the connection lives on', async () => {
    const client = await TestClient.connect(serving);
    try {
      client.send('{this is not json');
      const notJson = await client.waitFor((m) => m.t === 'protocol-error');
      assert.match((notJson as { message: string }).message, /not valid JSON/);

      client.send({ t: 'launch', missiles: true });
      await client.until(() => (client.messages.filter((m) => m.t === 'protocol-error').length >= 2 ? true : undefined), 10_000, 'second protocol error');

      client.send({ t: 'call', id: 7, name: 42, args: {} });
      const wrongType = await client.waitFor((m) => m.t === 'result' && m.id === 7);
      assert.equal((wrongType as { result: { ok: boolean } }).result.ok, false);

      client.send({ t: 'subscribe', sub: 1, cameraId: 'cam-nothere1', stream: 'main' });
      const ended = await client.waitFor((m) => m.t === 'subscription-ended');
      assert.match((ended as { reason: string }).reason, /no camera/i);

      client.socket.send(Buffer.from([1, 2, 3]));
      await client.until(() => (client.messages.filter((m) => m.t === 'protocol-error').length >= 3 ? true : undefined), 10_000, 'binary refused');

      const info = await client.call('app.info');
      assert.equal(info.ok, true, 'still answering after all that');
    } finally {
      client.close();
    }
  });

  test('an oversized message closes that connection (1009) and the server keeps serving', async () => {
    const client = await TestClient.connect(serving);
    const closed = client.closed();
    client.send(JSON.stringify({ t: 'call', id: 1, name: 'cameras.import', args: { json: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1) } }));
    assert.equal(await closed, 1009);
    const next = await TestClient.connect(serving);
    try {
      assert.equal((await next.call('app.info')).ok, true);
    } finally {
      next.close();
    }
  });
});
