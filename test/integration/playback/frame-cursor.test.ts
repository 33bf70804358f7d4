// Moving through real recordings: the recorder wrote them from the simulator's frames (each
// JPEG's COM stamp says which frame it is), across rotations and a gap; the cursor and
// `camwall frame` must land on the frame at or just before any instant, walk every frame in
// order both ways, play the segment being written and skip what is damaged or deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CameraRecorder } from '../../../main/recording/camera-recorder.ts';
import { SegmentIndex } from '../../../main/recording/segment-index.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { CameraFrameSource } from '../../../main/simulator/frame-source.ts';
import { FolderCatalog, IndexCatalog } from '../../../main/playback/catalogs.ts';
import { FrameCursor, type PlayedFrame, type SkippedSegment } from '../../../main/playback/frame-cursor.ts';
import { FRAME_HOLD_MS, frameAt } from '../../../main/playback/frame-at.ts';
import { recordArchive, type RecordedFrameInfo } from '../../support/recorded-archive.ts';
import { runCli, lastJsonLine } from '../../support/run-cli.ts';
import { tempDir } from '../../unit/recording/helpers.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const SPANS = [{ fromMs: T0, toMs: T0 + 25_000 }, { fromMs: T0 + 40_000, toMs: T0 + 70_000 }];

function seqOf(frame: PlayedFrame): number {
  const stamp = readCaptureComment(frame.jpeg);
  assert.ok(stamp, 'every recorded frame carries its capture stamp');
  return stamp.seq;
}

/** The last recorded frame at or before `atMs`, by the list of what was written. */
function expectedAt(frames: RecordedFrameInfo[], atMs: number): RecordedFrameInfo | undefined {
  return frames.findLast((f) => f.atMs <= atMs);
}

