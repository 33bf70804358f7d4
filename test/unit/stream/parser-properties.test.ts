// Property tests (fast-check): random frames framed in random camera dialects and cut at random
// points come out exactly; garbage inserted anywhere never crashes the parser, never makes it
// invent a frame, and never lets it hold more than its limits plus one chunk.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifyContentType } from '../../../main/stream/content-type.ts';
import { fakeJpeg, MIN_WHOLE_JPEG_BYTES, part, replayChunks, splitAt, wholeJpeg } from './parser-harness.ts';

const MAX_PART_BYTES = 4096;
const MAX_HEADER_BYTES = 1024;
// PARSER_FUZZ_RUNS=20000 for a deep search; the default keeps the suite fast.
const RUNS = Number(process.env['PARSER_FUZZ_RUNS'] ?? 300);

const dialectArbitrary = fc.record({
  declared: fc.constantFrom('myboundary', '--myboundary', 'Ba_3-x.y'),
  rfcDashes: fc.boolean(), // delimit with '--' + declared even when declared has dashes already
  quoted: fc.boolean(),
  spaceBeforeParameter: fc.boolean(),
  withLength: fc.boolean(),
  eol: fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'),
  firstDelimiter: fc.boolean(), // false: the first part comes without a delimiter (ESP32)
  typeHeader: fc.constantFrom('Content-Type: image/jpeg', 'content-type:image/jpeg', 'CONTENT-TYPE:  image/jpeg', null),
  extraHeaders: fc.constantFrom<string[]>([], ['X-Timestamp: 1700000000'], ['X-Status: 0', 'X-Tags: door']),
  trailer: fc.constantFrom('eol', 'double eol', 'none', 'nul padding'),
  close: fc.boolean(),
});
type Dialect = typeof dialectArbitrary extends fc.Arbitrary<infer T> ? T : never;

const framesArbitrary = fc.array(fc.record({ size: fc.integer({ min: 6, max: 3000 }), seed: fc.nat(), whole: fc.boolean() }), { minLength: 1, maxLength: 8 });

interface FrameSpec {
  size: number;
  seed: number;
  whole: boolean; // a JPEG that proves itself whole by its headers (delivered at its last byte when length-framed), or one with bounds only
}

/** The frame a spec describes; too small a whole JPEG falls back to bounds only. */
function frameOf({ size, seed, whole }: FrameSpec): Buffer {
  return whole && size >= MIN_WHOLE_JPEG_BYTES ? wholeJpeg(size, seed) : fakeJpeg(size, seed);
}

function contentTypeOf(dialect: Dialect): string {
  const value = dialect.quoted ? `"${dialect.declared}"` : dialect.declared;
  return `multipart/x-mixed-replace;${dialect.spaceBeforeParameter ? ' ' : ''}boundary=${value}`;
}

/** Garbage inserted into a frame's body (its Content-Length unchanged) or after it, before the next delimiter. */
interface Corruption {
  frame: number;
  at: number;
  garbage: Uint8Array;
  inTrailer: boolean;
}

const corruptionsArbitrary = fc.array(
  fc.record({ frame: fc.nat(), at: fc.nat(), garbage: fc.uint8Array({ minLength: 1, maxLength: 300 }), inTrailer: fc.boolean() }),
  { minLength: 1, maxLength: 4 },
);

/** The stream a camera speaking `dialect` would send for `frames`. */
function stream(frames: Buffer[], dialect: Dialect, corruptions: Corruption[] = []): Buffer {
  const delimiter = dialect.declared.startsWith('--') && !dialect.rfcDashes ? dialect.declared : `--${dialect.declared}`;
  const eol = dialect.eol;
  const trailer = { eol, 'double eol': eol + eol, none: '', 'nul padding': `\0\0${eol}` }[dialect.trailer];
  const parts = frames.map((frame, index) => {
    const headers = [...(dialect.typeHeader === null ? [] : [dialect.typeHeader]), ...dialect.extraHeaders];
    if (dialect.withLength) headers.push(`Content-Length: ${frame.length}`);
    const damaged = corruptions.filter((c) => c.frame % frames.length === index);
    let body = frame;
    let after = Buffer.from(trailer, 'latin1');
    for (const { at, garbage, inTrailer } of damaged) {
      if (inTrailer) after = Buffer.concat([after, garbage]);
      else body = insertAt(body, at, garbage);
    }
    return part(body, {
      delimiter: index === 0 && !dialect.firstDelimiter ? null : delimiter,
      eol,
      contentType: null,
      contentLength: null,
      extraHeaders: headers,
      trailer: after.toString('latin1'),
    });
  });
  // A live stream goes on after the last frame: end on a delimiter line (or the closing one).
  return Buffer.concat([...parts, Buffer.from(`${delimiter}${dialect.close ? '--' : ''}${eol}`, 'latin1')]);
}

function chunksOf(input: Buffer, cuts: number[]): Buffer[] {
  return splitAt(input, cuts.map((cut) => cut % (input.length + 1)));
}

