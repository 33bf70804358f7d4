import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MkvWriter } from '../../../main/media/mkv-writer.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import { repairFile } from '../../../main/recording/recovery.ts';
import { decodeErrors, extractFrames, makeJpegs, probePackets, tempDir } from './helpers.ts';

type Written = { path: string; jpegs: Buffer[]; times: number[]; blockEnds: number[]; finishedBytes: number };

/** Writes `count` frames; leaves the file unfinished (as a crash would) unless `finish`. */
function writeSegment(dir: string, name: string, count: number, finish: boolean): Written {
  const jpegs = makeJpegs(count);
  const path = join(dir, name);
  const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: Date.UTC(2026, 0, 1) });
  const times: number[] = [];
  const blockEnds: number[] = [];
  jpegs.forEach((jpeg, i) => {
    times.push(i * 67);
    writer.writeFrame(jpeg, i * 67);
    blockEnds.push(writer.bytes);
  });
  const finishedBytes = finish ? writer.finish().bytes : (writer.abandon(), writer.bytes);
  return { path, jpegs, times, blockEnds, finishedBytes };
}

function assertPlayablePrefix(w: Written, expectedFrames: number): void {
  assert.equal(decodeErrors(w.path), '');
  const back = extractFrames(w.path);
  assert.equal(back.length, expectedFrames);
  back.forEach((frame, i) => assert.ok(frame.equals(w.jpegs[i]!), `frame ${i} differs`));
  assert.deepEqual(probePackets(w.path).map((p) => p.ptsMs), w.times.slice(0, expectedFrames));
}

test('files cut at random offsets keep every whole frame and decode cleanly after repair', () => {
  const tmp = tempDir();
  try {
    let run = 0;
    fc.assert(fc.property(fc.boolean(), fc.double({ min: 0.02, max: 1, noNaN: true }), (finished, fraction) => {
      const w = writeSegment(tmp.dir, `cut-${run++}.mkv`, 45, finished);
      const cut = Math.floor(w.finishedBytes * fraction);
      truncateSync(w.path, cut);
      const outcome = repairFile(nodeRecordingFs, w.path, 0);
      const whole = w.blockEnds.filter((end) => end <= cut).length;
      if (whole === 0) {
        assert.equal(outcome.action, 'deleted');
        assert.equal(existsSync(w.path), false);
        return;
      }
      assert.notEqual(outcome.action, 'deleted');
      if (outcome.action === 'deleted') return;
      assert.equal(outcome.frames, whole);
      assertPlayablePrefix(w, whole);
    }), { numRuns: 14, seed: 6 });
  } finally { tmp.remove(); }
});

test('a zero-filled tail after a power cut is cut off, not decoded as frames', () => {
  const tmp = tempDir();
  try {
    const w = writeSegment(tmp.dir, 'zeros.mkv', 30, false);
    appendFileSync(w.path, Buffer.alloc(64 * 1024));
    const outcome = repairFile(nodeRecordingFs, w.path, 0);
    assert.equal(outcome.action, 'repaired');
    assertPlayablePrefix(w, 30);
  } finally { tmp.remove(); }
});

test('a block whose JPEG does not end with FF D9 ends the recovered file before it', () => {
  const tmp = tempDir();
  try {
    const w = writeSegment(tmp.dir, 'torn.mkv', 30, false);
    const bytes = readFileSync(w.path);
    bytes[w.blockEnds[19]! - 1] = 0x00; // frame 19 (0-based) no longer ends with EOI
    writeFileSync(w.path, bytes);
    const outcome = repairFile(nodeRecordingFs, w.path, 0);
    assert.equal(outcome.action, 'repaired');
    assertPlayablePrefix(w, 19);
  } finally { tmp.remove(); }
});

test('repair is idempotent: a second run changes no byte', () => {
  const tmp = tempDir();
  try {
    const w = writeSegment(tmp.dir, 'twice.mkv', 30, false);
    truncateSync(w.path, w.blockEnds[22]! + 100);
    assert.equal(repairFile(nodeRecordingFs, w.path, 0).action, 'repaired');
    const first = readFileSync(w.path);
    const again = repairFile(nodeRecordingFs, w.path, 0);
    assert.equal(again.action, 'unchanged');
    assert.ok(readFileSync(w.path).equals(first));
    const finished = writeSegment(tmp.dir, 'finished.mkv', 10, true);
    const before = readFileSync(finished.path);
    assert.equal(repairFile(nodeRecordingFs, finished.path, 0).action, 'unchanged');
    assert.ok(readFileSync(finished.path).equals(before));
  } finally { tmp.remove(); }
});

test('trusts clusters before the synced offset and checks every block after it', () => {
  const tmp = tempDir();
  try {
    const w = writeSegment(tmp.dir, 'synced.mkv', 40, false);
    const bytes = readFileSync(w.path);
    // A damaged frame before the synced offset is kept (trusted); one after it ends the file.
    bytes[w.blockEnds[3]! - 1] = 0x00;
    bytes[w.blockEnds[35]! - 1] = 0x00;
    writeFileSync(w.path, bytes);
    const syncedOffset = w.blockEnds[29]!;
    const outcome = repairFile(nodeRecordingFs, w.path, syncedOffset);
    assert.ok(outcome.action === 'repaired' && outcome.frames === 35, JSON.stringify(outcome));
  } finally { tmp.remove(); }
});

test('a file without a whole header, or with no frame, is deleted', () => {
  const tmp = tempDir();
  try {
    const w = writeSegment(tmp.dir, 'empty.mkv', 5, false);
    truncateSync(w.path, w.blockEnds[0]! - 10);
    assert.deepEqual(repairFile(nodeRecordingFs, w.path, 0), { action: 'deleted', reason: 'no whole frame' });
    const x = writeSegment(tmp.dir, 'header.mkv', 5, false);
    truncateSync(x.path, 30);
    assert.deepEqual(repairFile(nodeRecordingFs, x.path, 0), { action: 'deleted', reason: 'no complete Matroska header' });
    assert.equal(existsSync(x.path), false);
  } finally { tmp.remove(); }
});
