// The unit that moves from a camera to every viewer: one JPEG exactly as the camera sent it.
// Types only, so the stream workers, the API and the renderer share one shape.

export type Frame = {
  /** The camera's id in the registry. */
  cameraId: string;
  /** Per camera, starts at 1 and rises by one for every frame received, across reconnects. */
  seq: number;
  /** Wall-clock time (ms since the epoch) when the last byte of the frame arrived. */
  capturedAt: number;
  /** From the JPEG's SOF marker; 0 when the frame had none we could read. */
  width: number;
  height: number;
  /**
   * The JPEG bytes, an ArrayBuffer of exactly the frame's size. Shared by every subscriber of
   * the hub: treat it as read-only, and copy it before transferring it anywhere.
   */
  jpeg: ArrayBuffer;
};
