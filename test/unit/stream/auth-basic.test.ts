import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicAuthorization } from '../../../main/stream/auth/basic.ts';
import { StreamError } from '../../../main/stream/errors.ts';

test('basic: RFC 7617 example', () => {
  assert.equal(basicAuthorization('Aladdin', 'open sesame'), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
});

test('basic: RFC 7617 2.1 UTF-8 example (test / 123£)', () => {
  assert.equal(basicAuthorization('test', '123\u00A3'), 'Basic dGVzdDoxMjPCow==');
});

test('basic: non-ASCII user and a password with colons and spaces round-trip as UTF-8', () => {
  const header = basicAuthorization('Jäsøn', 'p: a:ss wörd');
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  assert.equal(decoded, 'Jäsøn:p: a:ss wörd');
});

test('basic: a user name with a colon is refused without echoing it', () => {
  assert.throws(
    () => basicAuthorization('ad:min', 'secret'),
    (e: unknown) => e instanceof StreamError && e.kind === 'auth' && /':'/.test(e.message) && !e.message.includes('ad:min') && !e.message.includes('secret'),
  );
});
