// Shared by the stream integration tests: watch a StreamManager's status events and wait for a
// camera to reach a state, with a generous deadline that names what it was waiting for.
import type { CameraState, CameraStatus } from '../../../shared/camera-status.ts';
import type { StreamManager } from '../../../main/stream/stream-manager.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { Subscription } from '../../../main/stream/frame-hub.ts';

/**
 * Deadlines are for a noisy 2-core machine running other tests at the same time. They only stop
 * a test that hangs, so they are long: a first wait includes starting a worker thread, which took
 * over 20 s with eight tests starting theirs at once on an overloaded machine.
 */
export const WAIT_MS = 60_000;

export class StatusLog {
  readonly #history = new Map<string, CameraStatus[]>();
  readonly #waiters = new Set<() => void>();

  constructor(manager: StreamManager) {
    manager.on('status', ({ cameraId, kind }, status) => {
      if (kind !== 'live-main') return;
      const list = this.#history.get(cameraId) ?? [];
      list.push(status);
      this.#history.set(cameraId, list);
      for (const wake of [...this.#waiters]) wake();
    });
  }

  history(cameraId: string): CameraStatus[] {
    return this.#history.get(cameraId) ?? [];
  }

  states(cameraId: string): CameraState[] {
    return this.history(cameraId).map((s) => s.state);
  }

  /** Resolves with the first status at index >= `from` that matches. */
  waitFor(cameraId: string, what: string, match: (s: CameraStatus) => boolean, from = 0, timeoutMs = WAIT_MS): Promise<CameraStatus> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.history(cameraId).slice(from).find(match);
        if (!found) return false;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`camera ${cameraId}: waited ${timeoutMs} ms for ${what}; states were ${this.states(cameraId).join(' → ')}`));
      }, timeoutMs);
      if (!check()) this.#waiters.add(check);
    });
  }

  waitForState(cameraId: string, state: CameraState, from = 0, timeoutMs = WAIT_MS): Promise<CameraStatus> {
    return this.waitFor(cameraId, `state ${state}`, (s) => s.state === state, from, timeoutMs);
  }
}

/** Subscribes with a subscriber that acks at once and remembers what it saw. */
export function collect(manager: StreamManager, cameraId: string) {
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  const subscription: Subscription = manager.subscribe(cameraId, {
    deliver: (frame) => {
      frames.push(frame);
      if (frames.length > 50) frames.shift();
      subscription.ack();
      for (const wake of [...waiters]) wake();
    },
  });
  const origin = subscription;
  return {
    subscription: origin,
    /** The last 50 frames. */
    frames,
    /** Resolves once `count` more frames arrived. */
    more(count: number, timeoutMs = WAIT_MS): Promise<void> {
      const target = origin.stats().delivered + count;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (origin.stats().delivered < target) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`camera ${cameraId}: waited ${timeoutMs} ms for ${count} frames, got ${origin.stats().delivered - (target - count)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

/** Resolves on the next event `name` of the manager that matches. */
export function nextEvent<T extends unknown[]>(manager: StreamManager, name: 'stats' | 'worker-exit', match: (...args: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      if (!match(...(args as T))) return;
      manager.off(name, listener as never);
      clearTimeout(timer);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      manager.off(name, listener as never);
      reject(new Error(`waited ${timeoutMs} ms for a matching '${name}' event`));
    }, timeoutMs);
    manager.on(name, listener as never);
  });
}
