import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { CameraFrameSource } from '../../../main/simulator/frame-source.ts';
import { SUPPORTED_RESOLUTIONS, ballX, layoutFor } from '../../../main/simulator/picture.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';

const decode = (bytes: Uint8Array) => jpeg.decode(bytes, { useTArray: true });

/** Mean absolute difference of the RGB pixels in a rectangle of two decoded frames. */
function regionDifference(a: Uint8Array, b: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): number {
  let sum = 0;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      for (let c = 0; c < 3; c++) sum += Math.abs(a[(y * width + x) * 4 + c]! - b[(y * width + x) * 4 + c]!);
    }
  }
  return sum / (w * h * 3);
}

describe('simulated frames', () => {
  for (const resolution of SUPPORTED_RESOLUTIONS) {
    test(`${resolution} frames decode in jpeg-js and in ffmpeg without a complaint`, () => {
      const source = new CameraFrameSource(resolution, 7);
      const { jpeg: frame } = source.compose(123_456, 1_700_000_000_000);
      const decoded = decode(frame);
      assert.deepEqual(`${decoded.width}x${decoded.height}`, resolution);
      const dir = mkdtempSync(join(tmpdir(), 'camwall-frame-'));
      try {
        const file = join(dir, 'frame.jpg');
        writeFileSync(file, frame);
        const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
        assert.equal(result.status, 0);
        assert.equal(result.stderr, '');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('every frame carries its capture stamp in a COM segment', () => {
    const source = new CameraFrameSource('320x240', 42);
    assert.deepEqual(readCaptureComment(source.compose(9, 1_700_000_000_123).jpeg), { t: 1_700_000_000_123, seq: 9, cam: 42 });
  });

  test('a 640x480 frame has a realistic size (25-60 KB)', () => {
    const size = new CameraFrameSource('640x480', 1).compose(1, Date.now()).jpeg.length;
    assert.ok(size > 25_000 && size < 60_000, `${size} bytes`);
  });

  test('frames differ where the frame number and the ball differ, and only there', () => {
    const layout = layoutFor('640x480');
    const source = new CameraFrameSource('640x480', 3);
    const a = decode(source.compose(10, 1).jpeg).data;
    const b = decode(source.compose(11, 2).jpeg).data;
    const numberY = layout.number.row * 16;
    const digitWidth = layout.digitCols * 16;
    const lastDigitX = layout.number.col * 16 + 7 * digitWidth;
    assert.ok(regionDifference(a, b, 640, lastDigitX, numberY, digitWidth, layout.digitRows * 16) > 5, 'last digit changes');
    assert.equal(regionDifference(a, b, 640, layout.number.col * 16, numberY, 6 * digitWidth, layout.digitRows * 16), 0, 'leading digits stay');
    const trackY = layout.track.row * 16;
    assert.notEqual(ballX(layout, 10), ballX(layout, 11));
    assert.ok(regionDifference(a, b, 640, 0, trackY, 640, layout.track.rows * 16) > 0.5, 'the ball moves');
    assert.equal(regionDifference(a, b, 640, 0, 0, 640, trackY), 0, 'everything above the track stays');
  });

  test('the same digit looks the same wherever the frame number puts it', () => {
    const layout = layoutFor('640x480');
    const source = new CameraFrameSource('640x480', 3);
    const a = decode(source.compose(5, 1).jpeg).data; // ...00000005
    const b = decode(source.compose(55, 1).jpeg).data; // ...00000055
    const digitWidth = layout.digitCols * 16;
    const y = layout.number.row * 16;
    const x = layout.number.col * 16;
    assert.equal(regionDifference(a, b, 640, x + 7 * digitWidth, y, digitWidth, layout.digitRows * 16), 0);
    assert.ok(regionDifference(a, b, 640, x + 6 * digitWidth, y, digitWidth, layout.digitRows * 16) > 5);
  });

  test('cameras are told apart by their label', () => {
    const layout = layoutFor('640x480');
    const one = decode(new CameraFrameSource('640x480', 1).compose(0, 1).jpeg).data;
    const two = decode(new CameraFrameSource('640x480', 2).compose(0, 1).jpeg).data;
    assert.ok(regionDifference(one, two, 640, 16, 16, 160, layout.digitRows * 16) > 5);
  });
});
