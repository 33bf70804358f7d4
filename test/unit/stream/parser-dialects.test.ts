// Table-driven parser cases: each a named byte stream in one camera dialect and the frames and
// events it must produce, replayed whole, byte by byte and at seeded random split points.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParserOptions } from '../../../main/stream/multipart-parser.ts';
import { bytes, encodedJpeg, fakeJpeg, part, replayChunks, SPLITS, wholeJpeg, withExifThumbnail } from './parser-harness.ts';

// Frames that prove themselves whole by their headers, as a camera's do: a Content-Length part of
// one is delivered at its last byte, before the delimiter after it.
const A = wholeJpeg(300, 1);
const B = wholeJpeg(517, 2);
const C = wholeJpeg(64, 3);
// JPEG bounds (FF D8 ... FF D9) but no marker chain: a Content-Length part of it waits for its delimiter.
const D = fakeJpeg(300, 4);
// A real JPEG whose EXIF APP1 segment ends with a thumbnail: FF D9 at the thumbnail's end too.
const THUMBNAIL = encodedJpeg(16, 12, 5);
const E = withExifThumbnail(encodedJpeg(32, 24, 6), THUMBNAIL);
const E_THUMBNAIL_END = E.indexOf(THUMBNAIL) + THUMBNAIL.length;
const MULTIPART = { kind: 'multipart', boundary: 'myboundary' } as const;
const DASHED = { kind: 'multipart', boundary: '--myboundary' } as const;

interface Case {
  name: string;
  body?: ParserOptions['body'];
  input: Buffer;
  frames: Buffer[];
  events?: string[]; // `type:reason` in order; resync events as `resync`
  maxHeaderBytes?: number;
  maxPartBytes?: number;
  headers?: Record<string, string>; // expected among the first frame's headers
}

