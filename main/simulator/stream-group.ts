// All viewers of one (camera, resolution, fps) share one timer and one frame per tick: the
// frame is built once and the same bytes are written to every client.

import type { FrameSource } from './frame-source.ts';
import { PART_WRAPPING } from './mjpeg-framing.ts';
import type { StreamClient } from './stream-client.ts';

export class StreamGroup {
  readonly clients = new Set<StreamClient>();
  private readonly source: FrameSource;
  private readonly intervalMs: number;
  private readonly onEmpty: () => void;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  /** When the next frame is due (performance.now()); ticks aim at it, so the rate does not drift. */
  private nextDue = 0;

  constructor(source: FrameSource, fps: number, onEmpty: () => void) {
    this.source = source;
    this.intervalMs = 1000 / fps;
    this.onEmpty = onEmpty;
  }

  add(client: StreamClient): void {
    this.clients.add(client);
    if (!this.timer) {
      // The first viewer gets a picture at once, as from a camera that is already running.
      this.nextDue = performance.now();
      this.timer = setTimeout(() => this.tick(), 0);
    }
  }

  remove(client: StreamClient): void {
    this.clients.delete(client);
    if (this.clients.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.onEmpty();
  }

  private tick(): void {
    if (this.clients.size === 0 || !this.timer) return;
    // setInterval with 66.7 ms runs at about 67 ms; schedule against the ideal timeline instead,
    // and after a long pause (a busy event loop) restart the timeline rather than burst.
    const now = performance.now();
    this.nextDue = Math.max(this.nextDue + this.intervalMs, now);
    this.timer = setTimeout(() => this.tick(), this.nextDue - now);
    const frame = this.source.compose(this.seq++, Date.now(), PART_WRAPPING);
    for (const client of this.clients) client.offer(frame);
  }
}
