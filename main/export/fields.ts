// Fixed-width binary fields in one byte order, for container headers: RIFF (AVI) is little-endian,
// QuickTime big-endian. One builder for both so a header reads as its spec's field list.

export class Fields {
  readonly #littleEndian: boolean;
  readonly #parts: Buffer[] = [];

  constructor(order: 'le' | 'be') {
    this.#littleEndian = order === 'le';
  }

  u8(value: number): this {
    return this.#put(1, (b) => b.writeUInt8(value));
  }

  u16(value: number): this {
    return this.#put(2, (b) => (this.#littleEndian ? b.writeUInt16LE(value) : b.writeUInt16BE(value)));
  }

  i16(value: number): this {
    return this.#put(2, (b) => (this.#littleEndian ? b.writeInt16LE(value) : b.writeInt16BE(value)));
  }

  u32(value: number): this {
    return this.#put(4, (b) => (this.#littleEndian ? b.writeUInt32LE(value) : b.writeUInt32BE(value)));
  }

  i32(value: number): this {
    return this.#put(4, (b) => (this.#littleEndian ? b.writeInt32LE(value) : b.writeInt32BE(value)));
  }

  u64(value: number): this {
    const big = BigInt(value);
    return this.#put(8, (b) => (this.#littleEndian ? b.writeBigUInt64LE(big) : b.writeBigUInt64BE(big)));
  }

  /** A four-character code (chunk ID, atom type, codec tag): exactly four ASCII characters. */
  fourcc(code: string): this {
    return this.bytes(fourcc(code));
  }

  zeros(count: number): this {
    return this.bytes(Buffer.alloc(count));
  }

  bytes(bytes: Uint8Array): this {
    this.#parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.#parts);
  }

  #put(width: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(width);
    write(b);
    this.#parts.push(b);
    return this;
  }
}

export function fourcc(code: string): Buffer {
  const bytes = Buffer.from(code, 'latin1');
  if (bytes.length !== 4) throw new RangeError(`a four-character code needs 4 characters, got '${code}'`);
  return bytes;
}
