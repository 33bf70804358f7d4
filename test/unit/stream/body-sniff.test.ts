import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SNIFF_BYTES, isSniffableMediaType, sniffBody } from '../../../main/stream/body-sniff.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

test('sniff: a delimiter line gives the boundary (ffmpeg mpjpeg, CRLF or LF, leading blank lines)', () => {
  assert.deepEqual(sniffBody(b('--ffmpeg\r\nContent-type: image/jpeg\r\n'), false), { kind: 'multipart', boundary: 'ffmpeg' });
  assert.deepEqual(sniffBody(b('\r\n--my-boundary\nContent-Type'), false), { kind: 'multipart', boundary: 'my-boundary' });
});

test('sniff: a JPEG start marker is a single JPEG', () => {
  assert.deepEqual(sniffBody(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), false), { kind: 'jpeg' });
});

test('sniff: waits for the end of the delimiter line, within a bound', () => {
  assert.deepEqual(sniffBody(b('--ffm'), false), { kind: 'need-more' });
  assert.deepEqual(sniffBody(b('-'), false), { kind: 'need-more' });
  assert.deepEqual(sniffBody(b('--ffm'), true), { kind: 'unknown' });
  assert.deepEqual(sniffBody(b(`--${'x'.repeat(MAX_SNIFF_BYTES)}`), false), { kind: 'unknown' });
});

test('sniff: anything else is unknown', () => {
  for (const text of ['<html><body>login</body></html>', '-- \r\n', '--bad boundary\r\n', '--\r\n', 'GIF89a']) {
    assert.deepEqual(sniffBody(b(text), true), { kind: 'unknown' }, text);
  }
});

test('sniff: only missing and application/octet-stream types are sniffed', () => {
  assert.equal(isSniffableMediaType(''), true);
  assert.equal(isSniffableMediaType('application/octet-stream'), true);
  assert.equal(isSniffableMediaType('text/html'), false);
});