/** A seeded generator so a failure replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

async function archive(t: import('node:test').TestContext) {
  const tmp = tempDir('camwall-play-');
  t.after(tmp.remove);
  const recorded = await recordArchive({ root: tmp.dir, cameras: [{ id: 'cam-a', channel: 1, spans: SPANS, fps: 10 }], segmentMs: 10_000 });
  t.after(() => recorded.db.close());
  return { dir: tmp.dir, ...recorded, frames: recorded.frames.get('cam-a')! };
}

test('cursor: 200 random seeks land on the frame at or just before the instant, across rotations and a gap, by index and by folder', async (t) => {
  const { dir, db, frames } = await archive(t);
  const segments = new SegmentIndex(db).all();
  assert.ok(segments.length >= 5, `rotated into ${segments.length} segments`);
  for (const catalog of [new IndexCatalog(db, dir), new FolderCatalog(dir)]) {
    const cursor = new FrameCursor(catalog, 'cam-a');
    t.after(() => cursor.close());
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const atMs = Math.round(T0 - 5_000 + next() * 80_000);
      const want = expectedAt(frames, atMs);
      const got = await frameAt(cursor, atMs);
      if (want && atMs - want.atMs <= FRAME_HOLD_MS) {
        assert.ok(got.found, `a frame at ${atMs - T0} ms`);
        assert.equal(got.frame.atMs, want.atMs, `seek to ${atMs - T0} ms`);
        assert.equal(seqOf(got.frame), want.seq);
      } else {
        assert.equal(got.found, false, `nothing recorded at ${atMs - T0} ms`);
        if (!got.found) {
          assert.equal(got.before, want?.atMs ?? null);
          assert.equal(got.after, frames.find((f) => f.atMs >= atMs)?.atMs ?? null);
        }
      }
    }
  }
});

test('cursor: next() walks every frame in order across segments and the gap, previous() walks them back', async (t) => {
  const { dir, db, frames } = await archive(t);
  const cursor = new FrameCursor(new IndexCatalog(db, dir), 'cam-a');
  t.after(() => cursor.close());
  const first = await cursor.seek(T0);
  assert.equal(first?.atMs, frames[0]!.atMs);
  const forward = [seqOf(first!)];
  for (let f = await cursor.next(); f; f = await cursor.next()) forward.push(seqOf(f));
  assert.deepEqual(forward, frames.map((f) => f.seq));
  const backward = [seqOf(cursor.current!)];
  for (let f = await cursor.previous(); f; f = await cursor.previous()) backward.push(seqOf(f));
  // next() ran off the end and stayed on the newest frame.
  assert.deepEqual(backward, frames.map((f) => f.seq).reverse());
});

test('cursor: the segment being written plays up to its newest frame, and on as frames arrive', async (t) => {
  const tmp = tempDir('camwall-play-open-');
  t.after(tmp.remove);
  const { db } = await recordArchive({ root: tmp.dir, cameras: [] });
  t.after(() => db.close());
  const index = new SegmentIndex(db);
  let wall = T0;
  const clock = { now: () => wall, monotonic: () => wall - T0 + 1000, setTimer: () => ({ cancel() {} }), setRepeating: () => ({ cancel() {} }) };
  const recorder = new CameraRecorder({ cameraId: 'live', root: tmp.dir, index, clock });
  t.after(() => recorder.close());
  const source = new CameraFrameSource('320x240', 1);
  const push = (seq: number) => {
    wall = T0 + seq * 100;
    recorder.pushFrame(source.compose(seq, wall).jpeg, wall, clock.monotonic(), source.width, source.height);
  };
  for (let seq = 1; seq <= 35; seq++) push(seq);
  assert.equal(index.all()[0]?.status, 'recording');
  const cursor = new FrameCursor(new IndexCatalog(db, tmp.dir), 'live');
  t.after(() => cursor.close());
  const newest = await cursor.seek(T0 + 60_000);
  assert.equal(newest && seqOf(newest), 35, 'the newest frame written, not the last synced one');
  assert.equal(await cursor.next(), null);
  for (let seq = 36; seq <= 50; seq++) push(seq);
  const more: number[] = [];
  for (let f = await cursor.next(); f; f = await cursor.next()) more.push(seqOf(f));
  assert.deepEqual(more, Array.from({ length: 15 }, (_, i) => 36 + i));
});

test('cursor: a damaged segment plays its valid part, a deleted one is skipped and said so', async (t) => {
  const { dir, db, frames } = await archive(t);
  const rows = new SegmentIndex(db).all();
  const damaged = join(dir, rows[1]!.path);
  const deleted = join(dir, rows[3]!.path);
  const bytes = readFileSync(damaged);
  // Zero a stretch in the middle of the file: the frames there fail the whole-JPEG check.
  bytes.fill(0, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096);
  writeFileSync(damaged, bytes);
  unlinkSync(deleted);
  const skipped: SkippedSegment[] = [];
  const cursor = new FrameCursor(new IndexCatalog(db, dir), 'cam-a', (s) => skipped.push(s));
  t.after(() => cursor.close());
  const seen: number[] = [];
  for (let f = await cursor.seek(T0); f; f = await cursor.next()) seen.push(seqOf(f));
  assert.deepEqual(skipped.map((s) => s.path), [deleted]);
  assert.match(skipped[0]!.reason, /deleted/);
  const inDeleted = frames.filter((f) => f.atMs >= rows[3]!.start_wall_ms && f.atMs <= rows[3]!.end_wall_ms).map((f) => f.seq);
  assert.ok(inDeleted.length > 0);
  assert.ok(inDeleted.every((seq) => !seen.includes(seq)), 'nothing of the deleted segment');
  const lost = frames.length - inDeleted.length - seen.length;
  assert.ok(lost > 0 && lost < 30, `the damaged Cluster's frames are lost, not the segment's (${lost} lost)`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'still in order');
  assert.equal(seen.at(-1), frames.at(-1)!.seq, 'the segments after the damage play');
});

test('camwall frame: writes the recorded JPEG byte for byte, exits 4 in a gap naming the nearest recordings, 2 on bad usage', { timeout: 120_000 }, async (t) => {
  const { dir, frames } = await archive(t);
  const out = join(dir, 'out.jpg');
  const want = frames[123]!;
  const at = new Date(want.atMs + 40).toISOString();
  const ok = await runCli(['frame', dir, '--camera', 'cam-a', '--at', at, '--out', out, '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const report = lastJsonLine(ok.stdout);
  assert.equal(report.capturedAtMs, want.atMs);
  assert.equal(report.capturedAt, new Date(want.atMs).toISOString());
  const jpeg = readFileSync(out);
  assert.equal(readCaptureComment(jpeg)?.seq, want.seq);
  assert.equal(report.bytes, jpeg.length);
  // The same instant written with a local offset finds the same frame.
  const offset = new Date(want.atMs + 40 + 3_600_000).toISOString().replace('Z', '+01:00');
  const again = await runCli(['frame', dir, '--camera', 'cam-a', '--at', offset, '--out', out, '--json']);
  assert.equal(lastJsonLine(again.stdout).capturedAtMs, want.atMs);

  const gap = await runCli(['frame', dir, '--camera', 'cam-a', '--at', new Date(T0 + 32_000).toISOString(), '--out', out]);
  assert.equal(gap.code, 4);
  const lastBefore = frames.findLast((f) => f.atMs < T0 + 32_000)!.atMs;
  const firstAfter = frames.find((f) => f.atMs > T0 + 32_000)!.atMs;
  assert.match(gap.stderr, new RegExp(`nothing recorded at .*nearest recorded before: ${new Date(lastBefore).toISOString()}, after: ${new Date(firstAfter).toISOString()}`));
  const unknown = await runCli(['frame', dir, '--camera', 'nobody', '--at', at, '--out', out]);
  assert.equal(unknown.code, 4);
  assert.match(unknown.stderr, /no recordings of nobody/);
  for (const args of [['frame', dir, '--camera', 'cam-a', '--at', 'yesterday', '--out', out], ['frame', dir, '--at', at, '--out', out], ['frame', join(dir, 'missing'), '--camera', 'cam-a', '--at', at, '--out', out]]) {
    const bad = await runCli(args);
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
  }
});
