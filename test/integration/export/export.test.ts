// Exports as a user makes them: `camwall export` from real recordings (the recorder's segments
// of the simulator's frames, across rotations and a gap), read back by ffprobe, ffmpeg and
// mediainfo; `camwall verify` on intact and tampered exports; a disk that fills mid-export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, unlinkSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { FolderCatalog } from '../../../main/playback/catalogs.ts';
import { exportClip, NothingRecordedError } from '../../../main/export/exporter.ts';
import { MkvClipWriter } from '../../../main/export/mkv-clip.ts';
import { NodeClipFile } from '../../../main/export/clip-file.ts';
import { EXPORT_KEY_FILE_NAME } from '../../../main/export/signing-key.ts';
import { recordArchive } from '../../support/recorded-archive.ts';
import { runCli, lastJsonLine } from '../../support/run-cli.ts';
import { run, tempDir } from '../../unit/recording/helpers.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

async function archive(t: import('node:test').TestContext) {
  const tmp = tempDir('camwall-export-');
  t.after(tmp.remove);
  const root = join(tmp.dir, 'recordings');
  mkdirSync(root);
  const recorded = await recordArchive({ root, segmentMs: 10_000, cameras: [{ id: 'cam-a', channel: 1, fps: 10, spans: [{ fromMs: T0, toMs: T0 + 25_000 }, { fromMs: T0 + 35_000, toMs: T0 + 50_000 }] }] });
  recorded.db.close();
  return { dir: tmp.dir, root, frames: recorded.frames.get('cam-a')!, data: join(tmp.dir, 'data') };
}

function extracted(file: string, dir: string): Buffer[] {
  mkdirSync(dir);
  run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'image2', join(dir, '%06d.jpg')]);
  return readdirSync(dir).sort().map((name) => readFileSync(join(dir, name)));
}

test('camwall export --format mkv: every frame of the range byte for byte at its exact time, a caption track, a signed manifest that verifies', { timeout: 120_000 }, async (t) => {
  const { dir, root, frames, data } = await archive(t);
  const fromMs = T0 + 12_345;
  const toMs = T0 + 41_000;
  const inRange = frames.filter((f) => f.atMs >= fromMs && f.atMs < toMs);
  const out = join(dir, 'clip.mkv');
  const result = await runCli(['export', root, '--camera', 'cam-a', '--from', iso(fromMs), '--to', iso(toMs), '--format', 'mkv', '--out', out, '--data', data, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const report = lastJsonLine(result.stdout);
  assert.equal(report.frames, inRange.length);
  assert.equal(report.gaps, 1, 'the 10 s gap is listed');
  assert.equal(report.firstFrameUtc, iso(inRange[0]!.atMs));

  // ffprobe: one MJPEG video stream with every frame at its exact ms, and a subtitle stream.
  const streams = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', out])).streams as Array<{ codec_type: string; codec_name: string }>;
  assert.deepEqual(streams.map((s) => [s.codec_type, s.codec_name]), [['video', 'mjpeg'], ['subtitle', 'subrip']]);
  const pts = run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', out]).trim().split('\n').map((l) => Math.round(Number(l) * 1000));
  assert.deepEqual(pts, inRange.map((f) => f.atMs - inRange[0]!.atMs));
  const captions = run('ffprobe', ['-v', 'error', '-select_streams', 's:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', out]).trim().split('\n');
  assert.equal(captions.length, inRange.length);
  // ffmpeg extracts the JPEGs exactly as the recorder stored them (seq by seq).
  const jpegs = extracted(out, join(dir, 'x'));
  assert.deepEqual(jpegs.map((j) => readCaptureComment(j)?.seq), inRange.map((f) => f.seq));
  // A second reader.
  const tracks = (JSON.parse(run('mediainfo', ['--Output=JSON', out])) as { media: { track: Array<Record<string, string>> } }).media.track;
  const byType = (type: string) => tracks.find((track) => track['@type'] === type)!;
  assert.equal(byType('General')['Format'], 'Matroska');
  assert.equal(byType('General')['TextCount'], '1');
  assert.match(byType('Video')['Format'] ?? '', /JPEG/);
  // mediainfo counts frames as duration x rate, which a gap inflates: check the duration instead.
  const spanMs = inRange.at(-1)!.atMs - inRange[0]!.atMs;
  assert.ok(Math.abs(Number(byType('General')['Duration']) * 1000 - spanMs) <= 200, `mediainfo duration ${byType('General')['Duration']} s for ${spanMs} ms`);

  // The manifest: signed, and verify says intact.
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
  assert.equal(manifest.cameras[0].files[0].sha256, report.sha256);
  assert.equal(manifest.cameras[0].files[0].sourceSegments.length >= 3, true, 'the segments it came from');
  assert.equal(statSync(join(data, EXPORT_KEY_FILE_NAME)).mode & 0o777, 0o600);
  const ok = await runCli(['verify', out]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /intact/);

  // A second export is signed by the same installation key.
  const out2 = join(dir, 'clip2.mkv');
  const again = await runCli(['export', root, '--camera', 'cam-a', '--from', iso(fromMs), '--to', iso(fromMs + 2_000), '--format', 'mkv', '--out', out2, '--data', data, '--json']);
  assert.equal(lastJsonLine(again.stdout).keyFingerprint, report.keyFingerprint);

  // Tampering: a changed clip byte, then a changed manifest, then no signature.
  const bytes = readFileSync(out);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) & 0xff;
  writeFileSync(out, bytes);
  const changed = await runCli(['verify', out]);
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, /changed\s+clip\.mkv/);
  const manifestText = readFileSync(`${out2}.manifest.json`, 'utf8');
  writeFileSync(`${out2}.manifest.json`, manifestText.replace('"cam-a"', '"cam-b"'));
  const forged = await runCli(['verify', out2, '--json']);
  assert.equal(forged.code, 1);
  assert.equal(lastJsonLine(forged.stdout).signature, 'invalid');
  unlinkSync(`${out2}.manifest.sig`);
  assert.equal((await runCli(['verify', out2])).code, 1);
  assert.equal((await runCli(['verify', join(dir, 'nothing-here')])).code, 2);
});

