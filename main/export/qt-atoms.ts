// QuickTime atoms (the layer under MOV): a big-endian 32-bit size that includes the 8-byte header,
// a four-character type, the payload. "Full" atoms start with a version byte and 24 bits of flags.
import { Fields } from './fields.ts';

export const ATOM_HEADER_BYTES = 8;
/** A 64-bit atom header: size 1, the type, then the real size in 64 bits. */
export const LARGE_ATOM_HEADER_BYTES = 16;
/** The largest size a 32-bit atom header states; anything larger needs the 64-bit header. */
export const MAX_ATOM32_BYTES = 2 ** 32 - 1;
/** Seconds from QuickTime's epoch (1904-01-01) to the Unix epoch. */
export const QUICKTIME_EPOCH_OFFSET_S = 2_082_844_800;

export function be(): Fields {
  return new Fields('be');
}

export function atom(type: string, ...payload: readonly Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const size = ATOM_HEADER_BYTES + body.length;
  if (size > MAX_ATOM32_BYTES) throw new RangeError(`the '${type}' atom would be ${size} bytes, past its 32-bit size field`);
  return Buffer.concat([be().u32(size).fourcc(type).build(), body]);
}

export function fullAtom(type: string, flags: number, payload: Buffer): Buffer {
  return atom(type, be().u8(0).u8(flags >>> 16).u16(flags & 0xffff).build(), payload);
}

/** The identity transform (16.16 fixed point, with the 2.30 w column), translated down by `ty` pixels. */
export function matrix(ty = 0): Buffer {
  return be().u32(0x10000).u32(0).u32(0).u32(0).u32(0x10000).u32(0).u32(0).u32(ty * 0x10000).u32(0x40000000).build();
}

/** A counted (Pascal) string, padded with zeros to `width` bytes when given. */
export function pascalString(text: string, width?: number): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  const limit = (width ?? 256) - 1;
  if (bytes.length > limit) throw new RangeError(`'${text}' is longer than a ${limit}-byte counted string`);
  return Buffer.concat([Buffer.from([bytes.length]), bytes, Buffer.alloc(width === undefined ? 0 : width - 1 - bytes.length)]);
}

/** The last second version-0 headers hold: 2040-02-06T06:28:15Z. */
export const MAX_QUICKTIME_SECONDS = 2 ** 32 - 1;

/**
 * Wall-clock ms as QuickTime time: whole seconds since 1904. Past 2040 version-0 headers cannot
 * hold it, and 0 ("unknown") is written: the captions still carry every frame's time.
 */
export function quickTimeSeconds(wallMs: number): number {
  const seconds = Math.floor(wallMs / 1000) + QUICKTIME_EPOCH_OFFSET_S;
  return seconds >= 0 && seconds <= MAX_QUICKTIME_SECONDS ? seconds : 0;
}
