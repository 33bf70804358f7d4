// Main's end of one window's frame port. Each subscription takes frames from the core's frame
// hub with a credit of FRAMES_IN_FLIGHT_PER_SUBSCRIPTION; the credit comes back only when the
// preload acks, so a page that stops drawing stops receiving and the hub keeps just the newest
// frame for it (the others count as dropped). Nothing queues. Every message from the port is
// validated, by the WebSocket's own frame-message schema: the renderer is not trusted.
import { FrameClientMessageSchema } from '../../shared/api/wire.ts';
import { ClientFrameSubscriptions, type FramesCore } from '../service/client-frames.ts';
import type { MessagePortMainLike } from './electron-like.ts';
import type { PortServerMessage } from './frames-protocol.ts';

export type FramesPortStats = { framesSent: number; messagesRefused: number };

export class FramesPortSession {
  readonly #port: MessagePortMainLike;
  readonly #name: string;
  readonly #log: (line: string) => void;
  readonly #frames: ClientFrameSubscriptions;
  #closed = false;
  readonly stats: FramesPortStats = { framesSent: 0, messagesRefused: 0 };

  constructor(port: MessagePortMainLike, core: FramesCore, name: string, log: (line: string) => void) {
    this.#port = port;
    this.#name = name;
    this.#log = log;
    this.#frames = new ClientFrameSubscriptions(core, {
      owner: name,
      deliver: (sub, frame) => {
        if (this.#closed) return;
        this.#send({ t: 'frame', sub, frame });
        this.stats.framesSent += 1;
      },
      ended: (sub, reason) => this.#send({ t: 'ended', sub, reason }),
    });
    port.on('message', (event: { data: unknown }) => this.#onMessage(event.data));
    port.on('close', () => this.close());
    port.start();
  }

  get subscriptionCount(): number {
    return this.#frames.size;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#frames.close();
    this.#port.close();
  }

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    const parsed = FrameClientMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.stats.messagesRefused += 1;
      this.#log(`${this.#name}: ignored a frame-port message that is not part of the protocol`);
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'subscribe':
        return this.#frames.subscribe(message.sub, message.cameraId, message.stream, message.playback);
      case 'unsubscribe':
        return this.#frames.unsubscribe(message.sub);
      case 'ack':
        return this.#frames.ack(message.sub);
    }
  }

  #send(message: PortServerMessage): void {
    if (!this.#closed) this.#port.postMessage(message);
  }
}