test('camwall export: nothing recorded in the range exits 4 and leaves no file; bad usage exits 2', { timeout: 120_000 }, async (t) => {
  const { dir, root, data } = await archive(t);
  const out = join(dir, 'none.mkv');
  const gap = await runCli(['export', root, '--camera', 'cam-a', '--from', iso(T0 + 27_000), '--to', iso(T0 + 33_000), '--format', 'mkv', '--out', out, '--data', data]);
  assert.equal(gap.code, 4, gap.stderr);
  assert.match(gap.stderr, /recorded nothing/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(`${out}.manifest.json`), false);
  for (const args of [
    ['export', root, '--camera', 'cam-a', '--from', iso(T0), '--to', iso(T0 - 1), '--out', out, '--data', data],
    ['export', root, '--camera', 'cam-a', '--from', iso(T0), '--to', iso(T0 + 1000), '--format', 'wmv', '--out', out, '--data', data],
    ['export', root, '--from', iso(T0), '--to', iso(T0 + 1000), '--out', out, '--data', data],
  ]) {
    const bad = await runCli(args);
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
  }
});

test('an export that fills the disk fails with the partial file removed, and the recordings are untouched', async (t) => {
  const { dir, root } = await archive(t);
  const before = spawnSync('sh', ['-c', `find ${root} -type f -exec sha256sum {} + | sort`], { encoding: 'utf8' }).stdout;
  const path = join(dir, 'full.mkv');
  let budget = 200_000;
  await assert.rejects(
    exportClip({
      catalog: new FolderCatalog(root), cameraId: 'cam-a', title: 'A', fromMs: T0, toMs: T0 + 50_000, format: 'mkv', caption: String,
      writers: (_format, file, info) => new MkvClipWriter(file, info),
      open: () => {
        const file = new NodeClipFile(path);
        const append = file.append.bind(file);
        file.append = (bytes) => {
          const size = bytes instanceof Uint8Array ? bytes.byteLength : bytes.reduce((s, b) => s + b.byteLength, 0);
          budget -= size;
          if (budget < 0) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
          return append(bytes);
        };
        return file;
      },
    }),
    (error: NodeJS.ErrnoException) => error.code === 'ENOSPC',
  );
  assert.equal(existsSync(path), false, 'the partial clip is removed');
  const after = spawnSync('sh', ['-c', `find ${root} -type f -exec sha256sum {} + | sort`], { encoding: 'utf8' }).stdout;
  assert.equal(after, before);
  await assert.rejects(
    exportClip({ catalog: new FolderCatalog(root), cameraId: 'cam-a', title: 'A', fromMs: T0 + 26_000, toMs: T0 + 30_000, format: 'mkv', caption: String, writers: (_f, file, info) => new MkvClipWriter(file, info), open: () => new NodeClipFile(path) }),
    NothingRecordedError,
  );
});

test('camwall export writes AVI by default and MOV on request; both verify, and ffmpeg extracts every frame as recorded', { timeout: 120_000 }, async (t) => {
  const { dir, root, frames, data } = await archive(t);
  const fromMs = T0 + 5_000;
  const toMs = T0 + 45_000;
  const inRange = frames.filter((f) => f.atMs >= fromMs && f.atMs < toMs);
  for (const [format, args] of [['avi', []], ['mov', ['--format', 'mov']]] as const) {
    const out = join(dir, `clip.${format}`);
    const result = await runCli(['export', root, '--camera', 'cam-a', '--from', iso(fromMs), '--to', iso(toMs), ...args, '--out', out, '--data', data, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = lastJsonLine(result.stdout);
    assert.equal(report.format, format);
    assert.equal(report.frames, inRange.length);
    assert.equal((report.timing as { exact: boolean }).exact, format === 'mov', `${format}: timing exact only where the container keeps it`);
    const jpegs = extracted(out, join(dir, `x-${format}`));
    assert.deepEqual(jpegs.map((j) => readCaptureComment(j)?.seq), inRange.map((f) => f.seq), `${format}: every frame, in order, as recorded`);
    assert.equal((await runCli(['verify', out])).code, 0);
  }
});
