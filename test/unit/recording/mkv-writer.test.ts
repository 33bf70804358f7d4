import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MkvWriter, CLUSTER_MAX_BYTES } from '../../../main/media/mkv-writer.ts';
import { nodeRecordingFs, type RecordingFs } from '../../../main/base/recording-fs.ts';
import { readHeader } from '../../../main/media/mkv-scan.ts';
import { ID, readId, readSize, readUint } from '../../../main/media/ebml.ts';
import { decodeErrors, extractFrames, makeJpegs, probePackets, run, tempDir } from './helpers.ts';

/** Irregular arrival times like a real camera: jitter, a burst, a 1.5 s and a 40 s gap. */
function arrivalTimes(count: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    times.push(t);
    t += i === 10 ? 1500 : i === 20 ? 40_000 : i % 7 === 0 ? 3 : 41 + ((i * 37) % 52);
  }
  return times;
}

type TopElement = { id: number; pos: number; dataPos: number; size: number };

function topLevel(file: Buffer): { dataStart: number; children: TopElement[] } {
  const ebmlSize = readSize(file, 4)!;
  const segPos = 4 + ebmlSize.length + ebmlSize.value;
  const dataStart = segPos + 12;
  const children: TopElement[] = [];
  let pos = dataStart;
  while (pos < file.length) {
    const id = readId(file, pos)!;
    const size = readSize(file, pos + id.length)!;
    assert.equal(size.unknown, false, `element at ${pos} still has an unknown size`);
    const dataPos = pos + id.length + size.length;
    children.push({ id: id.id, pos, dataPos, size: size.value });
    pos = dataPos + size.value;
  }
  assert.equal(pos, file.length);
  return { dataStart, children };
}

function walk(file: Buffer, start: number, end: number): TopElement[] {
  const out: TopElement[] = [];
  for (let pos = start; pos < end;) {
    const id = readId(file, pos)!;
    const size = readSize(file, pos + id.length)!;
    const dataPos = pos + id.length + size.length;
    out.push({ id: id.id, pos, dataPos, size: size.value });
    pos = dataPos + size.value;
  }
  return out;
}

test('every frame comes back byte-identical with its arrival timestamp', () => {
  const tmp = tempDir();
  try {
    const jpegs = makeJpegs(40);
    const times = arrivalTimes(jpegs.length);
    const path = join(tmp.dir, 'a.mkv');
    const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: Date.UTC(2026, 10, 21, 12, 0, 0) });
    jpegs.forEach((jpeg, i) => writer.writeFrame(jpeg, times[i]!));
    const totals = writer.finish();
    assert.equal(totals.frames, jpegs.length);
    assert.equal(decodeErrors(path), '');
    assert.deepEqual(probePackets(path), jpegs.map((j, i) => ({ ptsMs: times[i]!, size: j.length })));
    const back = extractFrames(path);
    assert.equal(back.length, jpegs.length);
    back.forEach((frame, i) => assert.ok(frame.equals(jpegs[i]!), `frame ${i} differs`));
    const format = run('ffprobe', ['-v', 'error', '-show_entries', 'format_tags=creation_time:stream=codec_name,width,height', '-of', 'default=nw=1', path]);
    assert.match(format, /codec_name=mjpeg/);
    assert.match(format, /width=320\nheight=240/);
    assert.match(format, /creation_time=2026-11-21T12:00:00/);
    const overhead = totals.bytes - jpegs.reduce((s, j) => s + j.length, 0);
    assert.ok(overhead / jpegs.length < 40, `overhead ${overhead} bytes for ${jpegs.length} frames`);
  } finally { tmp.remove(); }
});

test('clusters close after 1 s, after 2 MiB and before the relative timestamp overflows; Cues point at them', () => {
  const tmp = tempDir();
  try {
    const jpegs = makeJpegs(40);
    const times = arrivalTimes(jpegs.length);
    const path = join(tmp.dir, 'a.mkv');
    const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: Date.now() });
    jpegs.forEach((jpeg, i) => writer.writeFrame(jpeg, times[i]!));
    // Large frames (padding before EOI is not what cameras send, so use a real JPEG repeated).
    const big = Buffer.concat([jpegs[0]!.subarray(0, -2), Buffer.alloc(700_000), Buffer.from([0xff, 0xd9])]);
    for (let i = 0; i < 6; i++) writer.writeFrame(big, times.at(-1)! + 10 + i);
    writer.finish();
    const file = readFileSync(path);
    const { dataStart, children } = topLevel(file);
    const clusters = children.filter((c) => c.id === ID.Cluster);
    const cues = children.find((c) => c.id === ID.Cues)!;
    assert.ok(cues, 'Cues written');
    assert.equal(children[0]!.id, ID.SeekHead);
    for (const cluster of clusters) {
      const inner = walk(file, cluster.dataPos, cluster.dataPos + cluster.size);
      assert.equal(inner[0]!.id, ID.ClusterTimestamp);
      const blocks = inner.slice(1);
      const rel = blocks.map((b) => file.readInt16BE(b.dataPos + 1));
      assert.ok(rel.every((r) => r >= 0 && r < 1000 + 1), `relative timestamps ${rel}`);
      assert.ok(cluster.size <= CLUSTER_MAX_BYTES || blocks.length === 1, `cluster of ${cluster.size} bytes`);
    }
    // The 40 s gap and the 1.5 s gap each start a cluster.
    assert.ok(clusters.length >= 5, `${clusters.length} clusters`);
    const points = walk(file, cues.dataPos, cues.dataPos + cues.size);
    assert.equal(points.length, clusters.length);
    points.forEach((point, i) => {
      const [time, positions] = walk(file, point.dataPos, point.dataPos + point.size);
      const [, clusterPos] = walk(file, positions!.dataPos, positions!.dataPos + positions!.size);
      const at = dataStart + readUint(file, clusterPos!.dataPos, clusterPos!.size);
      assert.equal(at, clusters[i]!.pos);
      const stamp = walk(file, clusters[i]!.dataPos, clusters[i]!.dataPos + 16)[0]!;
      assert.equal(readUint(file, time!.dataPos, time!.size), readUint(file, stamp.dataPos, stamp.size));
    });
    const header = readHeader(file)!;
    assert.equal(header.width, 320);
    assert.equal(header.segmentSize, file.length - dataStart);
  } finally { tmp.remove(); }
});

