import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureCommentSize, readCaptureComment, writeCaptureComment } from '../../../main/simulator/capture-comment.ts';

function jpegWith(...segments: number[][]): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, ...segments.flat(), 0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0xff, 0xd9]);
}
function com(text: string): number[] {
  return [0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff, ...Array.from(text, (c) => c.charCodeAt(0))];
}

test('reads back what writeCaptureComment wrote', () => {
  const stamp = { t: 1_795_000_000_000, seq: 12, cam: 256 };
  const segment = new Uint8Array(captureCommentSize(stamp));
  assert.equal(writeCaptureComment(segment, 0, stamp), segment.length);
  assert.deepEqual(readCaptureComment(jpegWith([...segment])), stamp);
});

test('finds the stamp after other header segments and other comments', () => {
  const app0 = [0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46];
  assert.deepEqual(readCaptureComment(jpegWith(app0, com('hello'), com('camwall-capture t=5 seq=6 cam=7'))), { t: 5, seq: 6, cam: 7 });
});

test('returns null for no stamp, a near miss, a truncated file and a non-JPEG', () => {
  assert.equal(readCaptureComment(jpegWith(com('hello'))), null);
  assert.equal(readCaptureComment(jpegWith(com('camwall-capture t=5 seq=6'))), null);
  assert.equal(readCaptureComment(jpegWith(com('camwall-capture t=5 seq=6 cam=7')).subarray(0, 20)), null);
  assert.equal(readCaptureComment(Uint8Array.from([0x89, 0x50, 0x4e, 0x47])), null);
  assert.equal(readCaptureComment(new Uint8Array(0)), null);
});

test('ignores a stamp that sits after the start of scan', () => {
  const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, ...com('camwall-capture t=5 seq=6 cam=7'), 0xff, 0xd9]);
  assert.equal(readCaptureComment(bytes), null);
});
