import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AviClipWriter } from '../../../main/export/avi-clip.ts';
import { MAX_AVI_FRAME_BYTES, AVI_SUPER_INDEX_ENTRIES } from '../../../main/export/avi-layout.ts';
import { SlotPlacer, nominalRate } from '../../../main/export/avi-timing.ts';
import { NodeClipFile } from '../../../main/export/clip-file.ts';
import { decodeErrors, extractFrames, makeJpegs, probePackets, run, tempDir } from '../recording/helpers.ts';
import { MemoryClipFile, caption, captureTimes, clipInfo, ffprobeJson, mediainfoJson, writeClip } from './helpers.ts';
import { find, walkRiff, type RiffNode } from './riff-walk.ts';

const SLOT_MS = 1000 / 15;

function writeAvi(file: MemoryClipFile | NodeClipFile, jpegs: Buffer[], times: number[], riffLimitBytes?: number) {
  return writeClip(new AviClipWriter(file, clipInfo(), { riffLimitBytes }), jpegs, times);
}

/** Slots each frame lands in, the way the writer places them: nearest, or the next free one. */
function expectedSlots(times: number[]): number[] {
  const placer = new SlotPlacer({ rate: 15, scale: 1 });
  return times.map((t) => placer.place(t));
}

test('nominal rate: the whole frames per second nearest the interval, 1 to 120 fps', () => {
  const table: [number, number][] = [[1000 / 15, 15], [66, 15], [40, 25], [33, 30], [34, 29], [100, 10], [5000, 1], [2, 120], [0, 1], [NaN, 1]];
  for (const [interval, fps] of table) assert.deepEqual(nominalRate(interval), { rate: fps, scale: 1 }, `interval ${interval} ms`);
});

test('slots: each frame at its nearest slot; a frame whose slot is taken moves to the next free one, none dropped', () => {
  const placer = new SlotPlacer({ rate: 10, scale: 1 });
  // 0 → 0, 149 → 1, 151 → 2, 153 (burst) → 3 (moved), 160 → 4 (moved: 2 is behind), 900 → 9.
  assert.deepEqual([0, 149, 151, 153, 160, 900].map((t) => placer.place(t)), [0, 1, 2, 3, 4, 9]);
  assert.equal(placer.moved, 2);
  assert.equal(placer.slots, 10);
});

test('AVI: every frame comes back byte-identical and in order; ffmpeg skips the empty slots and keeps the timeline', () => {
  const tmp = tempDir('camwall-avi-');
  try {
    const jpegs = makeJpegs(40);
    const times = captureTimes(jpegs.length);
    const path = join(tmp.dir, 'clip.avi');
    const report = writeAvi(new NodeClipFile(path), jpegs, times);
    assert.equal(report.exact, false);
    assert.match(report.note ?? '', /^timing rounded to 1\/15 s; /);
    const slots = expectedSlots(times);
    const totalSlots = slots.at(-1)! + 1;

    const probe = ffprobeJson(path, ['-count_packets', '-show_entries', 'stream=codec_name,codec_tag_string,width,height,r_frame_rate,nb_frames,nb_read_packets:format=duration:format_tags=title']);
    const stream = probe.streams[0];
    assert.equal(stream.codec_name, 'mjpeg');
    assert.equal(stream.codec_tag_string, 'MJPG');
    assert.deepEqual([stream.width, stream.height, stream.r_frame_rate], [320, 240, '15/1']);
    assert.equal(Number(stream.nb_read_packets), jpegs.length, 'ffmpeg reads one packet per frame, none for empty slots');
    assert.equal(Number(stream.nb_frames), totalSlots, 'the stream header counts every slot');
    assert.equal(Number(probe.format.duration).toFixed(3), ((totalSlots * 1000) / 15 / 1000).toFixed(3));
    assert.equal(probe.format.tags.title, 'Front door');

    const packets = probePackets(path);
    assert.deepEqual(packets.map((p) => p.size), jpegs.map((j) => j.length));
    packets.forEach((p, i) => {
      assert.equal(p.ptsMs, Math.round(slots[i]! * SLOT_MS), `frame ${i} is not at its slot`);
      assert.ok(Math.abs(p.ptsMs - times[i]!) <= SLOT_MS, `frame ${i} at ${p.ptsMs} ms, captured at ${times[i]} ms`);
    });
    assert.ok(packets[13]!.ptsMs - packets[12]!.ptsMs >= 2000, 'the 2 s gap is kept');

    const back = extractFrames(path);
    assert.equal(back.length, jpegs.length, 'ffmpeg -c copy writes one image per frame, none for empty slots');
    back.forEach((frame, i) => assert.ok(frame.equals(jpegs[i]!), `frame ${i} differs`));
    assert.equal(decodeErrors(path), '');

    const [general, video] = mediainfoJson(path).track;
    assert.equal(general!.Format, 'AVI');
    assert.equal(general!.Title, 'Front door');
    assert.deepEqual([video!.Format, video!.CodecID, video!.FrameRate, video!.FrameCount], ['JPEG', 'MJPG', '15.000', String(totalSlots)]);
    assert.equal(Number(video!.Duration).toFixed(3), (totalSlots / 15).toFixed(3));
  } finally { tmp.remove(); }
});

