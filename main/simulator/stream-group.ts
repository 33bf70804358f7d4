// All viewers of one (camera, resolution, fps) share one timer and one frame per tick: the
// frame is built once and the same bytes are written to every client.

import type { CameraFrameSource } from './frame-source.ts';
import { PART_WRAPPING } from './mjpeg-framing.ts';
import type { StreamClient } from './stream-client.ts';

export class StreamGroup {
  readonly clients = new Set<StreamClient>();
  private readonly source: CameraFrameSource;
  private readonly intervalMs: number;
  private readonly onEmpty: () => void;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(source: CameraFrameSource, fps: number, onEmpty: () => void) {
    this.source = source;
    this.intervalMs = 1000 / fps;
    this.onEmpty = onEmpty;
  }

  add(client: StreamClient): void {
    this.clients.add(client);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      // The first viewer gets a picture at once, as from a camera that is already running.
      setImmediate(() => this.tick());
    }
  }

  remove(client: StreamClient): void {
    this.clients.delete(client);
    if (this.clients.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.onEmpty();
  }

  private tick(): void {
    if (this.clients.size === 0 || !this.timer) return;
    const frame = this.source.compose(this.seq++, Date.now(), PART_WRAPPING);
    for (const client of this.clients) client.offer(frame);
  }
}
