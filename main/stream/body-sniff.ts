// Recognises an MJPEG or JPEG body whose Content-Type does not say so. ffmpeg's own HTTP server
// (`-f mpjpeg -listen 1`) sends `application/octet-stream` unless told otherwise, and some cheap
// cameras send no Content-Type at all; their bodies still begin with a delimiter line
// (`--ffmpeg`) or a JPEG start marker. Only those two declared types are sniffed: a camera that
// says text/html means it (a login page, an error page) and is reported as such.
import type { BodyKind } from './content-type.ts';
import { MAX_BOUNDARY_LENGTH } from './limits.ts';

/** Bytes looked at before deciding; a delimiter line longer than this is not one. */
export const MAX_SNIFF_BYTES = 1024;

const SNIFFABLE_MEDIA_TYPES = new Set(['', 'application/octet-stream']);

export function isSniffableMediaType(mediaType: string): boolean {
  return SNIFFABLE_MEDIA_TYPES.has(mediaType);
}

export type SniffResult = BodyKind & { kind: 'multipart' | 'jpeg' } | { kind: 'unknown' } | { kind: 'need-more' };

/** What the first bytes of a body say it is; `need-more` until a decision is possible. */
export function sniffBody(prefix: Uint8Array, ended: boolean): SniffResult {
  let at = 0;
  while (at < prefix.length && (prefix[at] === 0x0d || prefix[at] === 0x0a || prefix[at] === 0x20 || prefix[at] === 0x09)) at++;
  if (prefix.length - at < 2) return ended || prefix.length >= MAX_SNIFF_BYTES ? { kind: 'unknown' } : { kind: 'need-more' };
  if (prefix[at] === 0xff && prefix[at + 1] === 0xd8) return { kind: 'jpeg' };
  if (prefix[at] !== 0x2d || prefix[at + 1] !== 0x2d) return { kind: 'unknown' };
  const lineEnd = prefix.indexOf(0x0a, at);
  if (lineEnd === -1) return ended || prefix.length >= MAX_SNIFF_BYTES ? { kind: 'unknown' } : { kind: 'need-more' };
  const line = Buffer.from(prefix.subarray(at + 2, lineEnd)).toString('latin1').replace(/\r$/, '').trim();
  // RFC 2046 bchars, minus space: what a boundary can be made of.
  if (line === '' || line.length > MAX_BOUNDARY_LENGTH || !/^[0-9A-Za-z'()+_,\-./:=?]+$/.test(line)) return { kind: 'unknown' };
  return { kind: 'multipart', boundary: line };
}
