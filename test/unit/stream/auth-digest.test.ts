import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DigestSession, digestResponse, readDigestChallenge, type DigestChallenge } from '../../../main/stream/auth/digest.ts';
import { parseWwwAuthenticate } from '../../../main/stream/auth/www-authenticate.ts';

// RFC 7616 section 3.9.1, "Example with SHA-256 and MD5".
const RFC = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  uri: '/dir/index.html',
};
const RFC_RESPONSE_MD5 = '8ca523f5e9506fed4657c9700eebdbec';
const RFC_RESPONSE_SHA256 = '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1';

function challengeFrom(header: string): DigestChallenge {
  const [c] = parseWwwAuthenticate(header);
  assert.ok(c);
  const read = readDigestChallenge(c);
  assert.ok(read.ok, read.ok ? '' : read.reason);
  return read.challenge;
}

function param(header: string, name: string): string | undefined {
  const [c] = parseWwwAuthenticate(header);
  return c?.params[name];
}

for (const [algorithm, expected] of [['MD5', RFC_RESPONSE_MD5], ['SHA-256', RFC_RESPONSE_SHA256]] as const) {
  test(`digest: RFC 7616 3.9.1 ${algorithm} response`, () => {
    assert.equal(
      digestResponse({ algorithm, ...RFC, nc: '00000001', qop: 'auth', method: 'GET' }),
      expected,
    );
  });

  test(`digest: RFC 7616 3.9.1 ${algorithm} Authorization header from the RFC's challenge`, () => {
    const challenge = challengeFrom(
      `Digest realm="${RFC.realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="${RFC.nonce}", opaque="${RFC.opaque}"`,
    );
    const header = new DigestSession(challenge, RFC.username, RFC.password).authorization('GET', RFC.uri, RFC.cnonce);
    assert.match(header, /^Digest /);
    assert.equal(param(header, 'response'), expected);
    assert.equal(param(header, 'username'), 'Mufasa');
    assert.equal(param(header, 'uri'), RFC.uri);
    assert.equal(param(header, 'nc'), '00000001');
    assert.equal(param(header, 'qop'), 'auth');
    assert.equal(param(header, 'cnonce'), RFC.cnonce);
    assert.equal(param(header, 'opaque'), RFC.opaque, 'opaque is echoed');
    assert.equal(param(header, 'algorithm'), algorithm);
  });
}

test('digest: nc counts up per request on one nonce, cnonce is fresh each time', () => {
  const session = new DigestSession(challengeFrom(`Digest realm="r", nonce="n", qop=auth, algorithm=SHA-256`), 'u', 'p');
  const first = session.authorization('GET', '/a');
  const second = session.authorization('GET', '/a');
  assert.equal(param(first, 'nc'), '00000001');
  assert.equal(param(second, 'nc'), '00000002');
  assert.notEqual(param(first, 'cnonce'), param(second, 'cnonce'));
  assert.match(param(first, 'cnonce') ?? '', /^[0-9a-f]{32}$/);
});

test('digest: -sess folds nonce and cnonce into HA1 (RFC 7616 3.4.2)', () => {
  const h = (alg: string, s: string) => createHash(alg).update(s, 'utf8').digest('hex');
  for (const [algorithm, node] of [['MD5-sess', 'md5'], ['SHA-256-sess', 'sha256']] as const) {
    const ha1 = h(node, `${h(node, 'u:r:p w:d')}:n:c`);
    const ha2 = h(node, 'GET:/x');
    const want = h(node, `${ha1}:n:00000001:c:auth:${ha2}`);
    assert.equal(
      digestResponse({ algorithm, username: 'u', password: 'p w:d', realm: 'r', nonce: 'n', cnonce: 'c', nc: '00000001', qop: 'auth', method: 'GET', uri: '/x' }),
      want,
    );
  }
});

test('digest: RFC 2069 challenge without qop leaves nc, cnonce and qop out', () => {
  const challenge = challengeFrom('Digest realm="r", nonce="n"');
  assert.equal(challenge.algorithm, 'MD5');
  assert.equal(challenge.qop, null);
  const header = new DigestSession(challenge, 'u', 'p').authorization('GET', '/x');
  assert.equal(param(header, 'nc'), undefined);
  assert.equal(param(header, 'qop'), undefined);
  const h = (s: string) => createHash('md5').update(s).digest('hex');
  assert.equal(param(header, 'response'), h(`${h('u:r:p')}:n:${h('GET:/x')}`));
});

test('digest: non-ASCII user name goes in username* (RFC 7616 3.9.2 encoding)', () => {
  const session = new DigestSession(challengeFrom('Digest realm="api@example.org", nonce="n", qop=auth, algorithm=SHA-256'), 'Jäsøn Doe', 'Secret, or not?');
  const header = session.authorization('GET', '/doe.json');
  assert.match(header, /username\*=UTF-8''J%C3%A4s%C3%B8n%20Doe,/);
  assert.doesNotMatch(header, /username="/);
});

test('digest: userhash=true sends H(user:realm) and keeps the real user in HA1', () => {
  const challenge = challengeFrom('Digest realm="api@example.org", nonce="n", qop=auth, algorithm=SHA-256, userhash=true');
  const header = new DigestSession(challenge, 'Jäsøn Doe', 'pw').authorization('GET', '/doe.json', 'c');
  assert.equal(param(header, 'username'), createHash('sha256').update('Jäsøn Doe:api@example.org', 'utf8').digest('hex'));
  assert.equal(param(header, 'userhash'), 'true');
  assert.equal(
    param(header, 'response'),
    digestResponse({ algorithm: 'SHA-256', username: 'Jäsøn Doe', password: 'pw', realm: 'api@example.org', nonce: 'n', cnonce: 'c', nc: '00000001', qop: 'auth', method: 'GET', uri: '/doe.json' }),
  );
});

test('digest: quotes and backslashes in a user name are escaped and read back intact', () => {
  const header = new DigestSession(challengeFrom('Digest realm="r", nonce="n", qop=auth'), 'a"b\\c', 'p').authorization('GET', '/');
  assert.equal(param(header, 'username'), 'a"b\\c');
});

test('digest: unsupported algorithm or qop is reported, not guessed', () => {
  const [sha512] = parseWwwAuthenticate('Digest realm="r", nonce="n", algorithm=SHA-512-256');
  const [authInt] = parseWwwAuthenticate('Digest realm="r", nonce="n", qop="auth-int"');
  const [noNonce] = parseWwwAuthenticate('Digest realm="r"');
  assert.ok(sha512 && authInt && noNonce);
  assert.match((readDigestChallenge(sha512) as { reason: string }).reason, /SHA-512-256/);
  assert.match((readDigestChallenge(authInt) as { reason: string }).reason, /qop="auth-int"/);
  assert.equal(readDigestChallenge(noNonce).ok, false);
});

test('digest: algorithm names and stale are read case-insensitively', () => {
  const c = challengeFrom('DIGEST Realm="r", NONCE="n", Algorithm=sha-256-SESS, Stale=TRUE, QOP="Auth"');
  assert.equal(c.algorithm, 'SHA-256-sess');
  assert.equal(c.stale, true);
  assert.equal(c.qop, 'auth');
});
