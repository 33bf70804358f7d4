import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MovClipWriter, MAX_MOV_FRAME_BYTES } from '../../../main/export/mov-clip.ts';
import { MAX_CAPTION_BYTES, MAX_STCO_OFFSET, chunkOffsets, mdatHeaderPatch, needsCo64 } from '../../../main/export/mov-layout.ts';
import { NodeClipFile } from '../../../main/export/clip-file.ts';
import { decodeErrors, extractFrames, makeJpegs, run, tempDir } from '../recording/helpers.ts';
import { MemoryClipFile, caption, captureTimes, clipInfo, ffprobeJson, mediainfoJson, writeClip } from './helpers.ts';
import { atomAt, fullPayload, walkAtoms, type Atom } from './qt-walk.ts';
import { quickTimeSeconds } from '../../../main/export/qt-atoms.ts';

const NOMINAL_MS = 67; // clipInfo's 1000/15 ms, rounded: the last frame's duration

function writeMov(file: MemoryClipFile | NodeClipFile, jpegs: Buffer[], times: number[], force64BitOffsets = false) {
  return writeClip(new MovClipWriter(file, clipInfo(), { force64BitOffsets }), jpegs, times);
}

/** Packets of one stream as ffprobe reads them: pts and duration in ms, size. */
function packets(file: string, stream: 'v:0' | 's:0'): { pts: number; duration: number; size: number }[] {
  const out = run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,duration_time,size', '-of', 'csv=p=0', file]);
  return out.trim().split('\n').map((line) => {
    const [pts, duration, size] = line.split(',').map(Number);
    return { pts: Math.round(pts! * 1000), duration: Math.round(duration! * 1000), size: size! };
  });
}

/** The subtitle track as ffmpeg converts it to SubRip (times as in the file): [start ms, end ms, text] per cue. */
function subtitleCues(file: string): [number, number, string][] {
  const srt = run('ffmpeg', ['-v', 'error', '-copyts', '-i', file, '-map', '0:s', '-f', 'srt', '-']);
  const ms = (s: string) => { const [h, m, rest] = s.split(':'); const [sec, milli] = rest!.split(','); return ((Number(h) * 60 + Number(m)) * 60 + Number(sec)) * 1000 + Number(milli); };
  return srt.trim().split(/\n\n+/).map((block) => {
    const [, timing, ...text] = block.split('\n');
    const [from, to] = timing!.split(' --> ');
    return [ms(from!), ms(to!), text.join('\n').replace(/<[^>]+>/g, '')];
  });
}

function assertReadersAgree(path: string, jpegs: Buffer[], times: number[]): void {
  const durations = times.map((t, i) => (times[i + 1] ?? t + NOMINAL_MS) - t);
  const probe = ffprobeJson(path, ['-count_packets', '-show_entries', 'stream=codec_type,codec_name,codec_tag_string,width,height,nb_read_packets:format=duration:format_tags=title,creation_time']);
  const [video, text] = probe.streams;
  assert.deepEqual([video.codec_type, video.codec_name, video.codec_tag_string, video.width, video.height], ['video', 'mjpeg', 'jpeg', 320, 240]);
  assert.deepEqual([text.codec_type, text.codec_name, text.codec_tag_string], ['subtitle', 'mov_text', 'tx3g']);
  assert.equal(Number(video.nb_read_packets), jpegs.length);
  assert.equal(Number(text.nb_read_packets), jpegs.length);
  assert.equal(Math.round(Number(probe.format.duration) * 1000), times.at(-1)! + NOMINAL_MS);
  assert.equal(probe.format.tags.title, 'Front door');
  assert.match(probe.format.tags.creation_time, /^2026-11-21T12:00:00/);

  assert.deepEqual(packets(path, 'v:0'), jpegs.map((j, i) => ({ pts: times[i]!, duration: durations[i]!, size: j.length })), 'every frame at its capture ms');
  assert.deepEqual(subtitleCues(path), times.map((t, i) => [t, t + durations[i]!, caption(t)]), 'a caption per frame, on the same instants');

  const back = extractFrames(path);
  assert.equal(back.length, jpegs.length);
  back.forEach((frame, i) => assert.ok(frame.equals(jpegs[i]!), `frame ${i} differs`));
  assert.equal(decodeErrors(path), '');

  const [general, mvideo, mtext] = mediainfoJson(path).track;
  assert.deepEqual([general!.Format, general!.Format_Profile, general!.Title], ['MPEG-4', 'QuickTime', 'Front door']);
  assert.deepEqual([mvideo!.Format, mvideo!.CodecID, mvideo!.FrameCount, mvideo!.FrameRate_Mode], ['JPEG', 'jpeg', String(jpegs.length), 'VFR']);
  assert.equal(Math.round(Number(mvideo!.Duration) * 1000), times.at(-1)! + NOMINAL_MS);
  assert.deepEqual([mtext!['@type'], mtext!.Format, mtext!.CodecID, mtext!.FrameCount], ['Text', 'Timed Text', 'tx3g', String(jpegs.length)]);
}

