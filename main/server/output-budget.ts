// What the browser shell may hold in memory for frames not yet sent, across every client. Each
// client has its own cap (MAX_FRAME_BUFFERED_BYTES); on top, all clients together get
// MAX_TOTAL_FRAME_BUFFERED_BYTES, so 32 slow browsers cannot queue 32 times the cap. When the
// total is over, frames are dropped for the clients holding more than an equal share: a client
// that reads keeps its frames, whatever the others do. Frames go first; results and events are
// small and still go out (a client whose buffer passes MAX_BUFFERED_BYTES is closed, see
// client-session.ts).

/** Above this much unsent data, frames are dropped rather than queued (about 2 VGA frames per camera of a 4x4 wall). */
export const MAX_FRAME_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Unsent frame data of all clients together. */
export const MAX_TOTAL_FRAME_BUFFERED_BYTES = 48 * 1024 * 1024;

export type BufferedSocket = { readonly bufferedAmount: number };

export class OutputBudget {
  readonly totalBytes: number;
  readonly perClientBytes: number;
  readonly #sockets = new Set<BufferedSocket>();

  constructor(totalBytes = MAX_TOTAL_FRAME_BUFFERED_BYTES, perClientBytes = MAX_FRAME_BUFFERED_BYTES) {
    this.totalBytes = totalBytes;
    this.perClientBytes = perClientBytes;
  }

  add(socket: BufferedSocket): void {
    this.#sockets.add(socket);
  }

  remove(socket: BufferedSocket): void {
    this.#sockets.delete(socket);
  }

  /** Unsent bytes of every client. */
  total(): number {
    let sum = 0;
    for (const socket of this.#sockets) sum += socket.bufferedAmount;
    return sum;
  }

  /** Whether the next frame for `socket` is dropped instead of queued. */
  dropsFrame(socket: BufferedSocket): boolean {
    const own = socket.bufferedAmount;
    if (own > this.perClientBytes) return true;
    if (own === 0) return false;
    const total = this.total();
    return total > this.totalBytes && own > this.totalBytes / Math.max(this.#sockets.size, 1);
  }
}
