// The segment reader against files our own writer made: finished, still being written, cut
// mid-frame and damaged in the middle. Every frame must come back byte for byte with its time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MkvWriter } from '../../../main/media/mkv-writer.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import { SegmentReader, SegmentFormatError, type RecordedFrame } from '../../../main/playback/segment-reader.ts';
import { makeJpegs, tempDir } from '../recording/helpers.ts';

const START = Date.UTC(2026, 10, 21, 9, 0, 0);
/** 15 fps with jitter, a 1.5 s gap at frame 40: several Clusters of about a second each. */
function times(count: number): number[] {
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    out.push(t);
    t += i === 40 ? 1500 : 60 + ((i * 13) % 15);
  }
  return out;
}

async function allFrames(reader: SegmentReader): Promise<{ frames: RecordedFrame[]; damaged: boolean }> {
  const frames: RecordedFrame[] = [];
  let damaged = false;
  for (let i = 0; i < reader.clusters.length; i++) {
    const cluster = await reader.readCluster(i);
    frames.push(...cluster.frames.map((f) => ({ ...f, jpeg: Buffer.from(f.jpeg) })));
    damaged ||= cluster.damaged;
  }
  return { frames, damaged };
}

function writeSegment(path: string, jpegs: Buffer[], at: number[], finish: boolean): MkvWriter {
  const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: START });
  jpegs.forEach((jpeg, i) => writer.writeFrame(jpeg, at[i]!));
  if (finish) writer.finish();
  return writer;
}

test('segment reader: a finished segment gives every frame byte for byte at its time, its Clusters from the Cues', async (t) => {
  const tmp = tempDir();
  t.after(tmp.remove);
  const jpegs = makeJpegs(90);
  const at = times(90);
  const path = join(tmp.dir, 'a.mkv');
  writeSegment(path, jpegs, at, true);
  const reader = await SegmentReader.open(path);
  t.after(() => reader.close());
  assert.equal(reader.finished, true);
  assert.equal(reader.header.startWallMs, START);
  assert.deepEqual([reader.header.width, reader.header.height], [320, 240]);
  assert.ok(reader.clusters.length >= 5, `${reader.clusters.length} clusters`);
  const { frames, damaged } = await allFrames(reader);
  assert.equal(damaged, false);
  assert.deepEqual(frames.map((f) => f.timeMs), at);
  frames.forEach((f, i) => assert.ok(f.jpeg.equals(jpegs[i]!), `frame ${i} differs`));
  // Each frame's offset points at its bytes in the file.
  const file = readFileSync(path);
  for (const f of [frames[0]!, frames[45]!, frames[89]!]) assert.ok(file.subarray(f.offset, f.offset + f.jpeg.length).equals(f.jpeg));
});

test('segment reader: the segment being written plays up to its newest written frame, and refresh() finds what came since', async (t) => {
  const tmp = tempDir();
  t.after(tmp.remove);
  const jpegs = makeJpegs(90);
  const at = times(90);
  const path = join(tmp.dir, 'open.mkv');
  const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: START });
  t.after(() => writer.abandon());
  for (let i = 0; i < 50; i++) writer.writeFrame(jpegs[i]!, at[i]!);
  const reader = await SegmentReader.open(path);
  t.after(() => reader.close());
  assert.equal(reader.finished, false);
  assert.equal(Number.isFinite(reader.clusters.at(-1)!.end), false, 'the last Cluster is still open');
  let got = await allFrames(reader);
  assert.equal(got.damaged, false);
  assert.deepEqual(got.frames.map((f) => f.timeMs), at.slice(0, 50));
  for (let i = 50; i < 90; i++) writer.writeFrame(jpegs[i]!, at[i]!);
  await reader.refresh();
  got = await allFrames(reader);
  assert.deepEqual(got.frames.map((f) => f.timeMs), at);
  writer.finish();
  await reader.refresh();
  assert.equal(reader.finished, true, 'the Cues written at finish end the walk');
  assert.deepEqual((await allFrames(reader)).frames.map((f) => f.timeMs), at);
});

test('segment reader: a segment cut mid-frame (a crash) gives every whole frame before the cut', async (t) => {
  const tmp = tempDir();
  t.after(tmp.remove);
  const jpegs = makeJpegs(60);
  const at = times(60);
  const path = join(tmp.dir, 'cut.mkv');
  const writer = writeSegment(path, jpegs, at, false);
  writer.abandon();
  const frame40 = (await allFrames(await SegmentReader.open(path))).frames[40]!;
  truncateSync(path, frame40.offset + 100);
  const reader = await SegmentReader.open(path);
  t.after(() => reader.close());
  const { frames } = await allFrames(reader);
  assert.deepEqual(frames.map((f) => f.timeMs), at.slice(0, 40));
});

test('segment reader: a damaged block ends its Cluster; the Clusters after it still play', async (t) => {
  const tmp = tempDir();
  t.after(tmp.remove);
  const jpegs = makeJpegs(90);
  const at = times(90);
  const path = join(tmp.dir, 'damaged.mkv');
  writeSegment(path, jpegs, at, true);
  const good = await SegmentReader.open(path);
  const before = (await allFrames(good)).frames;
  await good.close();
  // Overwrite the JPEG start of frame 20 (inside a Cluster in the middle).
  const file = readFileSync(path);
  file[before[20]!.offset] = 0;
  writeFileSync(path, file);
  const reader = await SegmentReader.open(path);
  t.after(() => reader.close());
  const { frames, damaged } = await allFrames(reader);
  assert.equal(damaged, true);
  const seen = new Set(frames.map((f) => f.timeMs));
  assert.equal(seen.has(at[19]!), true, 'the frames before the damage');
  assert.equal(seen.has(at[20]!), false, 'not the damaged frame');
  assert.equal(seen.has(at[89]!), true, 'the Clusters after it');
  for (const f of frames) assert.ok(f.jpeg.equals(jpegs[at.indexOf(f.timeMs)]!));
});

test('segment reader: a file that is not a Camwall segment is refused with a clear error', async (t) => {
  const tmp = tempDir();
  t.after(tmp.remove);
  const path = join(tmp.dir, 'junk.mkv');
  writeFileSync(path, Buffer.from('definitely not matroska'));
  await assert.rejects(SegmentReader.open(path), (error: unknown) => error instanceof SegmentFormatError && /does not start like a Camwall recording/.test(error.message));
  await assert.rejects(SegmentReader.open(join(tmp.dir, 'missing.mkv')), /ENOENT/);
});
