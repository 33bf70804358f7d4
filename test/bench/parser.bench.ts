// `npm run bench`: throughput of the multipart parser on realistic Axis-style MJPEG streams, next
// to a copy ceiling and the mjpeg-consumer package, all measured in this run on the same bytes.
// A benchmark, not a test: it prints figures and asserts nothing.
//
//   parser (Content-Length)  our MultipartParser on `--myboundary` parts with Content-Length
//   parser (delimiter)       the same frames without Content-Length: framed by delimiter search
//   parser (frame-paced)     the Content-Length stream read as a live camera delivers it: no read
//                            runs past the CRLF after a frame (the delimiter comes with the next
//                            frame), so every frame is proved whole by its headers and delivered
//                            before its delimiter; reported as a ratio to the parser in each round
//   copy ceiling             Buffer.allocUnsafe + copy of every frame out of the same chunks,
//                            offsets known in advance (what any parser that copies must pay; the
//                            parser can beat it, since a frame inside one chunk is sliced, not copied)
//   mjpeg-consumer           the npm package (a Transform stream), fed the same chunks
//
// Made for a shared, loaded machine. Time is the CPU time this process spends (process.cpuUsage:
// user + system, every thread, so the collector's helper threads count too), not wall time: with
// more runnable processes than cores, a pass of a few milliseconds either fits in one time slice
// or waits tens of milliseconds for the next, and wall time measures the queue. The contenders
// run in many short rounds, interleaved (one pass each per round, the order rotating from round
// to round), so that what load still changes (caches, memory bandwidth, frequency) hits them
// alike; the table reports the median of the per-round throughputs and the median of the
// per-round ratios, which are steadier than ratios of medians. No collection is forced between
// passes: a forced full collection makes the next passes' scavenges several times slower, which
// penalises whichever contender runs next, and a running camera never sees one.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { MultipartParser } from '../../main/stream/multipart-parser.ts';

const require = createRequire(import.meta.url);
const MjpegConsumer = require('mjpeg-consumer') as new (options?: object) => import('node:stream').Transform;

const RESOLUTIONS = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
] as const;
const CHUNK_SIZES = [16 * 1024, 64 * 1024];
const JPEG_QUALITY = 60; // about 46 KB at 640x480 for the scene below, like a busy Axis VGA stream
const DISTINCT_FRAMES = 6; // encoded once, repeated to fill the stream
const STREAM_BYTES = 24 * 1024 * 1024; // one pass: a few milliseconds for the fast contenders
const WARM_UP_PASSES = 3;
const MIN_ROUNDS = 15;
const MAX_ROUNDS = 301;
const SECONDS_PER_CASE = 13; // rounds continue until this is spent (at least MIN_ROUNDS): six cases, under 2 minutes in all
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
  partEnds: number[]; // where each part's trailing CRLF ends
}

/** Frames as an Axis camera sends them: `--myboundary` parts, with or without Content-Length. */
function buildStream(jpegs: Buffer[], withLength: boolean, frameCount: number): Stream {
  const pieces: Buffer[] = [];
  const frames: Stream['frames'] = [];
  const partEnds: number[] = [];
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
    partEnds.push(length);
  }
  pieces.push(CLOSE);
  return { bytes: Buffer.concat(pieces), frames, partEnds };
}
const CLOSE = Buffer.from('--myboundary--\r\n', 'latin1');
const CRLF = Buffer.from('\r\n');

/** Views of `bytes`, as an HTTP client hands a body over; nothing is copied. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** Views of `bytes` of at most `size`, none crossing a part's end: a camera's socket between frames. */
function framePaced(stream: Stream, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const end of [...stream.partEnds, stream.bytes.length]) {
    for (; at < end; at = Math.min(end, at + size)) chunks.push(stream.bytes.subarray(at, Math.min(end, at + size)));
  }
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

