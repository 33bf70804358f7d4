// Classifies an HTTP response's Content-Type: a multipart stream (with its boundary), one plain
// JPEG (a snapshot URL), or something that is not MJPEG at all.
import { MAX_BOUNDARY_LENGTH } from './limits.ts';

export type BodyKind =
  | { kind: 'multipart'; boundary: string } // boundary as declared, unquoted, leading dashes kept as the camera wrote them
  | { kind: 'jpeg' } // plain image/jpeg response (a snapshot URL): the whole body is one frame
  | { kind: 'other'; mediaType: string }; // not MJPEG: the caller reports a protocol error

const JPEG_MEDIA_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/pjpeg']);

/** The media type of a Content-Type value, lower-cased, without parameters (`''` when absent). */
export function mediaTypeOf(header: string | null | undefined): string {
  if (!header) return '';
  const semicolon = header.indexOf(';');
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/** True for the media types cameras use for a JPEG part or response. */
export function isJpegMediaType(header: string | null | undefined): boolean {
  return JPEG_MEDIA_TYPES.has(mediaTypeOf(header));
}

export function classifyContentType(header: string | null | undefined): BodyKind {
  const mediaType = mediaTypeOf(header);
  if (JPEG_MEDIA_TYPES.has(mediaType)) return { kind: 'jpeg' };
  if (mediaType.startsWith('multipart/') && header) {
    const boundary = parameterValue(header, 'boundary');
    // A boundary of dashes only (or none) leaves nothing to search for.
    if (boundary && boundary.replace(/^-+/, '') !== '' && boundary.length <= MAX_BOUNDARY_LENGTH) {
      return { kind: 'multipart', boundary };
    }
  }
  return { kind: 'other', mediaType };
}

/**
 * Reads one parameter of a header value such as `multipart/x-mixed-replace; boundary="a b"`.
 * Lenient like the cameras are: any case for the name, spaces around `=`, quoted strings with
 * backslash escapes, and no space after `;`.
 */
function parameterValue(header: string, name: string): string | null {
  let at = header.indexOf(';');
  while (at !== -1 && at < header.length) {
    const eq = header.indexOf('=', at + 1);
    if (eq === -1) return null;
    const key = header.slice(at + 1, eq).trim().toLowerCase();
    let cursor = eq + 1;
    while (header[cursor] === ' ' || header[cursor] === '\t') cursor++;
    let value: string;
    if (header[cursor] === '"') {
      value = '';
      cursor++;
      while (cursor < header.length && header[cursor] !== '"') {
        if (header[cursor] === '\\' && cursor + 1 < header.length) cursor++;
        value += header[cursor];
        cursor++;
      }
      cursor++; // the closing quote
      const next = header.indexOf(';', cursor);
      at = next;
    } else {
      const next = header.indexOf(';', cursor);
      value = (next === -1 ? header.slice(cursor) : header.slice(cursor, next)).trim();
      at = next;
    }
    if (key === name) return value;
  }
  return null;
}
