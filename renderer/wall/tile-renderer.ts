// Paints one camera's frames into one canvas. This is the hot path of the wall and it bypasses
// the UI library entirely: a frame goes from the API callback to createImageBitmap (decoded off
// the main thread) to a 'bitmaprenderer' canvas, and nothing else touches it.
//
// Rules (docs/renderer.md, "Frame path"):
// - a tile keeps at most one frame waiting and decodes at most one at a time; a newer frame
//   replaces the waiting one (the replaced frame counts as dropped), so a stale frame is dropped
//   before it costs a decode, never after; a frame replaced while the tile waits for a slot is
//   acknowledged only when the slot comes, so a tile in line does not pull every frame made;
// - a waiting frame is decoded when the page's DecodeQueue grants the tile a slot: the tiles
//   take turns on a few decodes in flight instead of each pushing one into Chromium's queue,
//   where it could no longer be replaced;
// - every ImageBitmap is closed (transferFromImageBitmap detaches it, and a bitmap decoded for a
//   tile that was disposed meanwhile is closed by hand);
// - no blob URLs: the Blob goes straight to createImageBitmap and is garbage once decoded;
// - the canvas takes each picture's size before the transfer (only when it changes), so CSS
//   object-fit letterboxes the picture at its own aspect ratio;
// - each frame's `done` callback (the API's credit for the next frame) runs after the frame was
//   painted or dropped, never before, so the server never sends faster than we paint.
import type { Frame } from '../../shared/frame.ts';
import { sharedDecodeQueue, type DecodeJob, type DecodeQueue } from './decode-queue.ts';

/** A frame just painted, with the size of the picture it decoded to (the bitmap's, not the SOF's guess). */
export type PaintedFrame = { frame: Frame; paintedAt: number; width: number; height: number };

export type TileRendererOptions = {
  /** Called after each paint; the wall updates its overlay figures from it. */
  onPaint?: (painted: PaintedFrame) => void;
  /** Called when a decode fails (a corrupt JPEG): the tile keeps its last picture. */
  onDecodeError?: (frame: Frame, error: unknown) => void;
  /** The decode slots this tile shares with the others; the page's shared queue by default. */
  queue?: DecodeQueue;
};

type Offered = { frame: Frame; done: () => void };

export class TileRenderer {
  readonly canvas: HTMLCanvasElement;
  private readonly context: ImageBitmapRenderingContext;
  private readonly options: TileRendererOptions;
  private readonly queue: DecodeQueue;
  private readonly job: DecodeJob = { run: () => this.decodeWaiting() };
  private decoding = false;
  /** The newest frame not yet decoding; it holds the tile's place in the decode queue. */
  private waiting: Offered | null = null;
  /** Acknowledgements of frames replaced while in line, sent when the tile gets its slot. */
  private held: Array<() => void> = [];
  private disposed = false;
  /** The last painted frame's bytes, for snapshots. */
  private lastFrame: Frame | null = null;

  painted = 0;
  /** Date.now() of the last paint, 0 before the first. */
  lastPaintAt = 0;
  dropped = 0;
  decodeErrors = 0;

  constructor(canvas: HTMLCanvasElement, options: TileRendererOptions = {}) {
    const context = canvas.getContext('bitmaprenderer');
    if (!context) throw new Error('This browser cannot draw ImageBitmaps into a canvas (no bitmaprenderer context).');
    this.canvas = canvas;
    this.context = context;
    this.options = options;
    this.queue = options.queue ?? sharedDecodeQueue();
  }

  /**
   * Hands a frame to the tile. `done` runs once the frame was painted or dropped: that is when
   * the caller may grant the sender credit for the next one.
   */
  offer(frame: Frame, done: () => void = noop): void {
    if (this.disposed) {
      done();
      return;
    }
    if (this.waiting) {
      // Replaced during a decode: acknowledge now, so the next frame can come while it ends. In
      // line for a slot: keep the credit until the slot comes, so the sender holds the newest
      // frame for us instead of sending (and us dropping) every frame made meanwhile.
      if (this.decoding) this.drop(this.waiting);
      else this.hold(this.waiting);
    }
    this.waiting = { frame, done };
    // While a decode runs, decodeWaiting queues the tile again when it ends.
    if (!this.decoding) this.queue.request(this.job);
  }

