// One re-stream reader: a frame-hub subscriber that writes each frame it takes as a part of a
// multipart/x-mixed-replace body, the way Axis's video.cgi does. The hub gives it one frame at a
// time (credit 1) and keeps only the newest one waiting while it is busy; the reader takes its
// credit back only once the socket has room. So a slow reader gets the newest frame and drops
// the rest, never holds more than RESTREAM_SOCKET_BOUND_BYTES plus one frame, and never slows
// another reader or the camera (docs/restream.md).
import type { ServerResponse } from 'node:http';
import type { Frame } from '../../../shared/frame.ts';
import type { Clock, TimerHandle } from '../../base/clock.ts';
import type { FrameSubscriber, SubscriberStats, Subscription } from '../../stream/frame-hub.ts';
import { PART_TRAILER, partHeader } from '../../simulator/mjpeg-framing.ts';

/**
 * No frame is written while more than this many bytes wait in the response's buffer (Node's
 * writable buffer, above the kernel's socket buffer): about two 640x480 frames. The next frame
 * waits in the hub's single pending slot, replaced by any newer one.
 */
export const RESTREAM_SOCKET_BOUND_BYTES = 128 * 1024;
/** A reader whose socket has taken nothing for this long is cut off (it holds a connection slot). */
export const RESTREAM_STALLED_READER_MS = 60_000;
/**
 * With `fps=N`, a frame is sent when at least this fraction of 1/N s has passed since the last
 * one, so a camera at 15 fps capped to 5 gives 5, not 3.75, despite jitter in arrival times.
 */
const FPS_SLACK = 0.8;

export type ReaderCounters = { sent: number; skippedForFps: number; bytes: number };

export type MjpegReaderOptions = {
  /** The camera it reads, so the server can close it when the camera goes. */
  cameraId: string;
  response: ServerResponse;
  clock: Clock;
  /** 0 or undefined: every frame the hub offers. */
  maxFps?: number;
  onClose(reader: MjpegReader): void;
};

export class MjpegReader implements FrameSubscriber {
  readonly counters: ReaderCounters = { sent: 0, skippedForFps: 0, bytes: 0 };
  #options: MjpegReaderOptions;
  #subscription: Subscription | null = null;
  #lastSentAt = -Infinity;
  #waitingForDrain = false;
  #stallTimer: TimerHandle | null = null;
  #closed = false;
  readonly cameraId: string;

  constructor(options: MjpegReaderOptions) {
    this.cameraId = options.cameraId;
    this.#options = options;
    const { response } = options;
    response.on('drain', () => this.#onDrain());
    response.on('close', () => this.close());
    response.on('error', () => this.close());
  }

  /** Hands the reader its subscription; frames may already be arriving. */
  attach(subscription: Subscription): void {
    this.#subscription = subscription;
    if (this.#closed) subscription.unsubscribe();
  }

  deliver(frame: Frame): void {
    if (this.#closed) return;
    const now = this.#options.clock.monotonic();
    const maxFps = this.#options.maxFps ?? 0;
    if (maxFps > 0 && now - this.#lastSentAt < (1000 / maxFps) * FPS_SLACK) {
      this.counters.skippedForFps += 1;
      this.#ack();
      return;
    }
    this.#lastSentAt = now;
    const { response } = this.#options;
    const jpeg = new Uint8Array(frame.jpeg);
    response.write(partHeader(jpeg.byteLength));
    response.write(jpeg);
    response.write(PART_TRAILER);
    this.counters.sent += 1;
    this.counters.bytes += jpeg.byteLength;
    if (response.writableLength <= RESTREAM_SOCKET_BOUND_BYTES) {
      this.#ack();
      return;
    }
    // Over the bound: keep the credit until the socket drains; the hub keeps the newest frame.
    this.#waitingForDrain = true;
    this.#stallTimer ??= this.#options.clock.setTimer(() => this.#onStalled(), RESTREAM_STALLED_READER_MS);
  }

  /** The hub's count of frames offered, delivered and dropped (replaced while busy) for this reader. */
  hubStats(): SubscriberStats | null {
    return this.#subscription?.stats() ?? null;
  }

  /** Bytes written to the response and not yet handed to the kernel. */
  get buffered(): number {
    return this.#options.response.writableLength;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stallTimer?.cancel();
    this.#subscription?.unsubscribe();
    if (!this.#options.response.destroyed) this.#options.response.destroy();
    this.#options.onClose(this);
  }

  #onDrain(): void {
    if (!this.#waitingForDrain || this.#closed) return;
    this.#waitingForDrain = false;
    this.#stallTimer?.cancel();
    this.#stallTimer = null;
    this.#ack();
  }

  #onStalled(): void {
    this.#stallTimer = null;
    if (this.#waitingForDrain) this.close();
  }

  #ack(): void {
    this.#subscription?.ack();
  }
}
