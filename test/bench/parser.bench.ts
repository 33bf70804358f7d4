// `npm run bench`: throughput of the multipart parser on realistic Axis-style MJPEG streams, next
// to a copy ceiling and the mjpeg-consumer package, all measured in this run on the same bytes.
// A benchmark, not a test: it prints figures and asserts nothing.
//
//   parser (Content-Length)  our MultipartParser on `--myboundary` parts with Content-Length
//   parser (delimiter)       the same frames without Content-Length: framed by delimiter search
//   copy ceiling             Buffer.allocUnsafe + copy of every frame out of the same chunks,
//                            offsets known in advance (what any parser that copies must pay)
//   mjpeg-consumer           the npm package (a Transform stream), fed the same chunks
import { availableParallelism, cpus } from 'node:os';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import jpeg from 'jpeg-js';
import { MultipartParser } from '../../main/stream/multipart-parser.ts';

const require = createRequire(import.meta.url);
// A full collection before each measurement, so no contender pays for another's garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MjpegConsumer = require('mjpeg-consumer') as new (options?: object) => import('node:stream').Transform;

const RESOLUTIONS = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
] as const;
const CHUNK_SIZES = [16 * 1024, 64 * 1024];
const JPEG_QUALITY = 60; // about 46 KB at 640x480 for the scene below, like a busy Axis VGA stream
const DISTINCT_FRAMES = 6; // encoded once, repeated to fill the stream
const STREAM_BYTES = 48 * 1024 * 1024;
const REPETITIONS = 7; // the median of these is reported
const MIN_MEASUREMENT_SECONDS = 0.15; // each measurement repeats passes over the stream for at least this long
const MB = 1e6;

/** A photographic-ish scene: smooth shapes, texture and sensor noise, so JPEG sizes are realistic. */
function scene(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let state = (seed * 2654435761) >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const u = x / width;
      const v = y / height;
      const base = 110 + 60 * Math.sin(u * 9 + seed) * Math.cos(v * 7) + 40 * Math.sin((u + v) * 31 + seed * 0.3);
      const noise = (random() - 0.5) * 36;
      data[i] = clamp(base + noise + 30 * u);
      data[i + 1] = clamp(base * 0.9 + noise);
      data[i + 2] = clamp(base * 0.7 + noise + 40 * v);
      data[i + 3] = 255;
    }
  }
  return data;
}

const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));

interface Stream {
  bytes: Buffer;
  frames: Array<{ start: number; end: number }>; // JPEG offsets inside `bytes`
}

