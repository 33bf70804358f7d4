// The parser reads part headers from the bytes in place (`scanPartHeaders`); `parsePartHeaders`
// over the decoded string is the reference. Both must agree on every block, however odd.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePartHeaders, scanPartHeaders } from '../../../main/stream/part-headers.ts';

const RUNS = Number(process.env['PARSER_FUZZ_RUNS'] ?? 300) * 5;

// Pieces header blocks are made of, including the awkward ones: folding, NBSP and VT (which
// `trim` removes), bare CR, empty names, repeated and conflicting headers.
const TOKENS = [
  'Content-Type', 'content-type', 'CONTENT-TYPE', 'Content-Length', 'content-length', 'Content-Lengths', 'X-Tag',
  ':', ': ', ' ', '\t', '\r', '\n', '\r\n', '\xa0', '\x0b', '\x1f', ',', ', ',
  'image/jpeg', 'image/jpeg; q=1', 'IMAGE/JPEG', 'text/plain', '0', '12', '0012', '-1', '1e3', '123456789012345', '1234567890123456',
  '__proto__', 'a',
];

function scanned(text: string) {
  const block = Buffer.from(`--x\r\n${text}\r\n\r\n`, 'latin1'); // the block sits inside a larger buffer, as in a chunk
  const headers = scanPartHeaders(block, 5, 5 + text.length);
  return { contentType: headers.contentType, contentLength: headers.contentLength, headers: { ...headers.headers } };
}

function reference(text: string) {
  const headers = parsePartHeaders(text);
  return { contentType: headers.contentType, contentLength: headers.contentLength, headers: { ...headers.headers } };
}

describe('part headers read in place', () => {
  it('agree with the string parser on random blocks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }), (tokens) => {
        const text = tokens.join('');
        assert.deepEqual(scanned(text), reference(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('agree with the string parser on random latin1 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = Buffer.from(bytes).toString('latin1');
        assert.deepEqual(scanned(text), reference(text));
      }),
      { numRuns: RUNS },
    );
  });

  const cases: Array<[string, string, string | null, number | null]> = [
    ['a typical Axis block', 'Content-Type: image/jpeg\r\nContent-Length: 45000', 'image/jpeg', 45000],
    ['NBSP around the value is trimmed as String.trim does', 'Content-Length:\xa012\xa0', null, 12],
    ['a folded Content-Type keeps its continuation', 'Content-Type: image/jpeg\r\n ;q=1\r\nContent-Length: 5', 'image/jpeg ;q=1', 5],
    ['repeated Content-Type: the first value', 'Content-Type: image/jpeg\r\nContent-Type: text/plain', 'image/jpeg', null],
    ['conflicting Content-Length: none', 'Content-Length: 5\r\nContent-Length: 6', null, null],
    ['a name with blanks before the colon', ' Content-Length : 7', null, 7],
  ];
  for (const [name, text, contentType, contentLength] of cases) {
    it(name, () => {
      const result = scanned(text);
      assert.equal(result.contentType, contentType);
      assert.equal(result.contentLength, contentLength);
      assert.deepEqual(result, reference(text));
    });
  }
});
