// The capture stamp every simulated frame carries in a JPEG COM segment, so a receiver can
// measure latency and count lost frames without decoding the picture. Pure Uint8Array work (no
// Buffer, no TextDecoder) so the renderer can reuse it.

export interface CaptureStamp {
  /** Capture time, Date.now() milliseconds. */
  t: number;
  /** Frame number within the stream that produced it. */
  seq: number;
  /** Camera (channel) number, 1-based. */
  cam: number;
}

const COM_MARKER = 0xfe;
const SOS_MARKER = 0xda;
const STAMP_PATTERN = /^camwall-capture t=(\d+) seq=(\d+) cam=(\d+)$/;
/** A COM segment longer than this cannot be ours; skip it without decoding. */
const MAX_STAMP_LENGTH = 128;

export function captureCommentText(stamp: CaptureStamp): string {
  return `camwall-capture t=${stamp.t} seq=${stamp.seq} cam=${stamp.cam}`;
}

/** Writes a whole COM segment (FF FE, length, ASCII text) into `out` at `offset`; returns its end. */
export function writeCaptureComment(out: Uint8Array, offset: number, stamp: CaptureStamp): number {
  const text = captureCommentText(stamp);
  const length = text.length + 2;
  out[offset] = 0xff;
  out[offset + 1] = COM_MARKER;
  out[offset + 2] = length >> 8;
  out[offset + 3] = length & 0xff;
  for (let i = 0; i < text.length; i++) out[offset + 4 + i] = text.charCodeAt(i);
  return offset + 2 + length;
}

/** Bytes the COM segment for `stamp` takes, marker included. */
export function captureCommentSize(stamp: CaptureStamp): number {
  return captureCommentText(stamp).length + 4;
}

/**
 * Finds the camwall capture stamp among the JPEG's header segments (before the scan).
 * Returns null when the data is not a JPEG, is truncated, or carries no stamp.
 */
export function readCaptureComment(jpeg: Uint8Array): CaptureStamp | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1]!;
    if (marker === 0xff) { offset++; continue; } // fill byte before a marker
    if (marker === SOS_MARKER) return null;
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    if (length < 2 || offset + 2 + length > jpeg.length) return null;
    if (marker === COM_MARKER && length - 2 <= MAX_STAMP_LENGTH) {
      let text = '';
      for (let i = offset + 4; i < offset + 2 + length; i++) text += String.fromCharCode(jpeg[i]!);
      const match = STAMP_PATTERN.exec(text);
      if (match) return { t: Number(match[1]), seq: Number(match[2]), cam: Number(match[3]) };
    }
    offset += 2 + length;
  }
  return null;
}
