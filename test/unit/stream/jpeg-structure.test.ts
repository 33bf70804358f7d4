// isStructurallyWholeJpeg: the header walk that lets the parser deliver a Content-Length frame
// before the next delimiter. Real JPEGs from jpeg-js pass; every cut of one fails, the cut at an
// EXIF thumbnail's EOI included; malformed marker chains fail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasJpegBounds, isStructurallyWholeJpeg } from '../../../main/stream/jpeg.ts';
import { encodedJpeg, fakeJpeg, jpegSegment, seededRandom, wholeJpeg, withExifThumbnail } from './parser-harness.ts';

const encodeNoise = encodedJpeg;
const segment = jpegSegment;

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];
const SOF0 = segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
const SOS = segment(0xda, [1, 1, 0, 0, 63, 0]);
const ENTROPY = [0x12, 0xff, 0x00, 0x34];
const jpegOf = (...pieces: Array<Buffer | number[]>) => Buffer.concat(pieces.map((p) => Buffer.from(p)));
const whole = (image: Buffer) => isStructurallyWholeJpeg(image, 0, image.length);

describe('isStructurallyWholeJpeg', () => {
  for (const [width, height] of [[640, 480], [33, 17], [1, 1]] as const) {
    it(`accepts a jpeg-js encoded ${width}x${height} image`, () => {
      assert.equal(whole(encodeNoise(width, height, width)), true);
    });
  }

  it('reads the range it is given inside a larger buffer', () => {
    const image = encodeNoise(16, 16, 5);
    const around = Buffer.concat([Buffer.from('--myboundary\r\n\r\n'), image, Buffer.from('\r\n--myboundary')]);
    assert.equal(isStructurallyWholeJpeg(around, 16, 16 + image.length), true);
    assert.equal(isStructurallyWholeJpeg(around, 16, 16 + image.length + 2), false, 'the trailing CRLF is not part of the JPEG');
  });

  it('rejects every cut of a real JPEG short of its end', () => {
    const image = encodeNoise(24, 16, 9);
    for (let end = 0; end < image.length; end++) assert.equal(isStructurallyWholeJpeg(image, 0, end), false, `cut at ${end}`);
    assert.equal(whole(image), true);
  });

  it('rejects a cut that stops exactly at an embedded EXIF thumbnail\'s EOI, though it has JPEG bounds', () => {
    const thumbnail = encodeNoise(16, 12, 7);
    const image = withExifThumbnail(encodeNoise(64, 48, 8), thumbnail);
    const thumbnailEnd = image.indexOf(thumbnail) + thumbnail.length;
    assert.equal(hasJpegBounds(image, 0, thumbnailEnd), true, 'the trap: FF D8 ... FF D9');
    assert.equal(isStructurallyWholeJpeg(image, 0, thumbnailEnd), false);
    for (let end = 0; end < image.length; end++) assert.equal(isStructurallyWholeJpeg(image, 0, end), false, `cut at ${end}`);
    assert.equal(whole(image), true);
  });

  it('accepts the marker layouts cameras send: no DHT (Motion-JPEG), COM, DRI, APPn, fill bytes', () => {
    assert.equal(whole(jpegOf(SOI, SOF0, SOS, ENTROPY, EOI)), true, 'no tables at all');
    const dri = segment(0xdd, [0, 8]);
    const com = segment(0xfe, Buffer.from('axis', 'latin1'));
    assert.equal(whole(jpegOf(SOI, segment(0xe0, Buffer.from('JFIF\0')), com, segment(0xdb, Buffer.alloc(65)), SOF0, segment(0xc4, Buffer.alloc(20)), dri, SOS, ENTROPY, EOI)), true);
    assert.equal(whole(jpegOf(SOI, [0xff, 0xff], SOF0, [0xff], SOS, ENTROPY, EOI)), true, 'fill bytes before markers');
    assert.equal(whole(jpegOf(SOI, segment(0xc2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]), SOS, ENTROPY, EOI)), true, 'progressive SOF2');
  });

  it('rejects malformed chains', () => {
    const rejects: Record<string, Buffer> = {
      'no SOI': jpegOf([0xff, 0xd7], SOF0, SOS, ENTROPY, EOI),
      'no EOI': jpegOf(SOI, SOF0, SOS, ENTROPY, [0xff, 0xd8]),
      'a scan before any frame header': jpegOf(SOI, SOS, ENTROPY, EOI),
      'no scan': jpegOf(SOI, SOF0, EOI),
      'a byte that is not a marker between segments': jpegOf(SOI, SOF0, [0x00], SOS, ENTROPY, EOI),
      'a restart marker before the scan': jpegOf(SOI, [0xff, 0xd0], SOF0, SOS, ENTROPY, EOI),
      'a second SOI before the scan': jpegOf(SOI, SOI, SOF0, SOS, ENTROPY, EOI),
      'an unknown marker (JPG0) before the scan': jpegOf(SOI, segment(0xf0, [1, 2]), SOF0, SOS, ENTROPY, EOI),
      'a segment length below 2': jpegOf(SOI, [0xff, 0xe0, 0, 1], SOF0, SOS, ENTROPY, EOI),
      'a segment that runs into the EOI': jpegOf(SOI, SOF0, [0xff, 0xfe, 0, 6, 1, 2], EOI),
      'SOF length that does not match its components': jpegOf(SOI, segment(0xc0, [8, 0, 16, 0, 16, 2, 1, 0x11, 0]), SOS, ENTROPY, EOI),
      'SOS length that does not match its components': jpegOf(SOI, SOF0, segment(0xda, [2, 1, 0, 0, 63, 0]), ENTROPY, EOI),
      'SOS with no components': jpegOf(SOI, SOF0, segment(0xda, [0, 0, 63, 0]), ENTROPY, EOI),
      'too many header segments': jpegOf(SOI, ...Array.from({ length: 64 }, () => segment(0xfe, [1])), SOF0, SOS, ENTROPY, EOI),
      'a scan with no entropy-coded data': jpegOf(SOI, SOF0, [0xff, 0xda, 0, 8, 1, 1, 0, 0], EOI),
      'too short': Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    };
    for (const [name, image] of Object.entries(rejects)) assert.equal(whole(image), false, name);
    assert.equal(whole(jpegOf(SOI, ...Array.from({ length: 60 }, () => segment(0xfe, [1])), SOF0, SOS, ENTROPY, EOI)), true, 'many segments under the cap');
  });

  it('test builders: wholeJpeg proves itself at every size, fakeJpeg (bounds only) does not', () => {
    for (let size = 28; size < 600; size++) assert.equal(whole(wholeJpeg(size, size)), true, `wholeJpeg(${size})`);
    for (let size = 6; size < 3000; size++) assert.equal(whole(fakeJpeg(size, size)), false, `fakeJpeg(${size})`);
  });

  it('random bytes between FF D8 and FF D9 do not prove themselves whole', () => {
    const random = seededRandom(21);
    for (let i = 0; i < 5000; i++) {
      const inner = Buffer.from(Array.from({ length: Math.floor(random() * 80) }, () => (random() < 0.3 ? 0xff : Math.floor(random() * 256))));
      assert.equal(whole(jpegOf(SOI, inner, EOI)), false);
    }
  });
});
