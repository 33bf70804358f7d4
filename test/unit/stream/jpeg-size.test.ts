// readJpegSize against real JPEGs from jpeg-js's encoder, hand-built marker layouts (EXIF
// thumbnail, DHT before SOF, progressive, fill bytes) and broken input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { hasJpegBounds, readJpegSize } from '../../../main/stream/jpeg.ts';
import { seededRandom } from './parser-harness.ts';

function encodeNoise(width: number, height: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return jpeg.encode({ width, height, data }, 80).data;
}

function segment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG with an EXIF APP1 segment holding a thumbnail JPEG (with its own SOF) before the real SOF. */
function withExifThumbnail(main: Buffer, thumbnail: Buffer): Buffer {
  const tiffish = Buffer.concat([Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08', 'latin1'), Buffer.alloc(32, 0x11), thumbnail]);
  return Buffer.concat([main.subarray(0, 2), segment(0xe1, tiffish), main.subarray(2)]);
}

describe('readJpegSize', () => {
  for (const [width, height] of [[640, 480], [33, 17], [1, 1], [320, 240]] as const) {
    it(`reads ${width}x${height} from a jpeg-js encoded image`, () => {
      assert.deepEqual(readJpegSize(encodeNoise(width, height, width)), { width, height });
    });
  }

  it('skips an EXIF APP1 thumbnail that carries its own SOF', () => {
    const thumbnail = encodeNoise(16, 12, 7);
    const image = withExifThumbnail(encodeNoise(64, 48, 8), thumbnail);
    assert.ok(image.indexOf(thumbnail) < image.indexOf(Buffer.from([0xff, 0xc0]), image.indexOf(thumbnail) + thumbnail.length), 'the thumbnail SOF comes first in the bytes');
    assert.deepEqual(readJpegSize(image), { width: 64, height: 48 });
  });

  it('does not take DHT, JPG or DAC segments (C4, C8, CC) for a frame header', () => {
    const lookalike = Buffer.from([8, 0x01, 0x00, 0x02, 0x00, 3, 0, 0]); // would read 512x256
    const sof = Buffer.from([8, 0x00, 0x78, 0x00, 0xa0, 1, 1, 0x11, 0]); // 160x120
    const image = Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xc4, lookalike), segment(0xc8, lookalike), segment(0xcc, lookalike), segment(0xc0, sof), Buffer.from([0xff, 0xd9])]);
    assert.deepEqual(readJpegSize(image), { width: 160, height: 120 });
  });

  it('reads a progressive frame header (SOF2) after fill bytes and a restart marker', () => {
    const sof = Buffer.from([8, 0x04, 0x38, 0x07, 0x80, 1, 1, 0x11, 0]); // 1920x1080
    const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xd0]), segment(0xe0, Buffer.from('JFIF\0', 'latin1')), Buffer.from([0xff, 0xff]), segment(0xc2, sof).subarray(1)]);
    assert.deepEqual(readJpegSize(image), { width: 1920, height: 1080 });
  });

  it('returns null when the scan starts before any frame header', () => {
    const image = Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xda, Buffer.alloc(10)), Buffer.from([0xff, 0xd9])]);
    assert.equal(readJpegSize(image), null);
  });

  it('returns null for every truncation that cuts the frame header, and the size once it is whole', () => {
    const image = encodeNoise(40, 30, 3);
    const sofAt = image.indexOf(Buffer.from([0xff, 0xc0]));
    assert.ok(sofAt > 0);
    for (let length = 0; length < image.length; length++) {
      const size = readJpegSize(image.subarray(0, length));
      if (length < sofAt + 9) assert.equal(size, null, `truncated at ${length}`);
      else assert.deepEqual(size, { width: 40, height: 30 }, `truncated at ${length}`);
    }
  });

  it('returns null for garbage and for a segment length that runs past the end', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 2000; i++) {
      const garbage = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
      if (garbage[0] === 0xff && garbage[1] === 0xd8) continue;
      assert.equal(readJpegSize(garbage), null);
    }
    assert.equal(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 1, 2])), null);
    assert.equal(readJpegSize(Buffer.from([0xff, 0xd8, 0x00, 0xe0])), null);
    assert.equal(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01])), null, 'segment length below 2');
  });

  it('hasJpegBounds checks SOI at the start and EOI at the end', () => {
    const image = encodeNoise(8, 8, 1);
    assert.equal(hasJpegBounds(image, 0, image.length), true);
    assert.equal(hasJpegBounds(image, 0, image.length - 1), false);
    assert.equal(hasJpegBounds(image, 1, image.length), false);
  });
});
