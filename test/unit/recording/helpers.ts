// Shared by the recording tests: real JPEGs from ffmpeg, temp folders, and ffmpeg/ffprobe runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'camwall-rec-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function withTemp<T>(prefix: string, fn: (dir: string) => T): T {
  const tmp = tempDir(prefix);
  try { return fn(tmp.dir); } finally { tmp.remove(); }
}

const jpegCache = new Map<string, Buffer[]>();

/** `count` distinct real JPEGs (ffmpeg's testsrc pattern, a moving picture) of the given size. */
export function makeJpegs(count: number, width = 320, height = 240): Buffer[] {
  const key = `${count}x${width}x${height}`;
  const cached = jpegCache.get(key);
  if (cached) return cached;
  const frames = withTemp('camwall-jpegs-', (dir) => {
    run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=15`, '-frames:v', String(count),
      '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2', join(dir, '%06d.jpg')]);
    return readdirSync(dir).sort().map((name) => readFileSync(join(dir, name)));
  });
  jpegCache.set(key, frames);
  return frames;
}

export function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout + result.stderr;
}

/** Packets as ffprobe reads them: pts in ms and size in bytes. */
export function probePackets(file: string): { ptsMs: number; size: number }[] {
  const out = run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,size', '-of', 'csv=p=0', file]);
  return out.trim().split('\n').filter(Boolean).map((line) => {
    const [pts, size] = line.split(',');
    return { ptsMs: Math.round(Number(pts) * 1000), size: Number(size) };
  });
}

/** Every frame, extracted by ffmpeg without re-encoding. */
export function extractFrames(file: string): Buffer[] {
  return withTemp('camwall-extract-', (dir) => {
    run('ffmpeg', ['-v', 'error', '-i', file, '-c', 'copy', '-f', 'image2', join(dir, '%06d.jpg')]);
    return readdirSync(dir).sort().map((name) => readFileSync(join(dir, name)));
  });
}

/** What ffmpeg complains about while decoding every frame; empty when the file is clean. Frames keep
 * their own millisecond timestamps (passthrough, 1 ms encoder time base): the default output would
 * round frames 1 ms apart onto one tick and complain about its own muxing. */
export function decodeErrors(file: string): string {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-enc_time_base:v', '1:1000', '-f', 'null', '-'], { encoding: 'utf8' });
  return (result.stderr + (result.status === 0 ? '' : `exit ${result.status}`)).trim();
}

import type { Clock } from '../../../main/base/clock.ts';
import { nodeRecordingFs, type RecordingFs } from '../../../main/base/recording-fs.ts';

/** A clock the test moves by hand. */
export function manualClock(wallMs = Date.UTC(2026, 10, 21, 9, 0, 0)): Clock & { advance(ms: number): void; wall: number; mono: number } {
  const c = {
    wall: wallMs,
    mono: 1000,
    now: () => c.wall,
    monotonic: () => c.mono,
    setTimer: () => ({ cancel() {} }),
    setRepeating: () => ({ cancel() {} }),
    advance(ms: number) { c.wall += ms; c.mono += ms; },
  };
  return c;
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** The real file system, except that writes fail with ENOSPC once `budget` bytes are used up, and mkdir with EACCES while `denyMkdir`. */
export function failingFs(): RecordingFs & { budget: number; denyMkdir: boolean } {
  const f = {
    ...nodeRecordingFs,
    budget: Infinity,
    denyMkdir: false,
    mkdirp(path: string) {
      if (f.denyMkdir) throw errno('EACCES', `permission denied, mkdir '${path}'`);
      nodeRecordingFs.mkdirp(path);
    },
    writev(fd: number, buffers: readonly Uint8Array[], position: number) {
      const total = buffers.reduce((s, b) => s + b.byteLength, 0);
      if (total <= f.budget) {
        f.budget -= total;
        return nodeRecordingFs.writev(fd, buffers, position);
      }
      // Like a real disk: what fits is written, then the call fails.
      const joined = Buffer.concat(buffers).subarray(0, Math.max(f.budget, 0));
      if (joined.length > 0) nodeRecordingFs.writev(fd, [joined], position);
      f.budget = 0;
      throw errno('ENOSPC', 'no space left on device, write');
    },
  };
  return f;
}
