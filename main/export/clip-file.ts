// A ClipFile on the real file system: created exclusively (never overwrites an existing file),
// mode 0600, synchronous writes with short-write checks. Exports run off the UI thread's hot
// path in the core; a write error (ENOSPC) throws to the exporter, which removes the file.
import { closeSync, openSync, unlinkSync, writeSync, writevSync, constants } from 'node:fs';

export class NodeClipFile {
  readonly path: string;
  #fd: number | null;
  #size = 0;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  }

  get size(): number {
    return this.#size;
  }

  append(bytes: Uint8Array | readonly Uint8Array[]): number {
    const at = this.#size;
    const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
    const total = parts.reduce((s, b) => s + b.byteLength, 0);
    let written = 0;
    while (written < total) {
      const n = written === 0 ? writevSync(this.#open(), parts as Uint8Array[], at) : this.#writeRest(parts, written, at);
      if (n <= 0) throw Object.assign(new Error(`short write to ${this.path}`), { code: 'EIO' });
      written += n;
    }
    this.#size += total;
    return at;
  }

  patch(offset: number, bytes: Uint8Array): void {
    if (offset + bytes.byteLength > this.#size) throw new RangeError(`patch at ${offset} runs past the end of ${this.path}`);
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(this.#open(), bytes, done, bytes.byteLength - done, offset + done);
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }

  remove(): void {
    try {
      this.close();
    } catch {
      /* the file goes anyway */
    }
    try {
      unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }

  #open(): number {
    if (this.#fd === null) throw new Error(`${this.path} is already closed`);
    return this.#fd;
  }

  /** After a short writev: the rest, byte-exactly, one buffer at a time. */
  #writeRest(parts: readonly Uint8Array[], skip: number, at: number): number {
    let offset = 0;
    for (const part of parts) {
      if (skip >= offset + part.byteLength) {
        offset += part.byteLength;
        continue;
      }
      const from = Math.max(skip - offset, 0);
      return writeSync(this.#open(), part, from, part.byteLength - from, at + offset + from);
    }
    return 0;
  }
}
