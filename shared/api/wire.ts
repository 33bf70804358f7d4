// The browser shell's WebSocket protocol (docs/api.md has the prose). Text messages are JSON,
// one object each, `t` says which; binary messages are frames (shared/api/frame-wire.ts).
// The server validates every client message with ClientMessageSchema; the client trusts the
// server it authenticated to, but still ignores what it does not understand.
import { z } from 'zod';
import type { ApiPushes, PushName } from './pushes.ts';
import type { Result } from './result.ts';

/** The WebSocket's path on the server. */
export const WS_PATH = '/api';
/** Largest client message the server reads; an import of 2 MB of JSON fits, a flood does not. */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Most frames in flight per subscription before the client acks (the hub's credit). */
export const FRAMES_IN_FLIGHT_PER_SUBSCRIPTION = 2;
/** Most frame subscriptions one client may hold at once (two streams of a big wall). */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 128;
/** Largest subscription id; ids are the client's, kept in the frame header as a u16. */
export const MAX_SUBSCRIPTION_ID = 0xffff;
/** Largest call id the client may use (kept exact in a JSON number). */
export const MAX_CALL_ID = Number.MAX_SAFE_INTEGER;

const SubscriptionId = z.number().int().min(1).max(MAX_SUBSCRIPTION_ID);

const CallMessage = z.strictObject({ t: z.literal('call'), id: z.number().int().min(0).max(MAX_CALL_ID), name: z.string().max(100), args: z.unknown() });
const SubscribeMessage = z.strictObject({
  t: z.literal('subscribe'),
  sub: SubscriptionId,
  cameraId: z.string().min(1).max(64),
  stream: z.enum(['main', 'sub']),
  /** Frames of this camera in a playback session of this client, instead of live ones. */
  playback: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
const UnsubscribeMessage = z.strictObject({ t: z.literal('unsubscribe'), sub: SubscriptionId });
/** The client has drawn one frame of this subscription; the server may send another. */
const AckMessage = z.strictObject({ t: z.literal('ack'), sub: SubscriptionId });

export const ClientMessageSchema = z.discriminatedUnion('t', [CallMessage, SubscribeMessage, UnsubscribeMessage, AckMessage]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** The frame messages alone: what a window's frame port carries (main/electron/frames-protocol.ts). */
export const FrameClientMessageSchema = z.discriminatedUnion('t', [SubscribeMessage, UnsubscribeMessage, AckMessage]);
export type FrameClientMessage = z.infer<typeof FrameClientMessageSchema>;

export type ServerMessage =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { [E in PushName]: { t: 'event'; name: E; payload: ApiPushes[E] } }[PushName]
  /** A subscription ended from the server side (camera removed, unknown camera, bad id). */
  | { t: 'subscription-ended'; sub: number; reason: string }
  /** A message the server could not take; `id` when it could tell which call it was. */
  | { t: 'protocol-error'; id: number | null; message: string };
