// Builders for MJPEG test streams and a replay harness for the multipart parser: the same bytes
// fed whole, byte by byte, or cut at seeded random points.
import jpeg from 'jpeg-js';
import type { BodyKind } from '../../../main/stream/content-type.ts';
import { MultipartParser } from '../../../main/stream/multipart-parser.ts';
import type { ParserEvent, PartHeaders } from '../../../main/stream/multipart-parser.ts';

/** A small deterministic PRNG (mulberry32), so a failing split can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A JPEG-shaped byte string (FF D8 FF E0 ... FF D9) of exactly `size` bytes with seeded random
 * content: right bounds, but random bytes where the marker segments should chain, so it does not prove
 * itself whole (see `wholeJpeg`) and a Content-Length part of it waits for its delimiter.
 */
export function fakeJpeg(size: number, seed: number): Buffer {
  if (size < 6) throw new RangeError(`fakeJpeg needs at least 6 bytes, got ${size}`);
  const random = seededRandom(seed);
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(random() * 256);
  out[0] = 0xff;
  out[1] = 0xd8;
  out[2] = 0xff;
  out[3] = 0xe0;
  out[size - 2] = 0xff;
  out[size - 1] = 0xd9;
  return out;
}

/** The smallest `wholeJpeg`: SOI, a one-component SOF0, its SOS header, one entropy byte, EOI. */
export const MIN_WHOLE_JPEG_BYTES = 2 + 13 + 10 + 1 + 2;

/**
 * A JPEG that proves itself whole by its headers (what a real camera sends), of exactly `size`
 * bytes: SOI, APP0 (JFIF) and DQT when there is room, SOF0, SOS, then seeded random entropy-coded
 * data with every FF stuffed (FF 00), and EOI. Not decodable, but shaped like one byte for byte.
 */
export function wholeJpeg(size: number, seed: number): Buffer {
  if (size < MIN_WHOLE_JPEG_BYTES) throw new RangeError(`wholeJpeg needs at least ${MIN_WHOLE_JPEG_BYTES} bytes, got ${size}`);
  const random = seededRandom(seed);
  const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  const app0 = segment(0xe0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0, ...Array.from({ length: 64 }, () => 1 + Math.floor(random() * 99))]);
  const sof = segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
  const sos = segment(0xda, [1, 1, 0, 0, 63, 0]);
  const rich = [0xff, 0xd8, ...app0, ...dqt, ...sof, ...sos];
  const head = rich.length + 3 <= size ? rich : [0xff, 0xd8, ...sof, ...sos];
  const out = Buffer.allocUnsafe(size);
  out.set(head, 0);
  for (let i = head.length; i < size - 2; i++) {
    out[i] = out[i - 1] === 0xff && i > head.length ? 0x00 : Math.floor(random() * 256);
  }
  if (out[size - 3] === 0xff && size - 3 >= head.length) out[size - 3] = 0xfe; // an FF before EOI would be a fill byte
  out[size - 2] = 0xff;
  out[size - 1] = 0xd9;
  return out;
}

/** A real, decodable JPEG of seeded noise, from jpeg-js's encoder. */
export function encodedJpeg(width: number, height: number, seed: number, quality = 80): Buffer {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return jpeg.encode({ width, height, data }, quality).data;
}

/** A marker segment: FF, marker, big-endian length (payload + 2), payload. */
export function jpegSegment(marker: number, payload: Buffer | number[]): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** `main` with an EXIF APP1 segment right after SOI that ends with `thumbnail`, as cameras write it. */
export function withExifThumbnail(main: Buffer, thumbnail: Buffer): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08', 'latin1'), Buffer.alloc(32, 0x11), thumbnail]);
  return Buffer.concat([main.subarray(0, 2), jpegSegment(0xe1, exif), main.subarray(2)]);
}

export interface PartOptions {
  delimiter?: string | null; // the delimiter line without its line end; null: none (first part of an ESP32)
  eol?: '\r\n' | '\n';
  contentType?: string | null;
  contentLength?: number | 'auto' | null;
  extraHeaders?: string[];
  trailer?: string; // bytes between the body and the next delimiter
}

/** One multipart part: delimiter line, headers, blank line, body, trailer. */
export function part(body: Buffer, options: PartOptions = {}): Buffer {
  const eol = options.eol ?? '\r\n';
  const lines: string[] = [];
  const delimiter = options.delimiter === undefined ? '--myboundary' : options.delimiter;
  let head = delimiter === null ? '' : delimiter + eol;
  const contentType = options.contentType === undefined ? 'image/jpeg' : options.contentType;
  if (contentType !== null) lines.push(`Content-Type: ${contentType}`);
  const length = options.contentLength === undefined ? 'auto' : options.contentLength;
  if (length !== null) lines.push(`Content-Length: ${length === 'auto' ? body.length : length}`);
  lines.push(...(options.extraHeaders ?? []));
  head += lines.map((line) => line + eol).join('') + eol;
  return Buffer.concat([Buffer.from(head, 'latin1'), body, Buffer.from(options.trailer ?? eol, 'latin1')]);
}

export const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

export interface Replay {
  frames: Buffer[];
  headers: PartHeaders[];
  events: ParserEvent[];
  maxBuffered: number; // the most the parser held after any push
  largestChunk: number;
  parser: MultipartParser;
}

export interface ReplayOptions {
  body: BodyKind & { kind: 'multipart' | 'jpeg' };
  maxHeaderBytes?: number;
  maxPartBytes?: number;
  end?: boolean; // call end() after the last chunk (default true)
}

/** Feeds `chunks` to a fresh parser and records everything it reports. */
export function replayChunks(chunks: Buffer[], options: ReplayOptions): Replay {
  const frames: Buffer[] = [];
  const headers: PartHeaders[] = [];
  const events: ParserEvent[] = [];
  const parser = new MultipartParser({
    body: options.body,
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    ...(options.maxPartBytes === undefined ? {} : { maxPartBytes: options.maxPartBytes }),
    onFrame(jpeg, partHeaders) {
      frames.push(Buffer.from(jpeg)); // copy: the test must see exactly what was delivered at the time
      headers.push(partHeaders);
    },
    onEvent(event) {
      events.push(event);
    },
  });
  let maxBuffered = 0;
  let largestChunk = 0;
  for (const chunk of chunks) {
    parser.push(chunk);
    maxBuffered = Math.max(maxBuffered, parser.bufferedBytes);
    largestChunk = Math.max(largestChunk, chunk.length);
  }
  if (options.end !== false) parser.end();
  return { frames, headers, events, maxBuffered, largestChunk, parser };
}

/** The ways every table case is replayed. */
export type Split = { name: string; chunks(input: Buffer): Buffer[] };

export function splitAt(input: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.filter((p) => p > 0 && p < input.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of sorted) {
    chunks.push(input.subarray(from, point));
    from = point;
  }
  chunks.push(input.subarray(from));
  return chunks;
}

export function randomSplit(input: Buffer, seed: number, maxChunk = 97): Buffer[] {
  const random = seededRandom(seed);
  const points: number[] = [];
  for (let at = 1 + Math.floor(random() * maxChunk); at < input.length; at += 1 + Math.floor(random() * maxChunk)) {
    points.push(at);
  }
  return splitAt(input, points);
}

export const SPLITS: Split[] = [
  { name: 'whole', chunks: (input) => [input] },
  { name: 'byte by byte', chunks: (input) => splitAt(input, Array.from({ length: input.length }, (_, i) => i)) },
  ...[1, 2, 3].map((seed) => ({ name: `random splits (seed ${seed})`, chunks: (input: Buffer) => randomSplit(input, seed) })),
];
