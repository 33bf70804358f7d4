// A frame as one binary WebSocket message: a small fixed header, then the JPEG untouched.
//
//   offset size  field
//   0      1     version (FRAME_WIRE_VERSION)
//   1      1     kind (1 = frame)
//   2      2     subscription id (u16, the client's, so main and sub streams of one camera differ)
//   4      4     width (u16) and height (u16)
//   8      8     seq (f64; integers are exact to 2^53)
//   16     8     capturedAt (f64, ms since the epoch)
//   24     1     camera id length N (1..MAX_CAMERA_ID_BYTES, ASCII)
//   25     N     camera id
//   25+N   ...   JPEG bytes
// All little-endian. Pure: no Node Buffer, no TextEncoder, so it compiles in shared/.
import type { Frame } from './domain.ts';

export const FRAME_WIRE_VERSION = 1;
export const FRAME_KIND = 1;
export const FRAME_HEADER_FIXED_BYTES = 25;
export const MAX_CAMERA_ID_BYTES = 64;

export type WireFrame = { subscription: number; frame: Frame };

export class FrameWireError extends Error {
  override name = 'FrameWireError';
}

/** The header alone; `encodeFrame` puts it and the JPEG into one message. */
export function encodeFrameHeader(subscription: number, frame: Frame): Uint8Array {
  const id = frame.cameraId;
  if (id.length < 1 || id.length > MAX_CAMERA_ID_BYTES || !/^[\x21-\x7e]+$/.test(id)) {
    throw new FrameWireError(`camera id '${id.slice(0, MAX_CAMERA_ID_BYTES)}' cannot go in a frame header: it must be 1-${MAX_CAMERA_ID_BYTES} printable ASCII characters`);
  }
  const header = new Uint8Array(FRAME_HEADER_FIXED_BYTES + id.length);
  const view = new DataView(header.buffer);
  view.setUint8(0, FRAME_WIRE_VERSION);
  view.setUint8(1, FRAME_KIND);
  view.setUint16(2, subscription, true);
  view.setUint16(4, clampU16(frame.width), true);
  view.setUint16(6, clampU16(frame.height), true);
  view.setFloat64(8, frame.seq, true);
  view.setFloat64(16, frame.capturedAt, true);
  view.setUint8(24, id.length);
  for (let i = 0; i < id.length; i++) header[FRAME_HEADER_FIXED_BYTES + i] = id.charCodeAt(i);
  return header;
}

/** Header and JPEG in one buffer (what the browser receives). */
export function encodeFrame(subscription: number, frame: Frame): Uint8Array {
  const header = encodeFrameHeader(subscription, frame);
  const out = new Uint8Array(header.length + frame.jpeg.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(frame.jpeg), header.length);
  return out;
}

/** Reads a binary message; the JPEG is copied into its own ArrayBuffer so it can be transferred. */
export function decodeFrame(message: ArrayBuffer): WireFrame {
  if (message.byteLength < FRAME_HEADER_FIXED_BYTES) throw new FrameWireError(`frame message of ${message.byteLength} bytes is shorter than the header`);
  const view = new DataView(message);
  const version = view.getUint8(0);
  if (version !== FRAME_WIRE_VERSION) throw new FrameWireError(`frame message version ${version}, expected ${FRAME_WIRE_VERSION}`);
  const kind = view.getUint8(1);
  if (kind !== FRAME_KIND) throw new FrameWireError(`binary message kind ${kind} is not a frame`);
  const idLength = view.getUint8(24);
  const jpegStart = FRAME_HEADER_FIXED_BYTES + idLength;
  if (idLength < 1 || message.byteLength < jpegStart) throw new FrameWireError('frame message cut inside its camera id');
  const bytes = new Uint8Array(message);
  let cameraId = '';
  for (let i = FRAME_HEADER_FIXED_BYTES; i < jpegStart; i++) cameraId += String.fromCharCode(bytes[i] as number);
  return {
    subscription: view.getUint16(2, true),
    frame: {
      cameraId,
      width: view.getUint16(4, true),
      height: view.getUint16(6, true),
      seq: view.getFloat64(8, true),
      capturedAt: view.getFloat64(16, true),
      jpeg: message.slice(jpegStart),
    },
  };
}

function clampU16(value: number): number {
  return Math.max(0, Math.min(0xffff, Math.trunc(value)));
}
