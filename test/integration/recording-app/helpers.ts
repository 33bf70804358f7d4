// Shared by the recording-in-the-app tests: a core on a temp data folder with short segments,
// calls through its dispatcher (the door both shells use), and the events it emits. Waits use
// test/support/wait-for.ts (its default deadline, 20 s, is this suite's).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallArgs, CallName, CallResult } from '../../../shared/api/calls.ts';
import type { ApiPushes, PushName } from '../../../shared/api/pushes.ts';
import assert from 'node:assert/strict';
import { openCore, type CamwallCore, type CoreOptions } from '../../../main/service/core.ts';
import type { Clock, TimerHandle } from '../../../main/base/clock.ts';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `camwall-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestCore(dataDir: string, recording: CoreOptions['recording'] = {}, log?: (line: string) => void): Promise<CamwallCore> {
  return openCore({
    dataDir,
    shell: 'browser',
    version: 'test',
    streams: { workers: 1, graceMs: 500 },
    recording: { segmentSeconds: 2, ...recording },
    ...(log ? { log } : {}),
  });
}

/** Calls through the core's dispatcher and returns the value, or throws with the error. */
export async function call<K extends CallName>(core: CamwallCore, name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const result = await core.dispatch(name, args, { shell: 'browser', caller: 'test' });
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.fields ?? [])}`);
  return result.value as CallResult<K>;
}

/** Records every event of `name` the core emits from now on. */
export function collect<E extends PushName>(core: CamwallCore, name: E): ApiPushes[E][] {
  const seen: ApiPushes[E][] = [];
  core.events.on(name, (payload) => seen.push(payload));
  return seen;
}

/** A VAPIX camera input pointing at a simulator channel. */
export function simulatedCamera(port: number, channel: number, name = `Sim ${channel}`) {
  return { name, kind: 'vapix' as const, scheme: 'http' as const, host: '127.0.0.1', port, channel, resolution: '320x240', fps: 10 };
}

/** Recording's clock, driven by the test: one-shot timers fire only when told (the schedule's boundaries). */
export class DrivenClock implements Clock {
  wall: number;
  pending: Array<{ at: number; fn: () => void }> = [];
  constructor(wall: number) {
    this.wall = wall;
  }
  now = () => this.wall;
  monotonic = () => performance.now();
  setTimer = (fn: () => void, ms: number): TimerHandle => {
    const timer = { at: this.wall + ms, fn };
    this.pending.push(timer);
    return { cancel: () => (this.pending = this.pending.filter((t) => t !== timer)) };
  };
  /** Repeating timers (retention's) are kept apart and never fired: the test drives the schedule only. */
  repeating: Array<{ ms: number; fn: () => void }> = [];
  setRepeating = (fn: () => void, ms: number): TimerHandle => {
    const timer = { ms, fn };
    this.repeating.push(timer);
    return { cancel: () => (this.repeating = this.repeating.filter((t) => t !== timer)) };
  };
  fireNext(): void {
    this.pending.sort((a, b) => a.at - b.at);
    const next = this.pending.shift();
    assert.ok(next, 'a timer is armed');
    this.wall = next.at;
    next.fn();
  }
}