/** Frames as an Axis camera sends them: `--myboundary` parts, with or without Content-Length. */
function buildStream(jpegs: Buffer[], withLength: boolean, frameCount: number): Stream {
  const pieces: Buffer[] = [];
  const frames: Stream['frames'] = [];
  let length = 0;
  for (let i = 0; i < frameCount; i++) {
    const frame = jpegs[i % jpegs.length]!;
    const head = Buffer.from(
      `--myboundary\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${frame.length}\r\n` : ''}\r\n`,
      'latin1',
    );
    frames.push({ start: length + head.length, end: length + head.length + frame.length });
    pieces.push(head, frame, CRLF);
    length += head.length + frame.length + CRLF.length;
  }
  pieces.push(CLOSE);
  return { bytes: Buffer.concat(pieces), frames };
}
const CLOSE = Buffer.from('--myboundary--\r\n', 'latin1');
const CRLF = Buffer.from('\r\n');

/** Views of `bytes`, as an HTTP client hands a body over; nothing is copied. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

interface Run {
  frames: number;
  lost?: number;
}

function runParser(chunks: Buffer[]): Run {
  let frames = 0;
  const parser = new MultipartParser({
    body: { kind: 'multipart', boundary: 'myboundary' },
    onFrame() {
      frames++;
    },
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { frames };
}

function runCeiling(chunks: Buffer[], stream: Stream, chunkSize: number): Run {
  let frames = 0;
  let checksum = 0;
  for (const { start, end } of stream.frames) {
    const out = Buffer.allocUnsafe(end - start);
    let written = 0;
    for (let at = start; at < end; ) {
      const index = Math.floor(at / chunkSize);
      const chunk = chunks[index]!;
      const from = at - index * chunkSize;
      const to = Math.min(chunk.length, end - index * chunkSize);
      written += chunk.copy(out, written, from, to);
      at += to - from;
    }
    checksum += out[out.length - 1]!; // keep the copy observable
    frames++;
  }
  if (checksum === -1) console.log('unreachable');
  return { frames };
}

async function runMjpegConsumer(chunks: Buffer[]): Promise<Run> {
  const consumer = new MjpegConsumer({ readableObjectMode: true });
  let frames = 0;
  consumer.on('data', () => {
    frames++;
  });
  for (const chunk of chunks) {
    if (!consumer.write(chunk)) await once(consumer, 'drain');
  }
  consumer.end();
  await once(consumer, 'end');
  return { frames };
}

/** Seconds per pass over the stream, from at least MIN_MEASUREMENT_SECONDS of repeated passes. */
async function measure(run: () => Run | Promise<Run>, passes: number): Promise<{ seconds: number; run: Run }> {
  collectGarbage();
  let result: Run = { frames: 0 };
  const started = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) result = await run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 / passes, run: result };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Row {
  resolution: string;
  frameKB: number;
  chunkKiB: number;
  expected: number;
  results: Record<string, { mbps: number; fps: number; frames: number }>;
}

async function benchResolution(width: number, height: number): Promise<Row[]> {
  const jpegs = Array.from({ length: DISTINCT_FRAMES }, (_, i) => jpeg.encode({ width, height, data: scene(width, height, i + 1) }, JPEG_QUALITY).data);
  const meanFrame = jpegs.reduce((sum, j) => sum + j.length, 0) / jpegs.length;
  const frameCount = Math.ceil(STREAM_BYTES / meanFrame);
  const withLength = buildStream(jpegs, true, frameCount);
  const withoutLength = buildStream(jpegs, false, frameCount);
  const rows: Row[] = [];
  for (const chunkSize of CHUNK_SIZES) {
    const lengthChunks = chunked(withLength.bytes, chunkSize);
    const searchChunks = chunked(withoutLength.bytes, chunkSize);
    const contenders: Record<string, { bytes: number; run: () => Run | Promise<Run> }> = {
      'parser (Content-Length)': { bytes: withLength.bytes.length, run: () => runParser(lengthChunks) },
      'parser (delimiter)': { bytes: withoutLength.bytes.length, run: () => runParser(searchChunks) },
      'copy ceiling': { bytes: withLength.bytes.length, run: () => runCeiling(lengthChunks, withLength, chunkSize) },
      'mjpeg-consumer': { bytes: withLength.bytes.length, run: () => runMjpegConsumer(lengthChunks) },
    };
    const seconds: Record<string, number[]> = {};
    const frames: Record<string, number> = {};
    const passes: Record<string, number> = {};
    for (const [name, contender] of Object.entries(contenders)) {
      const warmUp = await measure(contender.run, 3);
      passes[name] = Math.max(1, Math.ceil(MIN_MEASUREMENT_SECONDS / warmUp.seconds));
    }
    // Interleaved, so that a noisy moment hurts every contender alike.
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      for (const [name, contender] of Object.entries(contenders)) {
        const { seconds: elapsed, run } = await measure(contender.run, passes[name]!);
        (seconds[name] ??= []).push(elapsed);
        frames[name] = run.frames;
      }
    }
    const results: Row['results'] = {};
    for (const [name, contender] of Object.entries(contenders)) {
      const time = median(seconds[name]!);
      results[name] = { mbps: contender.bytes / MB / time, fps: frames[name]! / time, frames: frames[name]! };
    }
    rows.push({ resolution: `${width}x${height}`, frameKB: meanFrame / 1000, chunkKiB: chunkSize / 1024, expected: withLength.frames.length, results });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const names = ['parser (Content-Length)', 'parser (delimiter)', 'copy ceiling', 'mjpeg-consumer'];
  const header = ['stream', 'chunk', ...names.map((n) => `${n} MB/s (frames/s)`), 'parser/ceiling', 'parser/mjpeg-consumer', 'mjpeg-consumer frames'];
  const lines = rows.map((row) => {
    const parser = row.results['parser (Content-Length)']!;
    const consumer = row.results['mjpeg-consumer']!;
    return [
      `${row.resolution} (~${row.frameKB.toFixed(0)} KB/frame)`,
      `${row.chunkKiB} KiB`,
      ...names.map((name) => {
        const r = row.results[name]!;
        return `${r.mbps.toFixed(0)} (${r.fps.toFixed(0)})`;
      }),
      `${((parser.mbps / row.results['copy ceiling']!.mbps) * 100).toFixed(0)}%`,
      `${(parser.mbps / consumer.mbps).toFixed(1)}x`,
      consumer.frames === row.expected ? 'all' : `${consumer.frames} of ${row.expected} (${row.expected - consumer.frames} lost)`,
    ];
  });
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${availableParallelism()} CPUs, ${cpu}, Node ${process.version}`);
console.log(`Each figure: the median of ${REPETITIONS} measurements of at least ${MIN_MEASUREMENT_SECONDS} s of passes over a ${(STREAM_BYTES / MB).toFixed(0)} MB stream; MB = 10^6 bytes.\n`);
const rows: Row[] = [];
for (const [width, height] of RESOLUTIONS) {
  const resolutionRows = await benchResolution(width, height);
  for (const row of resolutionRows) {
    for (const name of ['parser (Content-Length)', 'parser (delimiter)', 'copy ceiling']) {
      if (row.results[name]!.frames !== row.expected) console.log(`WARNING: ${name} delivered ${row.results[name]!.frames} of ${row.expected} frames at ${row.resolution}`);
    }
  }
  rows.push(...resolutionRows);
}
printTable(rows);
