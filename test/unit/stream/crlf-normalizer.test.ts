// CrlfNormalizer: LF-only framing lines of HTTP responses come out as CRLF, body bytes never
// change, and what it cannot follow passes untouched. Every case is replayed whole, byte by byte
// and at seeded random splits (a CR may end one read and its LF start the next); then a
// fast-check property builds random responses with random line endings and random bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CrlfNormalizer } from '../../../main/stream/crlf-normalizer.ts';
import { MAX_FRAMING_LINE_BYTES } from '../../../main/stream/limits.ts';
import { seededRandom } from './parser-harness.ts';

const RUNS = Number(process.env['PARSER_FUZZ_RUNS'] ?? 300);

/** Normalizes `input` delivered in the given pieces; the output, the versions seen and whether it let go. */
function run(pieces: Buffer[]): { output: Buffer; versions: string[]; passing: boolean } {
  const versions: string[] = [];
  const normalizer = new CrlfNormalizer({ onStatusLine: (v) => versions.push(v) });
  const output = Buffer.concat(pieces.map((piece) => normalizer.push(piece)));
  return { output, versions, passing: normalizer.passing };
}

function splits(input: Buffer, seed: number): Buffer[][] {
  const bytes = [...input].map((b) => Buffer.from([b]));
  const random = seededRandom(seed);
  const cut: Buffer[] = [];
  for (let at = 0; at < input.length;) {
    const next = Math.min(input.length, at + 1 + Math.floor(random() * 40));
    cut.push(input.subarray(at, next));
    at = next;
  }
  return [[input], bytes, cut];
}

const b = (text: string): Buffer => Buffer.from(text, 'latin1');

interface Case {
  name: string;
  input: Buffer;
  expected: Buffer;
  /** Whether the normalizer has let go for good at the end. */
  passing: boolean;
  versions?: string[];
}

const BODY_WITH_LINES = b('line one\nline two\r\n\n\r');