const cases: Case[] = [
  {
    name: 'Axis VAPIX 3: Content-Length on every part, boundary declared without dashes',
    input: Buffer.concat([part(A), part(B), part(C)]),
    frames: [A, B, C],
  },
  {
    name: 'boundary declared with its dashes and delimited with exactly those',
    body: DASHED,
    input: Buffer.concat([part(A), part(B)]),
    frames: [A, B],
  },
  {
    name: 'boundary declared with its dashes and delimited RFC-style with two more',
    body: DASHED,
    input: Buffer.concat([part(A, { delimiter: '----myboundary' }), part(B, { delimiter: '----myboundary' })]),
    frames: [A, B],
  },
  {
    name: 'boundary declared without dashes and delimited without them at line start',
    input: Buffer.concat([part(A, { delimiter: 'myboundary' }), part(B, { delimiter: 'myboundary' })]),
    frames: [A, B],
  },
  {
    name: 'VAPIX 2: no Content-Length, the delimiter ends each part',
    input: Buffer.concat([part(A, { contentLength: null }), part(B, { contentLength: null }), part(C, { contentLength: null }), bytes('--myboundary\r\n')]),
    frames: [A, B, C],
  },
  {
    name: 'LF-only line endings with Content-Length',
    input: Buffer.concat([part(A, { eol: '\n' }), part(B, { eol: '\n' })]),
    frames: [A, B],
  },
  {
    name: 'LF-only line endings without Content-Length',
    input: Buffer.concat([part(A, { eol: '\n', contentLength: null }), part(B, { eol: '\n', contentLength: null }), bytes('--myboundary\n')]),
    frames: [A, B],
  },
  {
    name: 'no delimiter before the first part (ESP32)',
    input: Buffer.concat([part(A, { delimiter: null }), part(B)]),
    frames: [A, B],
  },
  {
    name: 'no delimiter and no headers before the first JPEG',
    input: Buffer.concat([A, bytes('\r\n'), part(B)]),
    frames: [A, B],
  },
  {
    name: 'no CRLF after the delimiter: headers on the same line',
    input: Buffer.concat([bytes('--myboundaryContent-Type: image/jpeg\r\n\r\n'), A, bytes('\r\n--myboundaryContent-Type: image/jpeg\r\n\r\n'), B, bytes('\r\n--myboundary--\r\n')]),
    frames: [A, B],
  },
  {
    name: 'no CRLF between the JPEG and the next delimiter',
    input: Buffer.concat([part(A, { contentLength: null, trailer: '' }), part(B, { contentLength: null, trailer: '' }), bytes('--myboundary--')]),
    frames: [A, B],
  },
  {
    name: 'a preamble before the first delimiter is skipped without an event',
    input: Buffer.concat([bytes('This is a multipart stream.\r\nIgnore this line too.\r\n'), part(A), part(B)]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'blank lines between parts and duplicated delimiter lines',
    input: Buffer.concat([bytes('\r\n\r\n--myboundary\r\n'), part(A, { trailer: '\r\n\r\n\r\n' }), bytes('--myboundary\r\n--myboundary\r\n'), part(B)]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'header names in any letter case and no space after the colon',
    input: Buffer.concat([
      bytes('--myboundary\r\nCONTENT-TYPE:image/jpeg\r\ncontent-LENGTH:' + A.length + '\r\n\r\n'),
      A,
      bytes('\r\n--myboundary\r\nContent-type:image/jpeg\r\n\r\n'),
      B,
      bytes('\r\n--myboundary--\r\n'),
    ]),
    frames: [A, B],
    headers: { 'content-type': 'image/jpeg', 'content-length': String(A.length) },
  },
  {
    name: 'extra X- headers are kept and do not disturb framing',
    input: Buffer.concat([part(A, { extraHeaders: ['X-Status: 1', 'X-Tags: a,b', 'X-Timestamp: 1700000000', 'X-UtcTime: 2026-11-01T00:00:00Z'] }), part(B)]),
    frames: [A, B],
    headers: { 'x-status': '1', 'x-tags': 'a,b', 'x-utctime': '2026-11-01T00:00:00Z' },
  },
  {
    name: 'repeated equal Content-Length headers are used',
    input: Buffer.concat([part(A, { extraHeaders: [`Content-Length: ${A.length}`] }), part(B)]),
    frames: [A, B],
  },
  {
    name: 'conflicting Content-Length headers are ignored and the delimiter frames the part',
    input: Buffer.concat([part(A, { extraHeaders: [`Content-Length: ${A.length + 40}`] }), part(B)]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'a text/plain part between frames is rejected as not-jpeg',
    input: Buffer.concat([part(A), part(bytes('motion=1 zone=2'), { contentType: 'text/plain' }), part(B, { contentLength: null }), part(bytes('hello'), { contentType: 'text/plain', contentLength: null }), part(C)]),
    frames: [A, B, C],
    events: ['rejected:not-jpeg', 'rejected:not-jpeg'],
  },
  {
    name: 'an untyped part that does not start like a JPEG is rejected as not-jpeg',
    input: Buffer.concat([part(bytes('not an image at all'), { contentType: null }), part(A, { contentType: null })]),
    frames: [A],
    events: ['rejected:not-jpeg'],
  },
  {
    name: 'the closing delimiter ends the stream and the epilogue is ignored',
    input: Buffer.concat([part(A), bytes('--myboundary--\r\n'), part(B)]),
    frames: [A],
    events: [],
  },
  {
    name: 'a Content-Length larger than the data: the part is rejected and the next one found',
    input: Buffer.concat([part(A, { contentLength: A.length + 100 }), part(B), part(C)]),
    frames: [B, C],
    events: ['rejected:length-mismatch', 'resync'],
  },
  {
    name: 'a Content-Length smaller than the data, cutting the JPEG in its entropy data: the part is rejected and the next one found',
    input: Buffer.concat([part(A, { contentLength: A.length - 10 }), part(B)]),
    frames: [B],
    events: ['rejected:length-mismatch', 'resync'],
  },
  {
    name: "a Content-Length that stops exactly at an embedded EXIF thumbnail's EOI is not delivered",
    input: Buffer.concat([part(E, { contentLength: E_THUMBNAIL_END }), part(B), part(E)]),
    frames: [B, E],
    events: ['rejected:length-mismatch', 'resync'],
  },
  {
    name: 'a whole frame followed by garbage instead of its delimiter is delivered, then the stream resynchronises',
    input: Buffer.concat([part(A, { trailer: '\r\nX-garbage\r\n' }), part(B), part(C)]),
    frames: [A, B, C],
    events: ['resync'],
  },
  {
    name: 'a JPEG whose headers do not chain waits for its delimiter and is delivered there',
    input: Buffer.concat([part(D), part(A), part(D), bytes('--myboundary--\r\n')]),
    frames: [D, A, D],
    events: [],
  },
  {
    name: 'a JPEG whose headers do not chain, followed by garbage instead of its delimiter, is rejected',
    input: Buffer.concat([part(D, { trailer: '\r\nX-garbage\r\n' }), part(B)]),
    frames: [B],
    events: ['rejected:length-mismatch', 'resync'],
  },
  {
    name: 'a Content-Length that counts the trailing CRLF delivers the JPEG without it',
    input: Buffer.concat([part(A, { contentLength: A.length + 2, trailer: '\r\n\r\n' }), part(B)]),
    frames: [A, B],
  },
  {
    name: 'NUL padding after the JPEG is trimmed',
    input: Buffer.concat([part(A, { contentLength: null, trailer: '\0\0\0\0\r\n' }), part(B)]),
    frames: [A, B],
  },
  {
    name: 'trailing spaces on the delimiter line',
    input: Buffer.concat([part(A, { delimiter: '--myboundary   ' }), part(B, { delimiter: '--myboundary\t' })]),
    frames: [A, B],
  },
  {
    name: 'an empty header block before the JPEG',
    input: Buffer.concat([bytes('--myboundary\r\n\r\n'), A, bytes('\r\n'), part(B)]),
    frames: [A, B],
  },
  {
    name: 'a JPEG that lost its end (no FF D9) is rejected as incomplete',
    input: Buffer.concat([part(A.subarray(0, 200), { contentLength: null }), part(B)]),
    frames: [B],
    events: ['rejected:incomplete-jpeg'],
  },
  {
    name: 'a part cut off by the end of the body is reported truncated',
    input: Buffer.concat([part(A), part(B).subarray(0, 200)]),
    frames: [A],
    events: ['rejected:truncated'],
  },
  {
    name: 'a part cut off without Content-Length is reported truncated',
    input: Buffer.concat([part(A), part(B, { contentLength: null }).subarray(0, 300)]),
    frames: [A],
    events: ['rejected:truncated'],
  },
  {
    name: 'the last part whole with its Content-Length but no delimiter after it is delivered',
    input: Buffer.concat([part(A), part(B, { trailer: '' })]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'the last part whole with its Content-Length and a delimiter cut short after it is delivered',
    input: Buffer.concat([part(A), part(B), bytes('--mybou')]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'the last part whole by its delimiter-free Content-Length but without chained headers is delivered at the end',
    input: Buffer.concat([part(A), part(D, { trailer: '' })]),
    frames: [A, D],
    events: [],
  },
  {
    name: 'the last part followed by a delimiter line with no line end is delivered',
    input: Buffer.concat([part(A), part(B), bytes('--myboundary')]),
    frames: [A, B],
    events: [],
  },
  {
    name: 'headers beyond the header limit are rejected and the next part found',
    maxHeaderBytes: 256,
    input: Buffer.concat([part(A, { extraHeaders: [`X-Long: ${'x'.repeat(400)}`] }), part(B)]),
    frames: [B],
    events: ['rejected:header-too-large', 'resync'],
  },
  {
    name: 'a part beyond the part limit is rejected and the next part found',
    maxPartBytes: 400,
    input: Buffer.concat([part(A), part(B, { contentLength: null }), part(C)]),
    frames: [A, C],
    events: ['rejected:too-large'],
  },
  {
    name: 'a Content-Length beyond the part limit is not trusted: the delimiter frames the part',
    maxPartBytes: 400,
    input: Buffer.concat([part(A, { contentLength: 100_000 }), part(C)]),
    frames: [A, C],
    events: [],
  },
  {
    name: 'a plain image/jpeg body is one frame',
    body: { kind: 'jpeg' },
    input: B,
    frames: [B],
    events: [],
  },
  {
    name: 'a plain image/jpeg body cut short is reported truncated',
    body: { kind: 'jpeg' },
    input: B.subarray(0, 400),
    frames: [],
    events: ['rejected:truncated'],
  },
  {
    name: 'a plain image/jpeg body beyond the part limit is rejected',
    body: { kind: 'jpeg' },
    maxPartBytes: 400,
    input: B,
    frames: [],
    events: ['rejected:too-large'],
  },
];

describe('multipart parser: camera dialects', () => {
  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const split of SPLITS) {
        it(split.name, () => {
          const replay = replayChunks(split.chunks(testCase.input), {
            body: testCase.body ?? MULTIPART,
            ...(testCase.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: testCase.maxHeaderBytes }),
            ...(testCase.maxPartBytes === undefined ? {} : { maxPartBytes: testCase.maxPartBytes }),
          });
          assert.deepEqual(
            replay.frames.map((f) => f.toString('hex')),
            testCase.frames.map((f) => f.toString('hex')),
            'delivered frames',
          );
          if (testCase.events) {
            const events = replay.events.map((e) => (e.type === 'resync' ? 'resync' : `rejected:${e.reason}`));
            assert.deepEqual(events, testCase.events, 'events');
          }
          if (testCase.headers) {
            const first = replay.headers[0];
            assert.ok(first, 'a first frame with headers');
            for (const [name, value] of Object.entries(testCase.headers)) assert.equal(first.headers[name], value, `header ${name}`);
          }
          assert.equal(replay.parser.stats.frames, testCase.frames.length, 'stats.frames');
          assert.equal(replay.parser.stats.bytes, testCase.input.length, 'stats.bytes');
        });
      }
    });
  }
});