/** Reads the chunk an index entry points at: its ID and size. */
function chunkAt(file: Buffer, pos: number): { id: string; size: number } {
  return { id: file.toString('latin1', pos, pos + 4), size: file.readUInt32LE(pos + 4) };
}

test('AVI layout: MJPG stream header and bitmap header, indx super index, dmlh totals, ix00 and idx1 entries on the chunks', () => {
  const jpegs = makeJpegs(40);
  const times = captureTimes(jpegs.length);
  const file = new MemoryClipFile();
  writeAvi(file, jpegs, times);
  const bytes = file.bytes;
  const slots = expectedSlots(times);
  const totalSlots = slots.at(-1)! + 1;
  const [riff, ...rest] = walkRiff(bytes);
  assert.equal(rest.length, 0, 'a small clip is one RIFF');
  assert.equal(riff!.type, 'AVI ');
  const [hdrl, info, movi, idx1] = riff!.children!;
  assert.deepEqual([hdrl!.type, info!.type, movi!.type, idx1!.id], ['hdrl', 'INFO', 'movi', 'idx1']);
  const avih = find(hdrl!.children!, 'avih')[0]!;
  assert.equal(bytes.readUInt32LE(avih.pos + 8), 66_667, 'microseconds per frame');
  assert.equal(bytes.readUInt32LE(avih.pos + 8 + 16), totalSlots, 'avih total frames: the first RIFF');
  const strl = find(hdrl!.children!, 'LIST', 'strl')[0]!;
  const [strh, strf, indx] = strl.children!;
  assert.equal(bytes.toString('latin1', strh!.pos + 8, strh!.pos + 16), 'vidsMJPG');
  assert.deepEqual([bytes.readUInt32LE(strh!.pos + 28), bytes.readUInt32LE(strh!.pos + 32)], [1, 15], 'scale, rate');
  assert.equal(bytes.readUInt32LE(strh!.pos + 40), totalSlots, 'strh length: every slot');
  assert.equal(strf!.id, 'strf');
  assert.equal(bytes.toString('latin1', strf!.pos + 8 + 16, strf!.pos + 8 + 20), 'MJPG', 'biCompression');
  assert.equal(indx!.id, 'indx');
  assert.equal(indx!.size, 24 + 16 * AVI_SUPER_INDEX_ENTRIES);
  const dmlh = find(find(hdrl!.children!, 'LIST', 'odml')[0]!.children!, 'dmlh')[0]!;
  assert.equal(bytes.readUInt32LE(dmlh.pos + 8), totalSlots);

  // The super index's one entry is the ix00 at the end of 'movi'.
  assert.equal(bytes.readUInt32LE(indx!.pos + 12), 1, 'entries in use');
  const ixPos = Number(bytes.readBigUInt64LE(indx!.pos + 32));
  const ix = movi!.children!.at(-1)!;
  assert.deepEqual([ix.id, ix.pos], ['ix00', ixPos]);
  assert.equal(bytes.readUInt32LE(indx!.pos + 40), ix.size + 8);
  assert.equal(bytes.readUInt32LE(indx!.pos + 44), totalSlots, 'duration in slots');

  const chunks = movi!.children!.slice(0, -1);
  assert.equal(chunks.length, totalSlots);
  assert.ok(chunks.every((c) => c.id === '00dc'));
  const frameChunks = chunks.filter((c) => c.size > 0);
  assert.deepEqual(frameChunks.map((c) => bytes.subarray(c.pos + 8, c.pos + 8 + c.size)), jpegs);
  assert.deepEqual(chunks.flatMap((c, slot) => (c.size > 0 ? [slot] : [])), slots, 'frames in their slots');
  assert.ok(jpegs.some((j) => j.length % 2 === 1), 'the test has odd-sized frames (padded chunks)');

  const base = Number(bytes.readBigUInt64LE(ix.pos + 20));
  assert.equal(base, movi!.pos + 8, 'ix00 is based at the movi code');
  assert.equal(bytes.readUInt32LE(ix.pos + 12), totalSlots);
  chunks.forEach((c, i) => {
    const offset = bytes.readUInt32LE(ix.pos + 32 + 8 * i);
    const size = bytes.readUInt32LE(ix.pos + 36 + 8 * i);
    assert.equal(base + offset, c.pos + 8, `ix00 entry ${i} points at its chunk's data`);
    assert.equal(size, c.size === 0 ? 0x80000000 : c.size, `ix00 entry ${i}: size and key-frame bit`);
    const entry = idx1!.pos + 8 + 16 * i;
    assert.equal(bytes.toString('latin1', entry, entry + 4), '00dc');
    assert.equal(bytes.readUInt32LE(entry + 4), c.size === 0 ? 0 : 0x10, `idx1 entry ${i} flags`);
    assert.deepEqual(chunkAt(bytes, movi!.pos + 8 + bytes.readUInt32LE(entry + 8)), { id: '00dc', size: c.size }, `idx1 entry ${i}`);
    assert.equal(bytes.readUInt32LE(entry + 12), c.size);
  });
});