test('seeking through the Cues returns the frame at or before the asked time', () => {
  const tmp = tempDir();
  try {
    const jpegs = makeJpegs(90);
    const path = join(tmp.dir, 'a.mkv');
    const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: Date.now() });
    jpegs.forEach((jpeg, i) => writer.writeFrame(jpeg, i * 100));
    writer.finish();
    for (const seconds of [2.35, 5, 8.05]) {
      const out = join(tmp.dir, `seek-${seconds}.jpg`);
      run('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', path, '-frames:v', '1', '-c', 'copy', '-f', 'image2', out]);
      const expected = jpegs[Math.floor(seconds * 10 + 1e-9)]!;
      assert.ok(readFileSync(out).equals(expected), `seek to ${seconds} s`);
    }
  } finally { tmp.remove(); }
});

test('each frame is one write of block header plus JPEG, and an unfinished file already plays', () => {
  const tmp = tempDir();
  try {
    const jpegs = makeJpegs(40);
    const path = join(tmp.dir, 'a.mkv');
    const writesWithJpeg: number[] = [];
    const counting: RecordingFs = {
      ...nodeRecordingFs,
      writev: (fd, buffers, position) => {
        const jpegIndex = jpegs.findIndex((j) => buffers.includes(j));
        if (jpegIndex >= 0) writesWithJpeg.push(jpegIndex);
        return nodeRecordingFs.writev(fd, buffers, position);
      },
    };
    const writer = new MkvWriter(counting, path, { width: 320, height: 240, startWallMs: Date.now() });
    jpegs.forEach((jpeg, i) => writer.writeFrame(jpeg, i * 70));
    assert.deepEqual(writesWithJpeg, jpegs.map((_, i) => i));
    const snapshot = join(tmp.dir, 'snapshot.mkv');
    copyFileSync(path, snapshot);
    assert.equal(decodeErrors(snapshot), '');
    assert.equal(probePackets(snapshot).length, jpegs.length);
    writer.finish();
  } finally { tmp.remove(); }
});

test('a frame after close or beyond the block size limit is refused with a clear message', () => {
  const tmp = tempDir();
  try {
    const writer = new MkvWriter(nodeRecordingFs, join(tmp.dir, 'a.mkv'), { width: 320, height: 240, startWallMs: Date.now() });
    assert.throws(() => writer.writeFrame(new Uint8Array(2 ** 28), 0), /exceeds the .*-byte block limit/);
    writer.writeFrame(makeJpegs(40)[0]!, 0);
    writer.finish();
    assert.throws(() => writer.writeFrame(makeJpegs(40)[0]!, 10), /already closed/);
    assert.throws(() => new MkvWriter(nodeRecordingFs, join(tmp.dir, 'a.mkv'), { width: 1, height: 1, startWallMs: 0 }), /EEXIST/);
  } finally { tmp.remove(); }
});

test('frames arriving in the same millisecond get strictly increasing timestamps (regression: ffmpeg rejected equal dts)', () => {
  const tmp = tempDir();
  try {
    const jpegs = makeJpegs(40).slice(0, 6);
    const path = join(tmp.dir, 'burst.mkv');
    const writer = new MkvWriter(nodeRecordingFs, path, { width: 320, height: 240, startWallMs: Date.now() });
    [0, 100, 100, 100, 99.6, 250].forEach((t, i) => writer.writeFrame(jpegs[i]!, t));
    writer.finish();
    assert.deepEqual(probePackets(path).map((p) => p.ptsMs), [0, 100, 101, 102, 103, 250]);
    assert.equal(decodeErrors(path), '');
  } finally { tmp.remove(); }
});