test('MOV: every frame byte-identical at its exact capture ms, a caption sample per frame; ffprobe, ffmpeg and mediainfo agree', () => {
  const tmp = tempDir('camwall-mov-');
  try {
    const jpegs = makeJpegs(40);
    const times = captureTimes(jpegs.length);
    const path = join(tmp.dir, 'clip.mov');
    assert.deepEqual(writeMov(new NodeClipFile(path), jpegs, times), { exact: true, note: null });
    assertReadersAgree(path, jpegs, times);
    assert.ok(times[13]! - times[12]! >= 2000, 'the clip has a 2 s gap: the frame before it is held');
  } finally { tmp.remove(); }
});

test('MOV with co64 and a 64-bit mdat header (forced, as past 4 GiB): the readers take them', () => {
  const tmp = tempDir('camwall-mov-');
  try {
    const jpegs = makeJpegs(30, 640, 360);
    const times = captureTimes(jpegs.length);
    const path = join(tmp.dir, 'large.mov');
    writeMov(new NodeClipFile(path), jpegs, times, true);
    const atoms = walkAtoms(readFileSync(path));
    assert.deepEqual(atoms.map((a) => a.type), ['ftyp', 'mdat', 'moov'], 'the 64-bit mdat header took the wide atom\'s room');
    assert.equal(atoms[1]!.headerBytes, 16);
    const traks = atomAt(atoms, 'moov').children!.filter((a) => a.type === 'trak');
    for (const trak of traks) assert.ok(atomAt([trak], 'trak', 'mdia', 'minf', 'stbl', 'co64'));
    const probe = ffprobeJson(path, ['-count_packets', '-show_entries', 'stream=width,height,nb_read_packets']);
    assert.deepEqual([probe.streams[0].width, probe.streams[0].height], [640, 360]);
    assert.deepEqual(packets(path, 'v:0').map((p) => p.pts), times);
    const back = extractFrames(path);
    assert.equal(back.length, jpegs.length);
    back.forEach((frame, i) => assert.ok(frame.equals(jpegs[i]!), `frame ${i} differs`));
    assert.equal(mediainfoJson(path).track[1]!.FrameCount, String(jpegs.length));
  } finally { tmp.remove(); }
});

