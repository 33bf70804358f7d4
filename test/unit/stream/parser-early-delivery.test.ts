// Regression tests for frames delivered one frame late: a camera sends the delimiter after a frame
// only with the next frame, so a Content-Length part that proves itself whole is delivered at its
// last byte, and its delimiter is checked afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultipartParser } from '../../../main/stream/multipart-parser.ts';
import type { ParserEvent } from '../../../main/stream/multipart-parser.ts';
import { bytes, encodedJpeg, fakeJpeg, part, randomSplit, replayChunks, splitAt, SPLITS, wholeJpeg, withExifThumbnail } from './parser-harness.ts';

const MULTIPART = { kind: 'multipart', boundary: 'myboundary' } as const;
const A = encodedJpeg(64, 48, 1); // real jpeg-js frames, as the simulator sends
const B = encodedJpeg(40, 30, 2);
const C = wholeJpeg(900, 3);

/** A parser that records what it delivers, pushed by hand. */
function recording() {
  const frames: Buffer[] = [];
  const events: ParserEvent[] = [];
  const parser = new MultipartParser({ body: MULTIPART, onFrame: (jpeg) => frames.push(Buffer.from(jpeg)), onEvent: (event) => events.push(event) });
  return { parser, frames, events };
}

const eventNames = (events: ParserEvent[]) => events.map((event) => (event.type === 'resync' ? 'resync' : `${event.type}:${event.reason}`));