test('OpenDML: past the RIFF limit the clip goes on in AVIX pieces under the limit, each indexed, and ffmpeg reads every frame', () => {
  const tmp = tempDir('camwall-avi-');
  try {
    const limit = 1024 * 1024;
    const jpegs = makeJpegs(400);
    const times = captureTimes(jpegs.length);
    const path = join(tmp.dir, 'long.avi');
    writeAvi(new NodeClipFile(path), jpegs, times, limit);
    const bytes = readFileSync(path);
    const riffs = walkRiff(bytes);
    assert.equal(riffs[0]!.type, 'AVI ');
    assert.ok(riffs.length >= 3, `${riffs.length} RIFF pieces`);
    assert.ok(riffs.slice(1).every((r) => r.type === 'AVIX'));
    for (const r of riffs) assert.ok(r.size + 8 <= limit, `RIFF at ${r.pos} is ${r.size + 8} bytes`);
    const pieces: RiffNode[] = riffs.map((r) => find(r.children!, 'LIST', 'movi')[0]!);
    assert.ok(pieces.every((movi) => movi.children!.at(-1)!.id === 'ix00'), 'every movi ends with its ix00');
    assert.equal(find(riffs[0]!.children!, 'idx1').length, 1);
    assert.ok(riffs.slice(1).every((r) => find(r.children!, 'idx1').length === 0), 'idx1 only in the first RIFF');
    const slots = expectedSlots(times);
    const indx = find(find(riffs[0]!.children!, 'LIST', 'hdrl')[0]!.children!, 'LIST', 'strl')[0]!.children!.find((c) => c.id === 'indx')!;
    assert.equal(bytes.readUInt32LE(indx.pos + 12), riffs.length, 'one super index entry per piece');
    const perPiece = pieces.map((movi) => movi.children!.length - 1);
    assert.equal(perPiece.reduce((a, b) => a + b, 0), slots.at(-1)! + 1);
    perPiece.forEach((n, i) => assert.equal(bytes.readUInt32LE(indx.pos + 44 + 16 * i), n, `piece ${i} duration`));

    const probe = ffprobeJson(path, ['-count_packets', '-show_entries', 'stream=codec_name,nb_frames,nb_read_packets']);
    assert.equal(probe.streams[0].codec_name, 'mjpeg');
    assert.equal(Number(probe.streams[0].nb_read_packets), jpegs.length);
    assert.equal(Number(probe.streams[0].nb_frames), slots.at(-1)! + 1, 'dwLength counts every piece');
    const packets = probePackets(path);
    packets.forEach((p, i) => assert.equal(p.ptsMs, Math.round(slots[i]! * SLOT_MS), `frame ${i}`));
    // A reader that takes only idx1 (then scans the AVIX pieces), and one that ignores every index, agree.
    for (const readerOptions of [['-use_odml', '0'], ['-fflags', '+ignidx']]) {
      const out = run('ffprobe', ['-v', 'error', ...readerOptions, '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path]);
      assert.deepEqual(out.trim().split('\n').map((pts) => Math.round(Number(pts) * 1000)), packets.map((p) => p.ptsMs), readerOptions.join(' '));
    }
    const back = extractFrames(path);
    assert.equal(back.length, jpegs.length);
    back.forEach((frame, i) => assert.ok(frame.equals(jpegs[i]!), `frame ${i} differs`));
    assert.equal(decodeErrors(path), '');
    const [general, video] = mediainfoJson(path).track;
    assert.deepEqual([general!.Format, general!.Format_Profile], ['AVI', 'OpenDML']);
    assert.equal(video!.FrameCount, String(slots.at(-1)! + 1));
  } finally { tmp.remove(); }
});

test('a frame too large for an AVI index entry or a RIFF piece is an error naming the frame', () => {
  const jpegs = makeJpegs(2);
  const small = new AviClipWriter(new MemoryClipFile(), clipInfo(), { riffLimitBytes: 64 * 1024 });
  small.addFrame(jpegs[0]!, 0, caption(0));
  assert.throws(() => small.addFrame(Buffer.alloc(70 * 1024, 0xff), 67, caption(67)), /frame 2 \(at 67 ms\) is 71680 bytes: it does not fit in an AVI piece of 65536 bytes/);
  const huge = { byteLength: MAX_AVI_FRAME_BYTES + 1 } as Uint8Array;
  const writer = new AviClipWriter(new MemoryClipFile(), clipInfo());
  assert.throws(() => writer.addFrame(huge, 0, caption(0)), /frame 1 \(at 0 ms\) is 2147483648 bytes; an AVI index entry holds at most 2147483647/);
});

test('a clip that would need more pieces than the super index holds is refused at the frame that opens one more', () => {
  const frame = Buffer.alloc(1000, 0xab);
  const writer = new AviClipWriter(new MemoryClipFile(), clipInfo(), { riffLimitBytes: 4096 });
  let added = 0;
  const error = (() => {
    try {
      for (; added < 10 * AVI_SUPER_INDEX_ENTRIES; added++) writer.addFrame(frame, (added * 1000) / 15, caption(0));
    } catch (e) { return e as Error; }
    return null;
  })();
  assert.ok(added >= AVI_SUPER_INDEX_ENTRIES, `refused after ${added} frames`);
  assert.match(error?.message ?? 'no error', new RegExp(`^frame ${added + 1} \\(at [\\d.]+ ms\\) needs AVI piece ${AVI_SUPER_INDEX_ENTRIES + 1}, more than the super index holds`));
});
