// Regression tests for the parser's fast path (parts parsed in place inside one chunk) and its
// hand-over to the states when a part crosses a chunk's end: every seam a part can be cut at,
// views versus copies, lying lengths inside one chunk, and callbacks that end the parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultipartParser } from '../../../main/stream/multipart-parser.ts';
import { bytes, fakeJpeg, part, replayChunks, splitAt, wholeJpeg } from './parser-harness.ts';

// Bounds-only JPEGs: a Content-Length part waits for the delimiter after it (the seam cases below).
const A = fakeJpeg(300, 11);
const B = fakeJpeg(517, 12);
const C = fakeJpeg(64, 13);
// JPEGs that prove themselves whole: delivered at their last byte, the delimiter checked afterwards.
const WA = wholeJpeg(300, 11);
const WB = wholeJpeg(517, 12);
const WC = wholeJpeg(64, 13);
const MULTIPART = { kind: 'multipart', boundary: 'myboundary' } as const;

const eventNames = (events: ReturnType<typeof replayChunks>['events']) =>
  events.map((event) => (event.type === 'resync' ? 'resync' : `${event.type}:${event.reason}`));

/** Whether `frame` shares memory with `chunk` (Buffer.allocUnsafe may place a copy in the same pool, so `buffer` alone does not tell). */
const isViewOf = (frame: Buffer, chunk: Buffer) =>
  frame.buffer === chunk.buffer && frame.byteOffset >= chunk.byteOffset && frame.byteOffset + frame.length <= chunk.byteOffset + chunk.length;

/** Every cut into two chunks delivers `frames` and reports nothing. */
function assertEverySingleCut(input: Buffer, frames: Buffer[]): void {
  for (let cut = 1; cut < input.length; cut++) {
    const replay = replayChunks(splitAt(input, [cut]), { body: MULTIPART });
    assert.deepEqual(replay.frames, frames, `cut at ${cut}`);
    assert.deepEqual(replay.events, [], `cut at ${cut}`);
  }
}

/** Pairs of cuts (three chunks) around the middle part, from 40 bytes before it to 80 after, deliver `frames`. */
function assertPairsOfCutsAroundMiddle(input: Buffer, frames: Buffer[], first: Buffer, middle: Buffer): void {
  const middleStart = part(first).length - 40;
  const middleEnd = Math.min(input.length - 1, middleStart + part(middle).length + 80);
  for (let a = middleStart; a < middleEnd; a += 3) {
    for (let b = a + 1; b < middleEnd; b += 7) {
      const replay = replayChunks(splitAt(input, [a, b]), { body: MULTIPART });
      assert.deepEqual(replay.frames, frames, `cuts at ${a}, ${b}`);
    }
  }
}