test('the offset table switches to co64, and mdat to a 64-bit header, only past 4 GiB', () => {
  assert.equal(needsCo64([28, MAX_STCO_OFFSET], false), false);
  assert.equal(needsCo64([28, MAX_STCO_OFFSET + 1], false), true);
  assert.equal(needsCo64([28], true), true);
  assert.equal(chunkOffsets([28, MAX_STCO_OFFSET], false).toString('latin1', 4, 8), 'stco');
  const co64 = chunkOffsets([28, MAX_STCO_OFFSET + 1], false);
  assert.equal(co64.toString('latin1', 4, 8), 'co64');
  assert.equal(Number(co64.readBigUInt64BE(16 + 8)), MAX_STCO_OFFSET + 1);
  // ftyp is 20 bytes, wide 8, so mdat starts at 28.
  assert.deepEqual(mdatHeaderPatch(20, 28, 28 + 2 ** 32 - 1, false), { at: 28, bytes: Buffer.from([0xff, 0xff, 0xff, 0xff]) });
  const large = mdatHeaderPatch(20, 28, 28 + 2 ** 32, false);
  assert.equal(large.at, 20);
  assert.equal(large.bytes.readUInt32BE(0), 1);
  assert.equal(large.bytes.toString('latin1', 4, 8), 'mdat');
  assert.equal(Number(large.bytes.readBigUInt64BE(8)), 2 ** 32 + 8);
});

function u32s(file: Buffer, a: Atom, skip: number, count: number, width = 4): number[] {
  const at = fullPayload(a) + skip;
  return Array.from({ length: count }, (_, i) => (width === 8 ? Number(file.readBigUInt64BE(at + 8 * i)) : file.readUInt32BE(at + 4 * i)));
}

test('MOV layout: ftyp qt, mdat first, moov last; jpeg sample entry; run-length stts of ms durations; offsets on the samples', () => {
  const jpegs = makeJpegs(40);
  const times = captureTimes(jpegs.length);
  const file = new MemoryClipFile();
  writeMov(file, jpegs, times);
  const bytes = file.bytes;
  const atoms = walkAtoms(bytes);
  assert.deepEqual(atoms.map((a) => a.type), ['ftyp', 'wide', 'mdat', 'moov']);
  assert.equal(bytes.toString('latin1', 8, 12), 'qt  ');
  const [videoTrak, textTrak] = atomAt(atoms, 'moov').children!.filter((a) => a.type === 'trak');
  const stbl = (trak: Atom) => atomAt([trak], 'trak', 'mdia', 'minf', 'stbl');
  assert.equal(bytes.readUInt32BE(fullPayload(atomAt([videoTrak!], 'trak', 'mdia', 'mdhd')) + 8), 1000, 'timescale');
  assert.equal(bytes.toString('latin1', fullPayload(atomAt([videoTrak!], 'trak', 'mdia', 'hdlr')) + 4, fullPayload(atomAt([videoTrak!], 'trak', 'mdia', 'hdlr')) + 8), 'vide');
  assert.ok(atomAt([videoTrak!], 'trak', 'mdia', 'minf', 'vmhd'));
  assert.ok(atomAt([videoTrak!], 'trak', 'mdia', 'minf', 'dinf', 'dref'));

  const stsd = atomAt([stbl(videoTrak!)], 'stbl', 'stsd');
  const entry = fullPayload(stsd) + 4;
  assert.equal(bytes.toString('latin1', entry + 4, entry + 8), 'jpeg');
  assert.deepEqual([bytes.readUInt16BE(entry + 32), bytes.readUInt16BE(entry + 34)], [320, 240]);
  assert.deepEqual([bytes.readUInt32BE(entry + 36), bytes.readUInt32BE(entry + 40)], [72 << 16, 72 << 16], '72 dpi');
  assert.equal(bytes.toString('latin1', entry + 51, entry + 51 + bytes[entry + 50]!), 'Photo - JPEG');
  assert.equal(bytes.readUInt16BE(entry + 82), 24, 'depth');

  const durations = times.map((t, i) => (times[i + 1] ?? t + NOMINAL_MS) - t);
  for (const trak of [videoTrak!, textTrak!]) {
    const stts = atomAt([stbl(trak)], 'stbl', 'stts');
    const runs = bytes.readUInt32BE(fullPayload(stts));
    const decoded = u32s(bytes, stts, 4, runs * 2);
    const expanded = decoded.flatMap((v, i) => (i % 2 === 0 ? Array<number>(v).fill(decoded[i + 1]!) : []));
    assert.deepEqual(expanded, durations, 'stts: one duration per frame');
    assert.ok(runs < durations.length, 'equal neighbours share a run');
  }
  const sizes = u32s(bytes, atomAt([stbl(videoTrak!)], 'stbl', 'stsz'), 8, jpegs.length);
  const offsets = u32s(bytes, atomAt([stbl(videoTrak!)], 'stbl', 'stco'), 4, jpegs.length);
  jpegs.forEach((j, i) => assert.ok(bytes.subarray(offsets[i]!, offsets[i]! + sizes[i]!).equals(j), `stco/stsz of frame ${i}`));
  const textOffsets = u32s(bytes, atomAt([stbl(textTrak!)], 'stbl', 'stco'), 4, jpegs.length);
  textOffsets.forEach((o, i) => {
    const text = bytes.toString('utf8', o + 2, o + 2 + bytes.readUInt16BE(o));
    assert.equal(text, caption(times[i]!), `caption sample ${i}`);
  });
  const textHandler = fullPayload(atomAt([textTrak!], 'trak', 'mdia', 'hdlr'));
  assert.equal(bytes.toString('latin1', textHandler + 4, textHandler + 8), 'sbtl');
  const textEntry = fullPayload(atomAt([stbl(textTrak!)], 'stbl', 'stsd')) + 4;
  assert.equal(bytes.toString('latin1', textEntry + 4, textEntry + 8), 'tx3g');
  assert.ok(atomAt([textTrak!], 'trak', 'mdia', 'minf', 'gmhd'));
});

