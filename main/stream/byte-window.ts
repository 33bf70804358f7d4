// The bytes a parser has received but not yet consumed, kept as the pushed chunks themselves
// (no copy on push), with the few operations a framing parser needs across chunk seams:
// byte access, a needle search, a zero-copy slice when a range sits in one chunk, and consume.
// Positions are relative to the first unconsumed byte.
//
// Consuming only moves an offset into the first piece (no view is created per consume), and the
// first piece is exposed (`head`, `headStart`) so a parser can read the bytes in place.

/** Pushes smaller than this are merged into a small last piece, so byte-by-byte input stays cheap. */
const SMALL_PIECE_BYTES = 256;

export class ByteWindow {
  #pieces: Buffer[] = [];
  #offset = 0; // bytes of the first piece already consumed
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** The piece holding the first unconsumed byte, or undefined when the window is empty. */
  get head(): Buffer | undefined {
    return this.#pieces[0];
  }

  /** Where the window's first byte sits in `head`; the window's bytes in `head` run to its end. */
  get headStart(): number {
    return this.#offset;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const pieces = this.#pieces;
    const lastIndex = pieces.length - 1;
    const last = pieces[lastIndex];
    if (last !== undefined && chunk.length < SMALL_PIECE_BYTES && last.length - (lastIndex === 0 ? this.#offset : 0) < SMALL_PIECE_BYTES) {
      const kept = lastIndex === 0 ? last.subarray(this.#offset) : last;
      if (lastIndex === 0) this.#offset = 0;
      pieces[lastIndex] = Buffer.concat([kept, chunk]);
    } else {
      pieces.push(chunk);
    }
    this.#length += chunk.length;
  }

  /** The byte at `position`, or -1 past the end. */
  byteAt(position: number): number {
    if (position < 0 || position >= this.#length) return -1;
    let at = position + this.#offset;
    for (const piece of this.#pieces) {
      if (at < piece.length) return piece[at]!;
      at -= piece.length;
    }
    return -1;
  }

  /** Position of the first `needle` starting at or after `from`, or -1. Finds matches across seams. */
  indexOf(needle: Buffer, from: number): number {
    const start = Math.max(0, from);
    let base = -this.#offset; // window position of the current piece's first byte
    const pieces = this.#pieces;
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k]!;
      const end = base + piece.length;
      if (end > start) {
        // Matches that begin in earlier pieces and end in this one.
        if (k > 0 && needle.length > 1) {
          const seamStart = Math.max(start, base - needle.length + 1);
          if (seamStart < base) {
            const seamEnd = Math.min(base + needle.length - 1, this.#length);
            const found = this.copy(seamStart, seamEnd).indexOf(needle);
            if (found !== -1) return seamStart + found;
          }
        }
        const found = piece.indexOf(needle, Math.max(0, start - base));
        if (found !== -1) return base + found;
      }
      base = end;
    }
    return -1;
  }

  /**
   * The bytes in [start, end): a view of a pushed chunk when the range lies in one chunk (the
   * chunk is never written to, so the view is safe to keep), a fresh Buffer otherwise.
   */
  slice(start: number, end: number): Buffer {
    let base = -this.#offset;
    for (const piece of this.#pieces) {
      if (start >= base && end <= base + piece.length) return piece.subarray(start - base, end - base);
      if (start < base + piece.length) break;
      base += piece.length;
    }
    return this.copy(start, end);
  }

  /** A fresh copy of [start, end), gathered from as many pieces as it spans. */
  copy(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, end - start));
    let written = 0;
    let base = -this.#offset;
    for (const piece of this.#pieces) {
      const pieceEnd = base + piece.length;
      if (pieceEnd > start && base < end) {
        const from = Math.max(start, base) - base;
        const to = Math.min(end, pieceEnd) - base;
        written += piece.copy(out, written, from, to);
      }
      if (pieceEnd >= end) break;
      base = pieceEnd;
    }
    return out;
  }

  /** Drops the first `count` bytes. */
  consume(count: number): void {
    const pieces = this.#pieces;
    let left = Math.min(count, this.#length);
    this.#length -= left;
    let drop = 0;
    let offset = this.#offset;
    while (left > 0) {
      const remaining = pieces[drop]!.length - offset;
      if (remaining <= left) {
        left -= remaining;
        offset = 0;
        drop++;
      } else {
        offset += left;
        left = 0;
      }
    }
    this.#offset = offset;
    if (drop === 1) pieces.shift();
    else if (drop > 1) pieces.splice(0, drop);
  }

  clear(): void {
    this.#pieces = [];
    this.#offset = 0;
    this.#length = 0;
  }
}
