// The multipart framing current Axis firmware uses for video.cgi.

export const BOUNDARY = 'myboundary';
export const STREAM_CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${BOUNDARY}`;
const encoder = new TextEncoder();

/** Delimiter and part headers before a JPEG of `length` bytes. */
export function partHeader(length: number): Uint8Array {
  return encoder.encode(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${length}\r\n\r\n`);
}
/** The CRLF after each JPEG. */
export const PART_TRAILER = Uint8Array.of(0x0d, 0x0a);
/** Sent when a stream ends by nbrofframes or duration. */
export const CLOSING_DELIMITER = encoder.encode(`--${BOUNDARY}--\r\n`);
export const PART_WRAPPING = { prefix: partHeader, suffix: PART_TRAILER };
