// `camwall probe` against a server nobody here wrote: ffmpeg's own MJPEG-over-HTTP output
// (`-f mpjpeg -listen 1`), which declares `application/octet-stream` and delimits with --ffmpeg.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastJsonLine, runCli, type CliResult } from '../../support/run-cli.ts';
import { freePort } from '../../support/free-port.ts';

const FRAMES = 8;
/** ffmpeg needs a moment to start listening; probe is retried while the port refuses. */
const FFMPEG_START_DEADLINE_MS = 30_000;
let dir: string;
let ffmpeg: ChildProcess | null = null;


before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camwall-ffmpeg-'));
});
after(async () => {
  if (ffmpeg && ffmpeg.exitCode === null) ffmpeg.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

test('probe reads ffmpeg mpjpeg over HTTP: frames, 320x240, saved files ffprobe decodes', { timeout: 90_000 }, async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/stream`;
  ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10',
    '-c:v', 'mjpeg', '-f', 'mpjpeg', '-listen', '1', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  let ffmpegErrors = '';
  ffmpeg.stderr?.setEncoding('utf8').on('data', (d: string) => { ffmpegErrors += d; });

  const save = join(dir, 'frames');
  const started = Date.now();
  let result: CliResult;
  // A refused connection does not use up ffmpeg's single -listen 1 client, so retrying is safe.
  for (;;) {
    result = await runCli(['probe', url, '--frames', String(FRAMES), '--save', save, '--json']);
    if (result.code !== 5 || !/refused/.test(result.stderr)) break;
    assert.ok(Date.now() - started < FFMPEG_START_DEADLINE_MS, `ffmpeg never started listening: ${ffmpegErrors}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(result.code, 0, `${result.stderr}\nffmpeg: ${ffmpegErrors}`);
  const report = lastJsonLine(result.stdout);
  assert.equal(report.frames, FRAMES);
  assert.equal(report.width, 320);
  assert.equal(report.height, 240);
  assert.equal(report.boundary, 'ffmpeg');
  assert.equal(report.framingFromBody, true, 'ffmpeg declares application/octet-stream');
  assert.equal(report.rejected, 0);

  const files = await readdir(save);
  assert.equal(files.length, FRAMES);
  await Promise.all(files.map(async (file) => {
    // -count_frames decodes the picture, so a cut or corrupt JPEG fails here, not just its header.
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', join(save, file)]);
    const stream = (JSON.parse(stdout) as { streams: unknown[] }).streams[0];
    assert.deepEqual(stream, { codec_name: 'mjpeg', width: 320, height: 240, nb_read_frames: '1' }, file);
  }));
});
