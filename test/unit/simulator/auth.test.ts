import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Authenticator, parseAuthParams, type AuthConfig } from '../../../main/simulator/auth.ts';

const config: AuthConfig = { mode: 'digest', user: 'u', password: 'p', realm: 'AXIS_TEST', nonceLifetimeMs: 60_000, rejectAll: false };

function answer(challenge: string, algorithm: 'MD5' | 'SHA-256' | 'SHA-256-sess', uri = '/x', password = 'p'): string {
  const h = (s: string) => createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  let ha1 = h(`u:AXIS_TEST:${password}`);
  if (algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${nonce}:c0ffee`);
  const response = h(`${ha1}:${nonce}:00000001:c0ffee:auth:${h(`GET:${uri}`)}`);
  return `Digest username="u", realm="AXIS_TEST", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="c0ffee", response="${response}"`;
}

function challengeOf(auth: Authenticator): string {
  const result = auth.check('GET', '/x', undefined);
  assert.equal(result.ok, false);
  return (result as { challenges: string[] }).challenges[0]!;
}

test('a correct Digest answer passes, for SHA-256, MD5 and SHA-256-sess', () => {
  const auth = new Authenticator(config);
  for (const algorithm of ['SHA-256', 'MD5', 'SHA-256-sess'] as const) {
    assert.deepEqual(auth.check('GET', '/x', answer(challengeOf(auth), algorithm)), { ok: true });
  }
});

test('an expired nonce with the right credentials is answered stale=true; wrong credentials are not', () => {
  let now = 1_000_000;
  const auth = new Authenticator(config, () => now);
  const challenge = challengeOf(auth);
  now += config.nonceLifetimeMs + 1;
  const stale = auth.check('GET', '/x', answer(challenge, 'SHA-256'));
  assert.equal(stale.ok, false);
  assert.ok((stale as { challenges: string[] }).challenges.every((c) => c.endsWith(', stale=true')));
  const wrong = auth.check('GET', '/x', answer(challenge, 'SHA-256', '/x', 'bad'));
  assert.ok((wrong as { challenges: string[] }).challenges.every((c) => !c.includes('stale')));
});

test('a nonce from another server, another method or a changed response fails', () => {
  const auth = new Authenticator(config);
  const foreign = challengeOf(new Authenticator(config));
  assert.equal(auth.check('GET', '/x', answer(foreign, 'SHA-256')).ok, false);
  const good = answer(challengeOf(auth), 'SHA-256');
  assert.equal(auth.check('POST', '/x', good).ok, false);
  assert.equal(auth.check('GET', '/x', good.replace(/response="(.)/, (_, c: string) => `response="${c === '0' ? '1' : '0'}`)).ok, false);
  assert.equal(auth.check('GET', '/x', good.replace('qop=auth', 'qop=auth-int')).ok, false);
});

test('Basic mode accepts exactly user:password', () => {
  const auth = new Authenticator({ ...config, mode: 'basic' });
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  assert.equal(auth.check('GET', '/', basic('u:p')).ok, true);
  assert.equal(auth.check('GET', '/', basic('u:p2')).ok, false);
  assert.equal(auth.check('GET', '/', basic('u:')).ok, false);
  assert.equal(auth.check('GET', '/', 'Bearer x').ok, false);
});

test('the rejectAll fault refuses even correct credentials', () => {
  const auth = new Authenticator({ ...config, rejectAll: true });
  assert.equal(auth.check('GET', '/x', answer(challengeOf(auth), 'SHA-256')).ok, false);
});

test('auth params: tokens, quoted strings with escapes, and malformed input', () => {
  assert.deepEqual(Object.fromEntries(parseAuthParams('a=1, B="x\\"y, z", c=""')!), { a: '1', b: 'x"y, z', c: '' });
  assert.equal(parseAuthParams('a="unterminated'), null);
  assert.equal(parseAuthParams('a=1, a=2'), null);
  assert.equal(parseAuthParams('novalue'), null);
});