/** CPU seconds (user + system, all of this process's threads, collector included) one pass takes. */
async function timed(run: () => Run | Promise<Run>): Promise<{ seconds: number; run: Run }> {
  const started = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(started);
  return { seconds: (used.user + used.system) / 1e6, run: result };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const NAMES = ['parser (Content-Length)', 'parser (delimiter)', 'parser (frame-paced)', 'copy ceiling', 'mjpeg-consumer'] as const;
type Name = (typeof NAMES)[number];
const PARSER: Name = 'parser (Content-Length)';
const PACED: Name = 'parser (frame-paced)';

interface Row {
  resolution: string;
  frameKB: number;
  chunkKiB: number;
  expected: number;
  rounds: number;
  results: Record<Name, { mbps: number; fps: number; frames: number }>;
  parserPerCeiling: number; // median of the per-round ratios
  parserPerConsumer: number;
  pacedPerParser: number;
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
    const pacedChunks = framePaced(withLength, chunkSize);
    const contenders: Record<Name, { bytes: number; run: () => Run | Promise<Run> }> = {
      'parser (Content-Length)': { bytes: withLength.bytes.length, run: () => runParser(lengthChunks) },
      'parser (delimiter)': { bytes: withoutLength.bytes.length, run: () => runParser(searchChunks) },
      'parser (frame-paced)': { bytes: withLength.bytes.length, run: () => runParser(pacedChunks) },
      'copy ceiling': { bytes: withLength.bytes.length, run: () => runCeiling(lengthChunks, withLength, chunkSize) },
      'mjpeg-consumer': { bytes: withLength.bytes.length, run: () => runMjpegConsumer(lengthChunks) },
    };
    for (const name of NAMES) for (let pass = 0; pass < WARM_UP_PASSES; pass++) await contenders[name].run();
    const mbps = Object.fromEntries(NAMES.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
    const frames = {} as Record<Name, number>;
    const perCeiling: number[] = [];
    const perConsumer: number[] = [];
    const pacedPerParser: number[] = [];
    const started = process.hrtime.bigint();
    let rounds = 0;
    while (rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && Number(process.hrtime.bigint() - started) / 1e9 < SECONDS_PER_CASE)) {
      const seconds = {} as Record<Name, number>;
      for (let k = 0; k < NAMES.length; k++) {
        const name = NAMES[(rounds + k) % NAMES.length]!; // rotate who goes first
        const { seconds: elapsed, run } = await timed(contenders[name].run);
        seconds[name] = elapsed;
        mbps[name].push(contenders[name].bytes / MB / elapsed);
        frames[name] = run.frames;
      }
      perCeiling.push(seconds['copy ceiling'] / seconds[PARSER]);
      perConsumer.push(seconds['mjpeg-consumer'] / seconds[PARSER]);
      pacedPerParser.push(seconds[PARSER] / seconds[PACED]);
      rounds++;
    }
    const results = {} as Row['results'];
    for (const name of NAMES) {
      const rate = median(mbps[name]);
      results[name] = { mbps: rate, fps: (rate * MB * frames[name]) / contenders[name].bytes, frames: frames[name] };
    }
    rows.push({
      resolution: `${width}x${height}`,
      frameKB: meanFrame / 1000,
      chunkKiB: chunkSize / 1024,
      expected: withLength.frames.length,
      rounds,
      results,
      parserPerCeiling: median(perCeiling),
      parserPerConsumer: median(perConsumer),
      pacedPerParser: median(pacedPerParser),
    });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['stream', 'chunk', ...NAMES.map((n) => `${n} MB/s (frames/s)`), 'parser/ceiling', 'parser/mjpeg-consumer', 'frame-paced/parser', 'mjpeg-consumer frames', 'rounds'];
  const lines = rows.map((row) => {
    const consumer = row.results['mjpeg-consumer'];
    return [
      `${row.resolution} (~${row.frameKB.toFixed(0)} KB/frame)`,
      `${row.chunkKiB} KiB`,
      ...NAMES.map((name) => {
        const r = row.results[name];
        return `${r.mbps.toFixed(0)} (${r.fps.toFixed(0)})`;
      }),
      `${(row.parserPerCeiling * 100).toFixed(0)}%`,
      `${row.parserPerConsumer.toFixed(1)}x`,
      `${(row.pacedPerParser * 100).toFixed(0)}%`,
      consumer.frames === row.expected ? 'all' : `${consumer.frames} of ${row.expected} (${row.expected - consumer.frames} lost)`,
      `${row.rounds}`,
    ];
  });
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${availableParallelism()} CPUs, ${cpu}, Node ${process.version}; load average (1, 5, 15 min) at start: ${load()}`);
console.log(
  `Per case: ${WARM_UP_PASSES} warm-up passes each, then ${MIN_ROUNDS}-${MAX_ROUNDS} rounds (${SECONDS_PER_CASE} s) of one pass each over a ${(STREAM_BYTES / MB).toFixed(0)} MB stream, interleaved; ` +
    'figures are medians of per-round throughputs in MB per CPU second (frames per CPU second), ratios medians of per-round ratios; MB = 10^6 bytes.\n',
);
const rows: Row[] = [];
for (const [width, height] of RESOLUTIONS) {
  const resolutionRows = await benchResolution(width, height);
  for (const row of resolutionRows) {
    for (const name of ['parser (Content-Length)', 'parser (delimiter)', 'parser (frame-paced)', 'copy ceiling'] as const) {
      if (row.results[name].frames !== row.expected) console.log(`WARNING: ${name} delivered ${row.results[name].frames} of ${row.expected} frames at ${row.resolution}`);
    }
  }
  rows.push(...resolutionRows);
}
printTable(rows);
console.log(`\nLoad average at end: ${load()}`);
