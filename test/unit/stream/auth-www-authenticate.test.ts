import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CHALLENGE_HEADER_CHARS, parseWwwAuthenticate, type Challenge } from '../../../main/stream/auth/www-authenticate.ts';

const plain = (challenges: Challenge[]) => challenges.map((c) => ({ ...c, params: { ...c.params } }));

const cases: Array<[string, string | string[], Array<{ scheme: string; params?: Record<string, string>; token68?: string }>]> = [
  ['one Basic challenge', 'Basic realm="cam"', [{ scheme: 'basic', params: { realm: 'cam' } }]],
  ['RFC 9110 example: two challenges in one header, escaped quote, comma inside quotes',
    'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple, really"',
    [{ scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } }, { scheme: 'basic', params: { realm: 'simple, really' } }]],
  ['several headers', ['Digest realm="a", nonce="1", algorithm=SHA-256', 'Digest realm="a", nonce="2"', 'Basic realm="a"'],
    [{ scheme: 'digest', params: { realm: 'a', nonce: '1', algorithm: 'SHA-256' } }, { scheme: 'digest', params: { realm: 'a', nonce: '2' } }, { scheme: 'basic', params: { realm: 'a' } }]],
  ['scheme and parameter names in any case', 'DiGeSt REALM="x", Nonce="y"', [{ scheme: 'digest', params: { realm: 'x', nonce: 'y' } }]],
  ['spaces around = and empty list elements', 'Digest realm = "x" , , nonce=y,,', [{ scheme: 'digest', params: { realm: 'x', nonce: 'y' } }]],
  ['missing commas between parameters (seen on cameras)', 'Digest realm="x" nonce="y" qop="auth"', [{ scheme: 'digest', params: { realm: 'x', nonce: 'y', qop: 'auth' } }]],
  ['token68', 'Negotiate YIIB3wYGKwYBBQUCoIIB0zCCAc+gMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCq==, Basic realm="r"',
    [{ scheme: 'negotiate', token68: 'YIIB3wYGKwYBBQUCoIIB0zCCAc+gMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCq==' }, { scheme: 'basic', params: { realm: 'r' } }]],
  ['bare schemes', 'Basic, Bearer', [{ scheme: 'basic' }, { scheme: 'bearer' }]],
  ['the first duplicate parameter wins', 'Digest nonce="a", nonce="b", realm=r', [{ scheme: 'digest', params: { nonce: 'a', realm: 'r' } }]],
  ['unterminated quoted string keeps its text', 'Basic realm="open', [{ scheme: 'basic', params: { realm: 'open' } }]],
  ['empty quoted value', 'Digest realm="", nonce="n"', [{ scheme: 'digest', params: { realm: '', nonce: 'n' } }]],
  ['non-ASCII realm', 'Basic realm="Kamera Süd", charset="UTF-8"', [{ scheme: 'basic', params: { realm: 'Kamera Süd', charset: 'UTF-8' } }]],
  ['garbage after a good challenge is dropped', 'Basic realm="a", @@@', [{ scheme: 'basic', params: { realm: 'a' } }]],
  ['empty and missing headers', ['', '  ,  '], []],
];

for (const [name, input, expected] of cases) {
  test(`www-authenticate: ${name}`, () => {
    const got = plain(parseWwwAuthenticate(input));
    assert.deepEqual(got, expected.map((e) => ({ scheme: e.scheme, params: e.params ?? {}, ...(e.token68 ? { token68: e.token68 } : {}) })));
  });
}

test('www-authenticate: null and undefined give no challenges', () => {
  assert.deepEqual(parseWwwAuthenticate(null), []);
  assert.deepEqual(parseWwwAuthenticate(undefined), []);
});

test('www-authenticate: a header longer than the limit is cut, not parsed whole', () => {
  const huge = `Basic realm="${'x'.repeat(MAX_CHALLENGE_HEADER_CHARS * 2)}"`;
  const [c] = parseWwwAuthenticate(huge);
  assert.equal(c?.scheme, 'basic');
  assert.ok((c?.params.realm?.length ?? 0) < MAX_CHALLENGE_HEADER_CHARS);
});

test('www-authenticate: parameter names like __proto__ cannot pollute objects', () => {
  const [c] = parseWwwAuthenticate('Digest __proto__="x", constructor=y, nonce=n');
  assert.equal(c?.params.__proto__, 'x');
  assert.equal(c?.params.nonce, 'n');
  assert.equal(({} as Record<string, unknown>).x, undefined);
});
