import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Authenticator, MAX_STALE_RETRIES } from '../../../main/stream/auth/authenticator.ts';
import { parseWwwAuthenticate } from '../../../main/stream/auth/www-authenticate.ts';
import { StreamError } from '../../../main/stream/errors.ts';

const creds = { username: 'root', password: 'pass word' };
const isAuthError = (pattern: RegExp) => (e: unknown) => e instanceof StreamError && e.kind === 'auth' && pattern.test(e.message) && !e.message.includes('pass word');

test('authenticator: nothing is sent before a challenge', () => {
  assert.equal(new Authenticator(creds).authorization('GET', '/'), undefined);
});

test('authenticator: prefers the strongest challenge across headers and within one', () => {
  const orders = [
    ['Basic realm="r"', 'Digest realm="r", nonce="1", qop=auth', 'Digest realm="r", nonce="2", qop=auth, algorithm=SHA-256-sess', 'Digest realm="r", nonce="3", qop=auth, algorithm=SHA-256'],
    ['Digest realm="r", nonce="3", qop=auth, algorithm=SHA-256, Digest realm="r", nonce="2", qop=auth, algorithm=SHA-256-sess, Basic realm="r"'],
  ];
  for (const headers of orders) {
    const a = new Authenticator(creds);
    a.onUnauthorized(headers);
    assert.equal(a.scheme, 'digest-sha256-sess');
    assert.equal(parseWwwAuthenticate(a.authorization('GET', '/') ?? '')[0]?.params.nonce, '2');
  }
  const md5sess = new Authenticator(creds);
  md5sess.onUnauthorized(['Digest realm="r", nonce="1", algorithm=MD5', 'Digest realm="r", nonce="1", algorithm=MD5-sess', 'Basic realm="r"']);
  assert.equal(md5sess.scheme, 'digest-md5-sess');
  const basic = new Authenticator(creds);
  basic.onUnauthorized(['Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=SHA-512-256']);
  assert.equal(basic.scheme, 'basic');
  assert.match(basic.authorization('GET', '/') ?? '', /^Basic /);
});

test('authenticator: a 401 without credentials says which scheme was asked for', () => {
  assert.throws(() => new Authenticator(null).onUnauthorized(['Digest realm="r", nonce="n", algorithm=SHA-256']), isAuthError(/requires a user name and password \(Digest SHA-256\)/));
});

test('authenticator: a second 401 that is not stale is a rejection', () => {
  const a = new Authenticator(creds);
  a.onUnauthorized(['Digest realm="r", nonce="n", qop=auth']);
  assert.throws(() => a.onUnauthorized(['Digest realm="r", nonce="m", qop=auth']), isAuthError(/rejected the user name or password \(Digest MD5\)/));
  const b = new Authenticator(creds);
  b.onUnauthorized(['Basic realm="r"']);
  assert.throws(() => b.onUnauthorized(['Basic realm="r", stale=true']), isAuthError(/rejected.*Basic/));
});

test('authenticator: stale=true is answered with the new nonce, a bounded number of times', () => {
  const a = new Authenticator(creds);
  a.onUnauthorized(['Digest realm="r", nonce="n0", qop=auth']);
  for (let i = 1; i <= MAX_STALE_RETRIES; i++) {
    a.onUnauthorized([`Digest realm="r", nonce="n${i}", qop=auth, stale=true`]);
    const sent = parseWwwAuthenticate(a.authorization('GET', '/') ?? '')[0]?.params;
    assert.equal(sent?.nonce, `n${i}`);
    assert.equal(sent?.nc, '00000001', 'a new nonce restarts the count');
  }
  assert.throws(() => a.onUnauthorized(['Digest realm="r", nonce="nx", qop=auth, stale=true']), isAuthError(/rejected/));
  a.onAuthorized();
});

test('authenticator: only unsupported schemes is an auth error naming them', () => {
  assert.throws(() => new Authenticator(creds).onUnauthorized(['Bearer realm="r"', 'Digest realm="r", nonce="n", qop="auth-int"']), isAuthError(/bearer scheme; Digest qop="auth-int"/));
  assert.throws(() => new Authenticator(creds).onUnauthorized([]), isAuthError(/no usable WWW-Authenticate/));
});

test('refuseBasic: a Basic-only challenge is refused before anything is sent; Digest next to Basic is still answered', () => {
  const auth = new Authenticator({ username: 'u', password: 'p' }, { refuseBasic: true });
  assert.throws(() => auth.onUnauthorized(['Basic realm="cam"']), (error: StreamError) => {
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /offers only Basic authentication, but it used Digest before/);
    return true;
  });
  assert.equal(auth.authorization('GET', '/'), undefined, 'no Basic header was prepared');
  const both = new Authenticator({ username: 'u', password: 'p' }, { refuseBasic: true });
  both.onUnauthorized(['Basic realm="cam"', 'Digest realm="cam", nonce="n1", qop="auth"']);
  assert.equal(both.scheme, 'digest-md5');
});
