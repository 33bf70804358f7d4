// classifyContentType on the Content-Type values cameras send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyContentType } from '../../../main/stream/content-type.ts';

describe('classifyContentType', () => {
  const cases: Array<[string | null | undefined, ReturnType<typeof classifyContentType>]> = [
    ['multipart/x-mixed-replace;boundary=myboundary', { kind: 'multipart', boundary: 'myboundary' }],
    ['multipart/x-mixed-replace; boundary=--myboundary', { kind: 'multipart', boundary: '--myboundary' }],
    ['multipart/x-mixed-replace; boundary="--my boundary"', { kind: 'multipart', boundary: '--my boundary' }],
    ['Multipart/X-Mixed-Replace; charset=utf-8; BOUNDARY = "a\\"b" ; x=y', { kind: 'multipart', boundary: 'a"b' }],
    ['multipart/mixed;boundary=frame', { kind: 'multipart', boundary: 'frame' }],
    ['image/jpeg', { kind: 'jpeg' }],
    ['IMAGE/JPEG; charset=binary', { kind: 'jpeg' }],
    ['image/jpg', { kind: 'jpeg' }],
    ['text/html; charset=utf-8', { kind: 'other', mediaType: 'text/html' }],
    ['multipart/x-mixed-replace', { kind: 'other', mediaType: 'multipart/x-mixed-replace' }],
    ['multipart/x-mixed-replace; boundary=----', { kind: 'other', mediaType: 'multipart/x-mixed-replace' }],
    ['multipart/x-mixed-replace; boundary=""', { kind: 'other', mediaType: 'multipart/x-mixed-replace' }],
    [`multipart/x-mixed-replace; boundary=${'b'.repeat(201)}`, { kind: 'other', mediaType: 'multipart/x-mixed-replace' }],
    ['', { kind: 'other', mediaType: '' }],
    [null, { kind: 'other', mediaType: '' }],
    [undefined, { kind: 'other', mediaType: '' }],
  ];
  for (const [header, expected] of cases) {
    it(`classifies ${JSON.stringify(header)}`, () => {
      assert.deepEqual(classifyContentType(header), expected);
    });
  }
});
