// Messages on a window's frame port (a MessageChannelMain pair: one end in main, one in the
// preload). The same credit flow control as the browser shell's WebSocket (shared/api/wire.ts):
// each subscription may have FRAMES_IN_FLIGHT_PER_SUBSCRIPTION frames unacknowledged; the
// preload acks a frame when the page's handler has finished with it.
import type { Frame } from '../../shared/frame.ts';
import type { FrameClientMessage } from '../../shared/api/wire.ts';

/** The WebSocket's frame messages, validated by the same schema (FrameClientMessageSchema). */
export type PortClientMessage = FrameClientMessage;

export type PortServerMessage =
  /** The JPEG is an ArrayBuffer of its own (the port's structured clone copies it). */
  | { t: 'frame'; sub: number; frame: Frame }
  /** The subscription ended from main's side (unknown or removed camera, too many subscriptions). */
  | { t: 'ended'; sub: number; reason: string };