  /** The JPEG on screen now (for the snapshot button), or null before the first frame. */
  currentFrame(): Frame | null {
    return this.lastFrame;
  }

  /** Forgets the picture (the tile shows its placeholder again). */
  clear(): void {
    this.lastFrame = null;
    this.lastPaintAt = 0;
    if (!this.disposed) this.context.transferFromImageBitmap(null);
    this.queue.cancel(this.job);
    if (this.waiting) this.drop(this.waiting);
    this.waiting = null;
    this.releaseHeld();
  }

  /** Stops painting; frames still in flight are acknowledged and their bitmaps closed. */
  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private drop(offered: Offered): void {
    this.dropped += 1;
    offered.done();
  }

  private hold(offered: Offered): void {
    this.dropped += 1;
    this.held.push(offered.done);
  }

  private releaseHeld(): void {
    for (const done of this.held.splice(0)) done();
  }

  /** Runs when the queue grants this tile a slot: decodes the newest waiting frame and paints it. */
  private async decodeWaiting(): Promise<void> {
    const offered = this.waiting;
    this.waiting = null;
    this.releaseHeld();
    if (!offered || this.disposed) {
      if (offered) offered.done();
      return;
    }
    const { frame, done } = offered;
    this.decoding = true;
    try {
      const bitmap = await decodeJpeg(frame.jpeg);
      if (this.disposed) {
        bitmap.close();
      } else {
        // Takes ownership of the bitmap's pixels and detaches it; close() after that is a
        // no-op, but keeps the rule "every bitmap is closed" true even if Chromium changes.
        const { width, height } = bitmap;
        fitCanvasTo(this.canvas, bitmap);
        this.context.transferFromImageBitmap(bitmap);
        bitmap.close();
        this.painted += 1;
        this.lastFrame = frame;
        this.lastPaintAt = Date.now();
        this.options.onPaint?.({ frame, paintedAt: this.lastPaintAt, width, height });
      }
    } catch (error) {
      this.decodeErrors += 1;
      this.options.onDecodeError?.(frame, error);
    } finally {
      this.decoding = false;
      done();
    }
    // A frame that came during the decode goes to the back of the line: the tiles take turns.
    if (this.waiting && !this.disposed) this.queue.request(this.job);
  }
}

/**
 * Gives the canvas the picture's own size, before the bitmap is transferred into it. Needed
 * because object-fit letterboxes the canvas element, not the bitmap in it: a canvas left at its
 * default 300x150 drew every picture at 2:1. Resizing clears the canvas, so it happens only when
 * the size changes (a new camera or stream, a resolution change mid-stream), right before the
 * transfer that repaints it. Also run by the benchmark's ceiling page, so both draw alike.
 */
export function fitCanvasTo(canvas: HTMLCanvasElement, picture: { width: number; height: number }): void {
  if (canvas.width !== picture.width) canvas.width = picture.width;
  if (canvas.height !== picture.height) canvas.height = picture.height;
}

/**
 * The wall's decode, also run by the benchmark's ceiling page so both decode alike. Default
 * options on purpose: resizing to the tile (resizeWidth/Height) and colorSpaceConversion 'none'
 * were no faster here at 640x480, 1280x720 or 1920x1080 (docs/renderer.md).
 */
export function decodeJpeg(jpeg: ArrayBuffer): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' }));
}

/**
 * A still picture (a hover thumbnail, a motion thumbnail, a camera's picture to draw zones on)
 * decoded and shown in a `bitmaprenderer` canvas that takes its size, unless `stillWanted()`
 * says by then that it is no longer wanted. Resolves with the picture's size, or null when it
 * could not be decoded or was no longer wanted.
 */
export async function paintStill(canvas: () => HTMLCanvasElement | null, jpeg: ArrayBuffer, stillWanted: () => boolean = () => true): Promise<{ width: number; height: number } | null> {
  const bitmap = await decodeJpeg(jpeg).catch(() => null);
  const c = canvas();
  if (!bitmap || !stillWanted() || !c) {
    bitmap?.close();
    return null;
  }
  c.width = bitmap.width;
  c.height = bitmap.height;
  c.getContext('bitmaprenderer')?.transferFromImageBitmap(bitmap);
  bitmap.close();
  return { width: c.width, height: c.height };
}

function noop(): void {}