describe('multipart parser fast path', () => {
  const streams = {
    'Content-Length parts': Buffer.concat([part(A), part(B), part(C), bytes('--myboundary--\r\n')]),
    'delimiter-framed parts': Buffer.concat([part(A, { contentLength: null }), part(B, { contentLength: null }), part(C, { contentLength: null }), bytes('--myboundary--\r\n')]),
    'LF-only parts with Content-Length': Buffer.concat([part(A, { eol: '\n' }), part(B, { eol: '\n' }), part(C, { eol: '\n' }), bytes('--myboundary--\n')]),
  };
  const wholeStreams = {
    'Content-Length parts of whole JPEGs': Buffer.concat([part(WA), part(WB), part(WC), bytes('--myboundary--\r\n')]),
    'LF-only parts of whole JPEGs with Content-Length': Buffer.concat([part(WA, { eol: '\n' }), part(WB, { eol: '\n' }), part(WC, { eol: '\n' }), bytes('--myboundary--\n')]),
  };
  for (const [name, input] of Object.entries(wholeStreams)) {
    it(`${name}: cut at every single point, and at every pair around the middle part, deliver the same frames`, () => {
      assertEverySingleCut(input, [WA, WB, WC]);
      assertPairsOfCutsAroundMiddle(input, [WA, WB, WC], WA, WB);
    });
  }
  for (const [name, input] of Object.entries(streams)) {
    it(`${name}: cut at every single point, two chunks deliver the same frames`, () => {
      assertEverySingleCut(input, [A, B, C]);
    });
    it(`${name}: cut at every pair of points around the middle part, three chunks deliver the same frames`, () => {
      assertPairsOfCutsAroundMiddle(input, [A, B, C], A, B);
    });
  }

  it('a part ending exactly at a chunk end is delivered, and the next chunk starts the next part', () => {
    const first = Buffer.concat([part(A), part(B)]); // ends with B's CRLF: the delimiter after B comes in the next chunk
    const second = Buffer.concat([part(C), bytes('--myboundary--\r\n')]);
    const replay = replayChunks([first, second], { body: MULTIPART });
    assert.deepEqual(replay.frames, [A, B, C]);
    assert.deepEqual(replay.events, []);
  });

  it('a delimiter split across chunks right after a fast-path body', () => {
    const input = Buffer.concat([part(A), part(B), part(C)]);
    const seam = part(A).length + part(B).length + 5; // after B's CRLF, inside C's `--myboundary`
    const replay = replayChunks(splitAt(input, [seam]), { body: MULTIPART });
    assert.deepEqual(replay.frames, [A, B, C]);
    assert.deepEqual(replay.events, []);
  });

  it('a lying Content-Length inside a single chunk: the part is rejected and the frames after it are found', () => {
    for (const [a, b, c] of [[A, B, C], [WA, WB, WC]] as const) {
      for (const lie of [a.length - 7, a.length + 9]) {
        const input = Buffer.concat([part(b), part(a, { contentLength: lie }), part(c), bytes('--myboundary--\r\n')]);
        const replay = replayChunks([input], { body: MULTIPART });
        assert.deepEqual(replay.frames, [b, c], `Content-Length ${lie}`);
        assert.deepEqual(eventNames(replay.events), ['rejected:length-mismatch', 'resync'], `Content-Length ${lie}`);
      }
    }
  });

  it('an over-long Content-Length inside a single chunk does not hide the frame inside it', () => {
    const input = Buffer.concat([part(B), part(A, { contentLength: A.length + 200 }), part(C), part(B), bytes('--myboundary--\r\n')]);
    const replay = replayChunks([input], { body: MULTIPART });
    assert.deepEqual(replay.frames, [B, C, B]);
    assert.deepEqual(eventNames(replay.events), ['rejected:length-mismatch', 'resync']);
  });

  it('frames inside one chunk are views of it; a frame across chunks is one fresh buffer', () => {
    const input = Buffer.concat([part(A), part(B), part(C)]);
    const seam = part(A).length + 100; // inside B's body
    const chunks = splitAt(input, [seam]);
    const delivered: Buffer[] = [];
    const parser = new MultipartParser({ body: MULTIPART, onFrame: (jpeg) => delivered.push(jpeg) });
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    assert.deepEqual(delivered, [A, B, C]);
    const [first, second] = chunks as [Buffer, Buffer];
    assert.ok(isViewOf(delivered[0]!, first), 'A lies in the first chunk');
    assert.ok(!isViewOf(delivered[1]!, first) && !isViewOf(delivered[1]!, second), 'B spans the seam');
    assert.ok(isViewOf(delivered[2]!, second), 'C lies in the second chunk');
  });

  it('a closing delimiter right after a fast-path part ends the stream inside the chunk', () => {
    const input = Buffer.concat([part(A), part(B), bytes('--myboundary--\r\n'), part(C)]);
    const replay = replayChunks([input], { body: MULTIPART });
    assert.deepEqual(replay.frames, [A, B]);
    assert.deepEqual(replay.events, []);
    assert.equal(replay.parser.bufferedBytes, 0);
  });

  it('end() called from onFrame stops delivery of the parts left in the chunk', () => {
    const input = Buffer.concat([part(A), part(B), part(C)]);
    const delivered: Buffer[] = [];
    const parser = new MultipartParser({
      body: MULTIPART,
      onFrame(jpeg) {
        delivered.push(jpeg);
        if (delivered.length === 2) parser.end();
      },
    });
    parser.push(input);
    assert.deepEqual(delivered, [A, B]);
    assert.equal(parser.bufferedBytes, 0);
  });

  it('a wrongly typed part inside one chunk is rejected without disturbing its neighbours', () => {
    const input = Buffer.concat([part(A), part(bytes('hello'), { contentType: 'text/plain' }), part(B, { contentType: 'image/jpeg; q=1' }), part(C)]);
    const replay = replayChunks([input], { body: MULTIPART });
    assert.deepEqual(replay.frames, [A, B, C]);
    assert.deepEqual(eventNames(replay.events), ['rejected:not-jpeg']);
  });

  it('headers of fast-path parts: framing values at once, every header on reading', () => {
    const input = Buffer.concat([part(A), part(B, { extraHeaders: ['X-Timestamp: 1700000000', 'x-timestamp:2'] }), bytes('--myboundary--\r\n')]);
    const replay = replayChunks([input], { body: MULTIPART });
    assert.equal(replay.headers[1]!.contentType, 'image/jpeg');
    assert.equal(replay.headers[1]!.contentLength, B.length);
    assert.equal(replay.headers[1]!.headers['x-timestamp'], '1700000000, 2');
    assert.equal(replay.headers[1]!.headers['content-length'], String(B.length));
  });
});