const cases: Case[] = [
  {
    name: 'an all-CRLF head is left alone, and so is everything after it (the stream is undici\'s alone)',
    input: Buffer.concat([b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), b('a\nb\nc'), b('HTTP/1.1 200 OK\nX: y\n\n')]),
    expected: Buffer.concat([b('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), b('a\nb\nc'), b('HTTP/1.1 200 OK\nX: y\n\n')]),
    passing: true,
    versions: ['1.1'],
  },
  {
    name: 'LF-only head, Content-Length body with LFs in it untouched, then a second LF-only answer on the same connection',
    input: Buffer.concat([b(`HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm="x"\nContent-Length: ${BODY_WITH_LINES.length}\n\n`), BODY_WITH_LINES, b('HTTP/1.1 200 OK\nContent-Type: image/jpeg\nContent-Length: 3\n\n\n\n\n')]),
    expected: Buffer.concat([b(`HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="x"\r\nContent-Length: ${BODY_WITH_LINES.length}\r\n\r\n`), BODY_WITH_LINES, b('HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\n\n\n\n')]),
    passing: false,
    versions: ['1.1', '1.1'],
  },
  {
    name: 'mixed CRLF and LF in one head',
    input: b('HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=x\nServer: cam\r\n\n--x\n'),
    expected: b('HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=x\r\nServer: cam\r\n\r\n--x\n'),
    passing: true,
    versions: ['1.0'],
  },
  {
    name: 'close-delimited body: let go after the head, body bytes untouched',
    input: b('HTTP/1.0 200 OK\nContent-Type: image/jpeg\n\n\xff\xd8\n\r\n\xff\xd9'),
    expected: b('HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\n\r\n\xff\xd9'),
    passing: true,
  },
  {
    name: 'chunked with LF-only chunk lines; chunk data holding LFs and ending in CR is untouched',
    input: b('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n4\nab\n\r\n3;ext=1\n\n\nx\n0\n\n'),
    expected: b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab\n\r\r\n3;ext=1\r\n\n\nx\r\n0\r\n\r\n'),
    passing: false,
  },
  {
    name: 'chunked with trailers, then the next answer',
    input: b('HTTP/1.1 200 OK\ntransfer-encoding: gzip, chunked\n\n1\nz\n0\nX-Trailer: 1\n\nHTTP/1.1 204 No Content\n\nHTTP/1.1 404 Not Found\nContent-Length: 0\n\n'),
    expected: b('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\nX-Trailer: 1\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'),
    passing: false,
  },
  {
    name: 'an interim 100 answer, then the real one',
    input: b('HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: 2\n\n\n\n'),
    expected: b('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\n\n'),
    passing: false,
  },
  {
    name: 'a transfer coding other than chunked last: the body runs to the close, let go',
    input: b('HTTP/1.1 200 OK\nTransfer-Encoding: gzip\n\n1\n'),
    expected: b('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n1\n'),
    passing: true,
  },
  {
    name: 'not HTTP at all: let go at the first line, nothing changed',
    input: b('SSH-2.0-OpenSSH_9.6\nHTTP/1.1 200 OK\n\n'),
    expected: b('SSH-2.0-OpenSSH_9.6\nHTTP/1.1 200 OK\n\n'),
    passing: true,
  },
  {
    name: 'two Content-Length headers (undici refuses them): let go after the head',
    input: b('HTTP/1.1 200 OK\nContent-Length: 1\nContent-Length: 1\n\nx\n'),
    expected: b('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx\n'),
    passing: true,
  },
  {
    name: 'a long header line is fixed but not kept; a framing header too long to read lets go',
    input: b(`HTTP/1.1 200 OK\nX-Long: ${'a'.repeat(MAX_FRAMING_LINE_BYTES * 3)}\nTransfer-Encoding: ${' '.repeat(MAX_FRAMING_LINE_BYTES)}chunked\n\n`),
    expected: b(`HTTP/1.1 200 OK\r\nX-Long: ${'a'.repeat(MAX_FRAMING_LINE_BYTES * 3)}\r\nTransfer-Encoding: ${' '.repeat(MAX_FRAMING_LINE_BYTES)}chunked\n\n`),
    passing: true,
  },
];

describe('CrlfNormalizer', () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const [i, pieces] of splits(c.input, 7).entries()) {
        const { output, versions, passing } = run(pieces);
        const how = ['whole', 'byte by byte', 'random splits'][i];
        assert.equal(output.toString('latin1'), c.expected.toString('latin1'), how);
        assert.equal(passing, c.passing, how);
        if (c.versions) assert.deepEqual(versions, c.versions, how);
      }
    });
  }

  it('returns the very chunk it was given when nothing changes (no copy on the CRLF path)', () => {
    const normalizer = new CrlfNormalizer();
    const head = b('HTTP/1.1 200 OK\nContent-Length: 10\n\n');
    const body = b('0123456789');
    assert.notEqual(normalizer.push(head), head);
    assert.equal(normalizer.push(body), body);
  });

  it('property: random responses with random line endings come out as their all-CRLF selves', () => {
    const eol = fc.constantFrom('\r\n', '\n');
    const header = fc.tuple(fc.constantFrom('Server', 'X-Tag', 'Cache-Control', 'Date'), fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', ';', '\r'), maxLength: 20 }));
    const body = fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u));
    const response = fc.record({
      framing: fc.constantFrom('length', 'chunked', 'none'),
      status: fc.constantFrom(200, 401, 404, 204, 100),
      headers: fc.array(fc.tuple(header, eol), { maxLength: 4 }),
      statusEol: eol,
      endEol: eol,
      chunks: fc.array(fc.tuple(body, eol, eol), { maxLength: 4 }),
      lastChunkEols: fc.tuple(eol, eol),
    });
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 3 }), fc.nat(), (responses, seed) => {
        const asSent: Buffer[] = [];
        const asCrlf: Buffer[] = [];
        const add = (text: string | Buffer, crlfText: string | Buffer = text): void => {
          asSent.push(typeof text === 'string' ? b(text) : text);
          asCrlf.push(typeof crlfText === 'string' ? b(crlfText) : crlfText);
        };
        const line = (text: string, ending: string): void => add(text + ending, `${text}\r\n`);
        let anyBareLf = false;
        let open = true;
        for (const r of responses) {
          if (!open) break;
          const lines = [r.statusEol, ...r.headers.map(([, e]) => e), r.endEol];
          // The normalizer lets go at the first all-CRLF head; the rest is then sent as CRLF too.
          const crlfOnly = !anyBareLf && !lines.includes('\n');
          anyBareLf ||= lines.includes('\n');
          const ending = (e: string): string => (crlfOnly ? '\r\n' : e);
          const bodyless = r.status < 200 || r.status === 204;
          line(`HTTP/1.1 ${r.status} Status`, ending(r.statusEol));
          for (const [[name, value], e] of r.headers) line(`${name}: ${value.replace(/\r+$/, '')}`, ending(e));
          const data = Buffer.concat(r.chunks.map(([bytes]) => bytes));
          if (!bodyless && r.framing === 'length') line(`Content-Length: ${data.length}`, ending(r.endEol));
          if (!bodyless && r.framing === 'chunked') line('Transfer-Encoding: chunked', ending(r.endEol));
          line('', ending(r.endEol));
          if (crlfOnly) open = false; // let go: what follows is not looked at
          if (bodyless) continue;
          if (r.framing === 'chunked') {
            for (const [bytes, sizeEol, dataEol] of r.chunks.filter(([bytes]) => bytes.length > 0)) {
              line(bytes.length.toString(16), ending(sizeEol));
              add(bytes);
              line('', ending(dataEol));
            }
            line('0', ending(r.lastChunkEols[0]));
            line('', ending(r.lastChunkEols[1]));
          } else {
            add(data);
            if (r.framing === 'none') open = false; // close-delimited: nothing can follow
          }
        }
        const input = Buffer.concat(asSent);
        const expected = Buffer.concat(asCrlf);
        for (const pieces of splits(input, seed)) assert.ok(run(pieces).output.equals(expected));
      }),
      { numRuns: RUNS },
    );
  });
});