test('MOV: a clip whose first frame comes after its start holds an empty edit until then', () => {
  const tmp = tempDir('camwall-mov-');
  try {
    const jpegs = makeJpegs(5);
    const times = [500, 567, 633, 700, 767];
    const path = join(tmp.dir, 'late.mov');
    writeMov(new NodeClipFile(path), jpegs, times);
    assert.deepEqual(packets(path, 'v:0').map((p) => p.pts), times);
    assert.deepEqual(subtitleCues(path).map((c) => c[0]), times);
  } finally { tmp.remove(); }
});

test('MOV: frames in one millisecond are kept 1 ms apart, never on one instant', () => {
  const file = new MemoryClipFile();
  const jpegs = makeJpegs(3);
  const writer = new MovClipWriter(file, clipInfo());
  [0, 0.2, 0.4].forEach((t, i) => writer.addFrame(jpegs[i]!, t, caption(t)));
  writer.finish();
  const stts = atomAt(walkAtoms(file.bytes), 'moov', 'trak', 'mdia', 'minf', 'stbl', 'stts');
  assert.deepEqual(u32s(file.bytes, stts, 0, 5), [2, 2, 1, 1, NOMINAL_MS]);
});

test('MOV refuses what its fields cannot hold, naming the frame', () => {
  const writer = new MovClipWriter(new MemoryClipFile(), clipInfo());
  const huge = { byteLength: MAX_MOV_FRAME_BYTES + 1 } as Uint8Array;
  assert.throws(() => writer.addFrame(huge, 0, caption(0)), /frame 1 \(at 0 ms\) is 4294967296 bytes; a MOV sample holds at most 4294967295/);
  assert.throws(() => writer.addFrame(makeJpegs(1)[0]!, 5, 'x'.repeat(MAX_CAPTION_BYTES + 1)), /the caption of frame 1 \(at 5 ms\) is 65536 bytes/);
  assert.throws(() => writer.addFrame(makeJpegs(1)[0]!, 2 ** 32, caption(0)), /frame 1 is at 4294967296 ms, past the 4294967295 ms/);
});

test('QuickTime times: seconds since 1904, and 0 (unknown) past what 32 bits hold in 2040', () => {
  assert.equal(quickTimeSeconds(0), 2_082_844_800);
  assert.equal(quickTimeSeconds(Date.UTC(2040, 1, 6, 6, 28, 15)), 2 ** 32 - 1);
  assert.equal(quickTimeSeconds(Date.UTC(2040, 1, 6, 6, 28, 16)), 0);
});
