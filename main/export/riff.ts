// RIFF chunks and lists (the layer under AVI): a four-character ID, a little-endian 32-bit size that
// excludes the header and the pad byte, the payload, and a pad byte when the size is odd (chunks
// start on even offsets).
import { Fields, fourcc } from './fields.ts';

export const CHUNK_HEADER_BYTES = 8;
/** A list header: 'LIST' or 'RIFF', the size, and the list type. */
export const LIST_HEADER_BYTES = 12;
/** The largest size a chunk header can state. */
export const MAX_CHUNK_SIZE = 2 ** 32 - 1;

export function le(): Fields {
  return new Fields('le');
}

export function chunkHeader(id: string, size: number): Buffer {
  return le().fourcc(id).u32(size).build();
}

/** Bytes a chunk with `size` payload bytes occupies in the file: header, payload, pad. */
export function chunkBytes(size: number): number {
  return CHUNK_HEADER_BYTES + size + (size & 1);
}

export function chunk(id: string, payload: Uint8Array): Buffer {
  const parts = [chunkHeader(id, payload.byteLength), payload];
  if (payload.byteLength & 1) parts.push(PAD);
  return Buffer.concat(parts);
}

export function list(type: string, children: readonly Buffer[]): Buffer {
  const payload = Buffer.concat([fourcc(type), ...children]);
  return Buffer.concat([chunkHeader('LIST', payload.length), payload]);
}

/** A list header whose size is patched once its contents are written ('RIFF' or 'LIST'). */
export function openList(id: 'RIFF' | 'LIST', type: string): Buffer {
  return le().fourcc(id).u32(0).fourcc(type).build();
}

/** The little-endian size field patched into an open list at its offset + 4. */
export function sizeField(size: number): Buffer {
  return le().u32(size).build();
}

export const PAD = Buffer.alloc(1);
