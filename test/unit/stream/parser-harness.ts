// Builders for MJPEG test streams and a replay harness for the multipart parser: the same bytes
// fed whole, byte by byte, or cut at seeded random points.
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
 * content: the parser never decodes, so shape and distinct content are what matter.
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
