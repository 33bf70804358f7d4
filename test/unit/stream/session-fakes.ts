// Test doubles for the camera session: a clock the test moves by hand, and an HTTP source the
// test scripts (frames, clean ends, errors), both honouring the session's real contracts.
import type { Clock, TimerHandle } from '../../../main/base/clock.ts';
import type { CameraTarget, OpenStream, SourceFrame } from '../../../main/stream/camera-session.ts';

export class ManualClock implements Clock {
  #now = 0;
  #timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  readonly wallOffset = 1_700_000_000_000;

  now(): number {
    return this.wallOffset + this.#now;
  }
  monotonic(): number {
    return this.#now;
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.#now + ms, fn, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  setRepeating(fn: () => void, ms: number): TimerHandle {
    let current: TimerHandle;
    const arm = () => {
      current = this.setTimer(() => {
        arm();
        fn();
      }, ms);
    };
    arm();
    return { cancel: () => current.cancel() };
  }
  /** Timers not yet fired nor cancelled. */
  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#now = due.at;
      due.cancelled = true;
      due.fn();
    }
    this.#now = end;
    await settle();
  }
}

/** Lets every pending promise chain run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export type ScriptedConnection = {
  target: CameraTarget;
  signal: AbortSignal;
  frame(bytes?: number): void;
  /** A clean end; `framing: 'jpeg'` makes it a snapshot URL's answer (one JPEG per request). */
  end(framing?: 'multipart' | 'jpeg'): void;
  fail(error: Error & { kind?: string; status?: number; retryAfterMs?: number }): void;
};

/** An OpenStream whose connections the test drives one by one. */
export class ScriptedSource {
  readonly connections: ScriptedConnection[] = [];
  #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  readonly open: OpenStream = (target, options) =>
    new Promise((resolve, reject) => {
      let frames = 0;
      let done = false;
      const finish = (ended: 'complete' | 'aborted', framing: 'multipart' | 'jpeg' = 'multipart') => {
        if (done) return;
        done = true;
        resolve({ frames, ended, framing });
      };
      options.signal?.addEventListener('abort', () => finish('aborted'), { once: true });
      this.connections.push({
        target,
        signal: options.signal ?? new AbortController().signal,
        frame: (bytes = 1000) => {
          if (done) return;
          frames += 1;
          const frame: SourceFrame = { jpeg: Buffer.alloc(bytes, frames), receivedAt: this.#clock.now(), width: 640, height: 480 };
          options.onBytes?.(bytes + 60);
          options.onFrame(frame);
        },
        end: (framing) => finish('complete', framing),
        fail: (error) => {
          if (done) return;
          done = true;
          reject(error);
        },
      });
    });

  get last(): ScriptedConnection {
    const connection = this.connections.at(-1);
    if (!connection) throw new Error('no connection was opened');
    return connection;
  }
}

export function streamError(kind: string, message: string, extra: { status?: number; retryAfterMs?: number } = {}) {
  return Object.assign(new Error(message), { kind, ...extra });
}