function multipartBody(dialect: Dialect) {
  const body = classifyContentType(contentTypeOf(dialect));
  assert.equal(body.kind, 'multipart', `Content-Type ${contentTypeOf(dialect)}`);
  return body as typeof body & { kind: 'multipart' };
}

describe('multipart parser properties', () => {
  it('delivers exactly the frames sent, in any dialect, at any split points', () => {
    fc.assert(
      fc.property(framesArbitrary, dialectArbitrary, fc.array(fc.nat(), { maxLength: 40 }), (specs, dialect, cuts) => {
        const frames = specs.map(frameOf);
        const replay = replayChunks(chunksOf(stream(frames, dialect), cuts), { body: multipartBody(dialect) });
        assert.deepEqual(replay.events, []);
        assert.equal(replay.frames.length, frames.length);
        replay.frames.forEach((frame, i) => assert.ok(frame.equals(frames[i]!), `frame ${i} differs`));
      }),
      { numRuns: RUNS },
    );
  });

  it('with Content-Length framing, garbage in or after a body never yields a frame that was not sent, nor unbounded buffering', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 6, max: 6000 }), seed: fc.nat(), whole: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        dialectArbitrary.map((d) => ({ ...d, withLength: true })),
        corruptionsArbitrary,
        fc.array(fc.nat(), { maxLength: 40 }),
        (specs, dialect, corruptions, cuts) => {
          const frames = specs.map(frameOf);
          const sent = new Set(frames.map((f) => f.toString('hex')));
          const input = stream(frames, dialect, corruptions);
          const replay = replayChunks(chunksOf(input, cuts), { body: multipartBody(dialect), maxPartBytes: MAX_PART_BYTES, maxHeaderBytes: MAX_HEADER_BYTES });
          for (const frame of replay.frames) assert.ok(sent.has(frame.toString('hex')), 'a delivered frame was never sent');
          assert.ok(replay.maxBuffered <= MAX_PART_BYTES + MAX_HEADER_BYTES + replay.largestChunk, `buffered ${replay.maxBuffered} bytes`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('garbage anywhere in any dialect never crashes it, delivers only JPEG-shaped frames, and stays bounded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 6, max: 6000 }), seed: fc.nat(), whole: fc.boolean() }), { minLength: 0, maxLength: 6 }),
        dialectArbitrary,
        fc.array(fc.record({ at: fc.nat(), garbage: fc.uint8Array({ minLength: 1, maxLength: 2000 }) }), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (specs, dialect, insertions, cuts) => {
          const frames = specs.map(frameOf);
          const input = insertGarbage(stream(frames, dialect), insertions);
          const replay = replayChunks(chunksOf(input, cuts), { body: multipartBody(dialect), maxPartBytes: MAX_PART_BYTES, maxHeaderBytes: MAX_HEADER_BYTES });
          for (const frame of replay.frames) {
            assert.ok(frame.length >= 4 && frame[0] === 0xff && frame[1] === 0xd8, 'starts with SOI');
            assert.ok(frame[frame.length - 2] === 0xff && frame[frame.length - 1] === 0xd9, 'ends with EOI');
            assert.ok(frame.length <= MAX_PART_BYTES, 'within the part limit');
          }
          assert.ok(replay.maxBuffered <= MAX_PART_BYTES + MAX_HEADER_BYTES + replay.largestChunk, `buffered ${replay.maxBuffered} bytes`);
          const { frames: delivered, rejected } = replay.parser.stats;
          assert.equal(delivered, replay.frames.length);
          assert.equal(rejected, replay.events.filter((e) => e.type === 'rejected').length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an endless part without a delimiter is held to the part limit plus one chunk', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 1, max: 5000 }), (withLength, chunkSize) => {
        const header = Buffer.from(`--myboundary\r\nContent-Type: image/jpeg\r\n${withLength ? 'Content-Length: 99999999\r\n' : ''}\r\n\xff\xd8`, 'latin1');
        const endless = Buffer.concat([header, Buffer.alloc(MAX_PART_BYTES * 4, 0x41)]);
        const replay = replayChunks(chunksOf(endless, Array.from({ length: Math.ceil(endless.length / chunkSize) }, (_, i) => i * chunkSize)), {
          body: { kind: 'multipart', boundary: 'myboundary' },
          maxPartBytes: MAX_PART_BYTES,
          maxHeaderBytes: MAX_HEADER_BYTES,
          end: false,
        });
        assert.ok(replay.maxBuffered <= MAX_PART_BYTES + MAX_HEADER_BYTES + chunkSize, `buffered ${replay.maxBuffered} bytes`);
        assert.deepEqual(replay.events.map((e) => e.type === 'rejected' && e.reason), ['too-large']);
        assert.equal(replay.frames.length, 0);
      }),
      { numRuns: 50 },
    );
  });
});

function insertAt(input: Buffer, at: number, garbage: Uint8Array): Buffer {
  const position = at % (input.length + 1);
  return Buffer.concat([input.subarray(0, position), garbage, input.subarray(position)]);
}

function insertGarbage(input: Buffer, insertions: Array<{ at: number; garbage: Uint8Array }>): Buffer {
  return insertions.reduce((out, { at, garbage }) => insertAt(out, at, garbage), input);
}