describe('multipart parser: delivery without waiting for the next delimiter', () => {
  it('a Content-Length frame is delivered before the next delimiter arrives', () => {
    const { parser, frames, events } = recording();
    parser.push(part(A)); // `--myboundary`, headers, A, CRLF: what an Axis camera writes for one frame
    assert.deepEqual(frames, [A]);
    assert.ok(parser.bufferedBytes <= 2, `holds only the CRLF after the frame, held ${parser.bufferedBytes}`);
    parser.push(part(B));
    assert.deepEqual(frames, [A, B]);
    parser.push(bytes('--myboundary\r\n'));
    assert.deepEqual(frames, [A, B]);
    assert.deepEqual(events, []);
    assert.equal(parser.stats.lateMismatches, 0);
  });

  it('byte by byte, each frame is delivered at its own last byte', () => {
    const input = Buffer.concat([part(A), part(B), part(C)]);
    const lastBytes = [part(A).length - 3, part(A).length + part(B).length - 3, input.length - 3];
    const { parser, frames } = recording();
    const deliveredAt: number[] = [];
    for (let i = 0; i < input.length; i++) {
      const before = frames.length;
      parser.push(input.subarray(i, i + 1));
      if (frames.length > before) deliveredAt.push(i);
    }
    assert.deepEqual(deliveredAt, lastBytes);
    assert.deepEqual(frames, [A, B, C]);
  });

  it('every dialect delivers at the last byte: LF-only lines, dashed boundary, a length counting the CRLF', () => {
    const streams = [
      { body: MULTIPART, input: part(A, { eol: '\n' }) },
      { body: { kind: 'multipart', boundary: '--myboundary' } as const, input: part(A) },
      { body: MULTIPART, input: part(A, { contentLength: A.length + 2 }) },
      { body: MULTIPART, input: part(A, { extraHeaders: ['X-Timestamp: 1700000000'] }) },
    ];
    for (const { body, input } of streams) {
      for (const split of SPLITS) {
        const replay = replayChunks(split.chunks(input), { body, end: false });
        assert.deepEqual(replay.frames, [A], `${split.name}: ${input.subarray(0, 40).toString('latin1')}`);
        assert.deepEqual(replay.events, []);
      }
    }
  });

  it('the last frame before a stall is delivered, and end() afterwards reports nothing', () => {
    const { parser, frames, events } = recording();
    parser.push(Buffer.concat([part(A), part(B), part(C)]));
    assert.deepEqual(frames, [A, B, C], 'all three before any further byte');
    parser.end();
    assert.deepEqual(frames, [A, B, C]);
    assert.deepEqual(events, []);
  });

  it('a frame across chunks is delivered when the chunk with its last byte arrives', () => {
    const input = part(C);
    for (let cut = 1; cut < input.length - 2; cut += 37) {
      const { parser, frames } = recording();
      parser.push(input.subarray(0, cut));
      assert.deepEqual(frames, [], `cut at ${cut}`);
      parser.push(input.subarray(cut));
      assert.deepEqual(frames, [C], `cut at ${cut}`);
    }
  });

  it('a frame delivered early that is not followed by its delimiter counts a late mismatch and a resync, and the next frame is found', () => {
    const input = Buffer.concat([part(A, { trailer: '\r\nX-garbage: 1\r\n' }), part(B), part(C)]);
    for (const split of SPLITS) {
      const replay = replayChunks(split.chunks(input), { body: MULTIPART });
      assert.deepEqual(replay.frames, [A, B, C], split.name);
      assert.deepEqual(eventNames(replay.events), ['resync'], split.name);
      assert.equal(replay.parser.stats.lateMismatches, 1, split.name);
      assert.equal(replay.parser.stats.resyncs, 1, split.name);
      assert.equal(replay.parser.stats.rejected, 0, split.name);
    }
  });

  it("a Content-Length that stops exactly at an embedded EXIF thumbnail's EOI does not deliver the thumbnail", () => {
    const thumbnail = encodedJpeg(16, 12, 7);
    const image = withExifThumbnail(encodedJpeg(48, 32, 8), thumbnail);
    const thumbnailEnd = image.indexOf(thumbnail) + thumbnail.length;
    const lying = part(image, { contentLength: thumbnailEnd });
    const { parser, frames } = recording();
    parser.push(lying.subarray(0, lying.length - (image.length - thumbnailEnd) - 2)); // up to the thumbnail's EOI: the N bytes are in
    assert.deepEqual(frames, [], 'nothing delivered at the thumbnail EOI');
    const replay = replayChunks([lying, part(A)], { body: MULTIPART });
    assert.deepEqual(replay.frames, [A]);
    assert.deepEqual(eventNames(replay.events), ['rejected:length-mismatch', 'resync']);
  });

  it('a Content-Length that cuts a JPEG in its entropy data is rejected as before', () => {
    for (const cut of [1, 2, 3, 10, 100]) {
      const input = Buffer.concat([part(C, { contentLength: C.length - cut }), part(A)]);
      for (const split of SPLITS) {
        const replay = replayChunks(split.chunks(input), { body: MULTIPART });
        assert.deepEqual(replay.frames, [A], `${split.name}, ${cut} bytes short`);
        assert.deepEqual(eventNames(replay.events), ['rejected:length-mismatch', 'resync'], `${split.name}, ${cut} bytes short`);
      }
    }
  });

  it('a JPEG whose headers do not chain is held until its delimiter', () => {
    const D = fakeJpeg(400, 9);
    const { parser, frames } = recording();
    parser.push(part(D));
    assert.deepEqual(frames, []);
    parser.push(bytes('--myboundary\r\n'));
    assert.deepEqual(frames, [D]);
  });

  it('a part typed other than image/jpeg is not delivered early, even with a JPEG inside', () => {
    const { parser, frames, events } = recording();
    parser.push(part(A, { contentType: 'application/octet-stream' }));
    assert.deepEqual(frames, []);
    parser.push(bytes('--myboundary\r\n'));
    assert.deepEqual(frames, []);
    assert.deepEqual(eventNames(events), ['rejected:not-jpeg']);
  });

  it('a frame delivered early inside one chunk is a view of it', () => {
    const chunk = part(C);
    let delivered: Buffer | undefined;
    const parser = new MultipartParser({ body: MULTIPART, onFrame: (jpeg) => (delivered = jpeg) });
    parser.push(chunk);
    assert.ok(delivered !== undefined && delivered.buffer === chunk.buffer && delivered.byteOffset === chunk.byteOffset + chunk.indexOf(C));
  });

  it('end() called from onFrame on an early delivery ends the parser', () => {
    const frames: Buffer[] = [];
    const parser = new MultipartParser({
      body: MULTIPART,
      onFrame(jpeg) {
        frames.push(jpeg);
        parser.end();
      },
    });
    parser.push(part(A));
    parser.push(part(B));
    assert.deepEqual(frames, [A]);
    assert.equal(parser.bufferedBytes, 0);
  });

  it('random splits of a long stream with lies and garbage yield the same frames and events as one chunk', () => {
    const input = Buffer.concat([
      part(A),
      part(C, { contentLength: C.length - 5 }),
      part(B, { trailer: '\r\nnoise' }),
      part(fakeJpeg(200, 4)),
      part(C, { contentLength: C.length + 2, trailer: '\r\n\r\n' }),
      part(A),
      bytes('--myboundary--\r\n'),
    ]);
    const whole = replayChunks([input], { body: MULTIPART });
    assert.equal(whole.frames.length, 5);
    for (let seed = 1; seed <= 200; seed++) {
      const replay = replayChunks(randomSplit(input, seed, 1 + (seed % 300)), { body: MULTIPART });
      assert.deepEqual(replay.frames, whole.frames, `seed ${seed}`);
      assert.deepEqual(replay.events, whole.events, `seed ${seed}`);
    }
    for (let cut = 1; cut < input.length; cut++) {
      const replay = replayChunks(splitAt(input, [cut]), { body: MULTIPART });
      assert.deepEqual(replay.frames, whole.frames, `cut at ${cut}`);
      assert.deepEqual(replay.events, whole.events, `cut at ${cut}`);
    }
  });
});
