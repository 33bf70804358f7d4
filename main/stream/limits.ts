// Every limit the MJPEG stream core enforces, in one place. A camera that breaks one of them
// loses the offending part (reported as an event), never the process's memory.

/** Bytes a part's header block (between its delimiter line and the blank line) may take. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Bytes one part's body (one JPEG) may take; Axis tops out near 1-2 MiB at 4K and low compression. */
export const MAX_PART_BYTES = 16 * 1024 * 1024;

/**
 * Blank bytes (CR, LF, space, tab, NUL) tolerated between the end of a JPEG and the next
 * delimiter. Cameras send one CRLF, some two, a few pad with NULs; more than this is not padding.
 */
export const MAX_PADDING_BYTES = 512;

/** Dashes counted in front of the boundary on a delimiter line (RFC 2046 says two; some send four). */
export const MAX_DELIMITER_DASHES = 32;

/** Spaces or tabs tolerated after the boundary on a delimiter line (RFC 2046's transport padding). */
export const MAX_DELIMITER_LINE_SPACES = 64;

/** Longest boundary accepted from a Content-Type header (RFC 2046 allows 70 characters). */
export const MAX_BOUNDARY_LENGTH = 200;

/**
 * Bytes of header names and values in one HTTP response head from a camera (undici's
 * `maxHeaderSize`; Node's default). A longer head is refused as a protocol error.
 */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

/**
 * Bytes of one HTTP response framing line (status, header, chunk size) read by the LF-only head
 * normalizer (crlf-normalizer.ts). The rest of a longer line is passed on unread: undici's own
 * header size limit refuses a head that is too long.
 */
export const MAX_FRAMING_LINE_BYTES = 1024;
