// Every simulator fault against a real worker: each time the stream must come back by itself.
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { StreamManager } from '../../../main/stream/stream-manager.ts';
import type { StreamManagerOptions } from '../../../main/stream/stream-manager.ts';
import { parseFault, startSimulator } from '../../../main/simulator/server.ts';
import type { SimulatorOptions } from '../../../main/simulator/server.ts';
import type { LiveStreamKey } from '../../../shared/stream-key.ts';
import { AUTH_RETRY_MS } from '../../../main/stream/backoff.ts';
import { StatusLog, collect, nextEvent } from './lifecycle-helpers.ts';
import type { CameraStats } from '../../../shared/camera-status.ts';

/** Several waits of up to WAIT_MS each: a safety net against a hang, not a speed target. */
const TEST_TIMEOUT_MS = 180_000;
/** For the tests about stalls: short, so they stay quick. */
const TEST_STALL_MS = 1_500;
/** For every other test: long enough that a loaded 2-core machine never looks stalled. */
const RELAXED_STALL_MS = 8_000;

async function camera(t: TestContext, simulator: SimulatorOptions, manager: StreamManagerOptions = {}, target: { username?: string; password?: string } = {}) {
  const sim = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240', ...simulator });
  const streams = new StreamManager({ workers: 1, stallMs: RELAXED_STALL_MS, ...manager });
  t.after(async () => {
    await streams.close();
    await sim.close();
  });
  const log = new StatusLog(streams);
  streams.setCameras([{ id: 'cam', target: { url: sim.urls[0]!, ...target } }]);
  const view = collect(streams, 'cam');
  return { sim, streams, log, view };
}

/** Index of the n-th status in `state` (1-based), or -1. */
function nth(states: string[], state: string, n: number): number {
  let seen = 0;
  return states.findIndex((s) => s === state && ++seen === n);
}

describe('lifecycle under simulator faults', { concurrency: true }, () => {
  test('drop: a connection cut every 15 frames is reopened each time, after a wait, and flagged unstable', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view, streams } = await camera(t, { faults: [parseFault('drop:15')] });
    await log.waitFor('cam', 'four live periods', () => nth(log.states('cam'), 'live', 4) >= 0);
    await view.more(5);
    const frames = view.frames;
    for (let i = 1; i < frames.length; i++) assert.equal(frames[i]!.seq, frames[i - 1]!.seq + 1);
    // Each stream ended cleanly 1.5 s after it opened, well before it counts as healthy
    // (STABLE_CONNECTION_MS): a brief connection, so a wait before the next, never at once.
    const ended = log.history('cam').find((s) => s.state === 'backoff');
    assert.match(ended?.reason ?? '', /the stream ended .* after it opened; retrying in/);
    assert.equal(log.history('cam').some((s) => s.reason.includes('at once')), false, log.states('cam').join(' → '));
    await log.waitFor('cam', 'the unstable flag', (s) => s.unstable !== undefined);
    await nextEvent<[LiveStreamKey, CameraStats]>(streams, 'stats', (_id, st) => st.reconnects >= 2);
  });

  test('stall: a stream that stops sending is declared stalled and reopened', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view } = await camera(t, { faults: [parseFault('stall:5')] }, { stallMs: TEST_STALL_MS });
    const stalled = await log.waitForState('cam', 'stalled');
    assert.match(stalled.reason, /no frame for 1.5 s/);
    assert.equal(stalled.error?.kind, 'timeout');
    const after = log.history('cam').indexOf(stalled);
    await log.waitForState('cam', 'backoff', after);
    await log.waitForState('cam', 'live', after);
    await view.more(8);
  });

  test('503: the camera is busy, we wait at least its Retry-After, then stream', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view } = await camera(t, { faults: [parseFault('503:2')] }, { retry: { unavailableMinMs: 200 } });
    const busy = await log.waitFor('cam', 'a 503', (s) => s.error?.status === 503 && s.state === 'backoff');
    assert.ok(busy.retryInMs! >= 1000, `retryInMs ${busy.retryInMs} honours Retry-After: 1`);
    await log.waitForState('cam', 'live');
    assert.equal(log.states('cam').filter((s) => s === 'error').length, 2);
    await view.more(5);
  });

  test('reboot: connections refused for a while, then the stream is back', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view } = await camera(t, { faults: [parseFault('reboot:1/3')] }, { backoff: { initialMs: 200, maxMs: 1000 } });
    await log.waitForState('cam', 'live');
    const failed = await log.waitFor('cam', 'the reboot', (s) => s.state === 'error' || s.state === 'stalled');
    await log.waitForState('cam', 'live', log.history('cam').indexOf(failed));
    await view.more(5);
  });

  test('corrupt: bad parts are skipped and the stream stays live', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view, streams } = await camera(t, { faults: [parseFault('corrupt:4')] });
    await view.more(25);
    for (const frame of view.frames) {
      const bytes = new Uint8Array(frame.jpeg);
      assert.deepEqual([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)], [0xff, 0xd8, 0xff, 0xd9], `frame ${frame.seq} is a whole JPEG`);
    }
    // The parser skips the bad parts inside the connection: no reconnect was needed.
    assert.deepEqual(log.states('cam'), ['stopped', 'connecting', 'live']);
    const [, stats] = await nextEvent<[LiveStreamKey, CameraStats]>(streams, 'stats', (_id, st) => st.framesReceived >= 25);
    assert.equal(stats.reconnects, 0);
  });

  test('drip: a slow but steady stream stays live at its low rate', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log, view } = await camera(t, { faults: [parseFault('drip:40000')] });
    await log.waitForState('cam', 'live');
    await view.more(4);
    const gaps = view.frames.slice(1).map((f, i) => f.capturedAt - view.frames[i]!.capturedAt);
    assert.ok(Math.max(...gaps) > 100, 'the drip really slowed the frames');
    assert.deepEqual(log.states('cam'), ['stopped', 'connecting', 'live']);
  });

  test('drip: a stream too slow to finish a frame within the watchdog is stalled and retried', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { log } = await camera(t, { faults: [parseFault('drip:2000')] }, { stallMs: TEST_STALL_MS, backoff: { initialMs: 200, maxMs: 500 } });
    const stalled = await log.waitForState('cam', 'stalled');
    await log.waitForState('cam', 'connecting', log.history('cam').indexOf(stalled));
  });

  test('auth: a wrong password shows auth-failed and waits; the right one brings it live at once', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const password = 'correct horse';
    const { log, view, streams, sim } = await camera(t, { auth: 'digest', user: 'viewer', password }, {}, { username: 'viewer', password: 'wrong' });
    const failed = await log.waitForState('cam', 'auth-failed');
    assert.equal(failed.error?.kind, 'auth');
    assert.equal(failed.error?.status, 401);
    assert.ok(failed.retryInMs! > AUTH_RETRY_MS / 2, `retries slowly, in ${failed.retryInMs} ms`);
    assert.doesNotMatch(JSON.stringify(log.history('cam')), /wrong|correct horse/);
    const before = log.history('cam').length;
    streams.setCameras([{ id: 'cam', target: { url: sim.urls[0]!, username: 'viewer', password } }]);
    await log.waitForState('cam', 'live', before);
    await view.more(5);
    assert.equal(log.states('cam').filter((s) => s === 'auth-failed').length, 1, 'no retry storm');
  });
});
