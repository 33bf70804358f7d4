// One viewer of a simulated stream: receives every frame its group builds, applies the faults
// aimed at it, and skips frames (counting them) while its socket is still busy with earlier
// ones, so a slow reader never makes the simulator queue without bound.

import type { ServerResponse } from 'node:http';
import type { ComposedFrame } from './frame-source.ts';
import { CLOSING_DELIMITER, PART_TRAILER, partHeader } from './mjpeg-framing.ts';

/** Extra bytes a lying Content-Length claims beyond the real JPEG. */
export const CORRUPT_LENGTH_EXCESS = 512;
/** How often a dripping stream writes its next slice. */
const DRIP_TICK_MS = 50;

export interface ClientFaults {
  /** Close the connection after every N frames. */
  dropEvery: number | null;
  /** Stop sending after N frames. */
  stallAfter: number | null;
  /** Every Nth part is corrupt. */
  corruptEvery: number | null;
  /** Body bytes per second, or null for full speed. */
  dripBytesPerSecond: number | null;
  /** Switch the picture's size after every N frames (the server moves the client to another group). */
  resizeEvery: number | null;
}

export interface TrafficCounters { framesSent: number; bytesSent: number; framesSkipped: number }

export class StreamClient {
  readonly camera: number;
  private readonly response: ServerResponse;
  private readonly faults: ClientFaults;
  private readonly counters: TrafficCounters;
  private readonly frameLimit: number;
  private readonly onEnd: (client: StreamClient) => void;
  private readonly onResize: (client: StreamClient) => void;
  private framesSent = 0;
  private corruptParts = 0;
  private stalled = false;
  private ended = false;
  private durationTimer: NodeJS.Timeout | null = null;
  private dripTimer: NodeJS.Timeout | null = null;
  private dripCurrent: Uint8Array | null = null;
  private dripOffset = 0;
  private dripNext: Uint8Array | null = null;
  private dripCredit = 0;

  constructor(options: {
    camera: number; response: ServerResponse; faults: ClientFaults; counters: TrafficCounters;
    frameLimit: number; durationSeconds: number; onEnd: (client: StreamClient) => void;
    /** Called every `faults.resizeEvery` frames. */
    onResize?: (client: StreamClient) => void;
  }) {
    this.camera = options.camera;
    this.response = options.response;
    this.faults = options.faults;
    this.counters = options.counters;
    this.frameLimit = options.frameLimit;
    this.onEnd = options.onEnd;
    this.onResize = options.onResize ?? (() => {});
    this.response.on('close', () => this.finish());
    if (options.durationSeconds > 0) {
      this.durationTimer = setTimeout(() => this.endStream(), options.durationSeconds * 1000);
    }
    if (this.faults.stallAfter === 0) { this.stalled = true; return; }
    if (this.faults.dripBytesPerSecond !== null) this.dripTimer = setInterval(() => this.drip(), DRIP_TICK_MS);
  }

  /** A new frame from the group. */
  offer(frame: ComposedFrame): void {
    if (this.ended || this.stalled) return;
    const part = this.partFor(frame);
    if (this.dripTimer) {
      if (this.dripNext) this.counters.framesSkipped++;
      this.dripNext = part;
      return;
    }
    const socket = this.response.socket;
    if (!socket || socket.writableNeedDrain) { this.counters.framesSkipped++; return; }
    this.response.write(part);
    this.counters.bytesSent += part.length;
    this.partDone();
  }

  /** Resets the connection (the "reboot" fault). */
  reset(): void {
    this.response.socket?.resetAndDestroy();
    this.finish();
  }

  /** Server shutdown. */
  destroy(): void {
    this.response.destroy();
    this.finish();
  }

  private partFor(frame: ComposedFrame): Uint8Array {
    const every = this.faults.corruptEvery;
    if (every === null || (this.framesSent + 1) % every !== 0) return frame.bytes;
    this.corruptParts++;
    const jpeg = frame.jpeg;
    if (this.corruptParts % 2 === 1) {
      // Content-Length larger than the data: a reader trusting it swallows the next delimiter.
      return concat(partHeader(jpeg.length + CORRUPT_LENGTH_EXCESS), jpeg, PART_TRAILER);
    }
    // Right length, wrong bytes: no SOI, no EOI, nothing a decoder can use.
    const garbage = new Uint8Array(jpeg.length);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0x7f;
    return concat(partHeader(garbage.length), garbage, PART_TRAILER);
  }

  private partDone(): void {
    this.framesSent++;
    this.counters.framesSent++;
    if (this.frameLimit > 0 && this.framesSent >= this.frameLimit) { this.endStream(); return; }
    const { dropEvery, stallAfter, resizeEvery } = this.faults;
    if (stallAfter !== null && this.framesSent >= stallAfter) { this.stalled = true; this.stopTimers(); return; }
    if (dropEvery !== null && this.framesSent % dropEvery === 0) {
      // Closed without the closing delimiter, as a camera that loses its encoder does.
      this.response.socket?.end();
      this.finish();
      return;
    }
    if (resizeEvery !== null && this.framesSent % resizeEvery === 0) this.onResize(this);
  }

  private drip(): void {
    this.dripCredit += ((this.faults.dripBytesPerSecond ?? 0) * DRIP_TICK_MS) / 1000;
    while (this.dripCredit >= 1 && !this.ended && !this.stalled) {
      if (!this.dripCurrent) {
        if (!this.dripNext) { this.dripCredit = Math.min(this.dripCredit, 1); return; }
        this.dripCurrent = this.dripNext;
        this.dripNext = null;
        this.dripOffset = 0;
      }
      const size = Math.min(Math.floor(this.dripCredit), this.dripCurrent.length - this.dripOffset);
      this.response.write(this.dripCurrent.subarray(this.dripOffset, this.dripOffset + size));
      this.counters.bytesSent += size;
      this.dripOffset += size;
      this.dripCredit -= size;
      if (this.dripOffset === this.dripCurrent.length) { this.dripCurrent = null; this.partDone(); }
    }
  }

  private endStream(): void {
    if (this.ended) return;
    this.response.end(CLOSING_DELIMITER);
    this.finish();
  }

  private stopTimers(): void {
    if (this.durationTimer) clearTimeout(this.durationTimer);
    if (this.dripTimer) clearInterval(this.dripTimer);
    this.durationTimer = null;
    this.dripTimer = null;
  }

  private finish(): void {
    this.stopTimers();
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
}
