// Paints one camera's frames into one canvas. This is the hot path of the wall and it bypasses
// the UI library entirely: a frame goes from the API callback to createImageBitmap (decoded off
// the main thread) to a 'bitmaprenderer' canvas, and nothing else touches it.
//
// Rules (docs/renderer.md, "Frame path"):
// - at most one decode in flight per tile; a frame that arrives meanwhile waits in a single slot,
//   and a newer one replaces it (the replaced frame counts as dropped);
// - every ImageBitmap is closed (transferFromImageBitmap detaches it, and a bitmap decoded for a
//   tile that was disposed meanwhile is closed by hand);
// - no blob URLs: the Blob goes straight to createImageBitmap and is garbage once decoded;
// - each frame's `done` callback (the API's credit for the next frame) runs after the frame was
//   painted or dropped, never before, so the server never sends faster than we paint.
import type { Frame } from '../../shared/frame.ts';

export type PaintedFrame = { frame: Frame; paintedAt: number };

export type TileRendererOptions = {
  /** Called after each paint; the wall updates its overlay figures from it. */
  onPaint?: (painted: PaintedFrame) => void;
  /** Called when a decode fails (a corrupt JPEG): the tile keeps its last picture. */
  onDecodeError?: (frame: Frame, error: unknown) => void;
};

type Offered = { frame: Frame; done: () => void };

export class TileRenderer {
  readonly canvas: HTMLCanvasElement;
  private readonly context: ImageBitmapRenderingContext;
  private readonly options: TileRendererOptions;
  private decoding = false;
  private waiting: Offered | null = null;
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
    if (this.decoding) {
      if (this.waiting) this.drop(this.waiting);
      this.waiting = { frame, done };
      return;
    }
    void this.decodeAndPaint({ frame, done });
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
    if (this.waiting) this.drop(this.waiting);
    this.waiting = null;
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

  private async decodeAndPaint(offered: Offered): Promise<void> {
    this.decoding = true;
    let next: Offered | null = offered;
    while (next) {
      const { frame, done } = next;
      try {
        const bitmap = await createImageBitmap(new Blob([frame.jpeg], { type: 'image/jpeg' }));
        if (this.disposed) {
          bitmap.close();
        } else {
          // Takes ownership of the bitmap's pixels and detaches it; close() after that is a
          // no-op, but keeps the rule "every bitmap is closed" true even if Chromium changes.
          this.context.transferFromImageBitmap(bitmap);
          bitmap.close();
          this.painted += 1;
          this.lastFrame = frame;
          this.lastPaintAt = Date.now();
          this.options.onPaint?.({ frame, paintedAt: this.lastPaintAt });
        }
      } catch (error) {
        this.decodeErrors += 1;
        this.options.onDecodeError?.(frame, error);
      } finally {
        done();
      }
      next = this.waiting;
      this.waiting = null;
    }
    this.decoding = false;
  }
}

function noop(): void {}
