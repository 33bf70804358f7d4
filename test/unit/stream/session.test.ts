import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CameraSession, DEFAULT_STALL_MS } from '../../../main/stream/camera-session.ts';
import {
  AUTH_RETRY_MS,
  DEFAULT_SNAPSHOT_FPS,
  MAX_SNAPSHOT_FPS,
  STABLE_CONNECTION_MS,
  UNAVAILABLE_MIN_DELAY_MS,
  UNSTABLE_AFTER_BRIEF_CONNECTIONS,
} from '../../../main/stream/backoff.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';
import { ManualClock, ScriptedSource, settle, streamError } from './session-fakes.ts';

/** A session on a manual clock with no jitter, recording every status and frame. */
function harness(options: { stallMs?: number; firstSeq?: number } = {}) {
  const clock = new ManualClock();
  const source = new ScriptedSource(clock);
  const statuses: CameraStatus[] = [];
  const seqs: number[] = [];
  const session = new CameraSession(
    { cameraId: 'cam1', target: { url: 'http://127.0.0.1:1/axis-cgi/mjpg/video.cgi', username: 'root', password: 'secret' }, ...(options.stallMs ? { stallMs: options.stallMs } : {}) },
    { openStream: source.open, clock, random: () => 0, onStatus: (s) => statuses.push(s), onFrame: (_f, seq) => seqs.push(seq) },
    options.firstSeq,
  );
  const states = () => statuses.map((s) => s.state);
  return { clock, source, statuses, states, seqs, session };
}

/** Frames every second for `ms` on the current connection (the watchdog never fires). */
async function streamFor(h: ReturnType<typeof harness>, ms: number): Promise<void> {
  await settle();
  for (let at = 0; at < ms; at += 1000) {
    h.source.last.frame();
    await h.clock.advance(1000);
  }
  h.source.last.frame();
}

test('session: connecting, live on the first frame, stopped on stop', async () => {
  const h = harness();
  h.session.start();
  await settle();
  assert.deepEqual(h.states(), ['connecting']);
  h.source.last.frame();
  h.source.last.frame();
  h.source.last.frame();
  assert.deepEqual(h.states(), ['connecting', 'live']);
  assert.deepEqual(h.seqs, [1, 2, 3]);
  await h.session.stop('camera removed');
  assert.equal(h.source.last.signal.aborted, true);
  assert.deepEqual(h.states(), ['connecting', 'live', 'stopped']);
  assert.equal(h.statuses.at(-1)?.reason, 'camera removed');
  assert.equal(h.clock.pendingTimers, 0, 'the watchdog is cancelled');
});

test('session: the watchdog aborts a stream with no frame for stallMs and reconnects after the backoff', async () => {
  const h = harness();
  h.session.start();
  await settle();
  h.source.last.frame();
  // Frames every 9 s keep it alive: the watchdog measures from the last frame.
  for (let i = 0; i < 3; i++) {
    await h.clock.advance(DEFAULT_STALL_MS - 1000);
    h.source.last.frame();
  }
  assert.equal(h.source.connections.length, 1);
  await h.clock.advance(DEFAULT_STALL_MS);
  assert.equal(h.source.connections[0]!.signal.aborted, true);
  assert.deepEqual(h.states().slice(-2), ['stalled', 'backoff']);
  assert.equal(h.statuses.at(-1)?.retryInMs, 500);
  assert.match(h.statuses.at(-2)!.reason, /no frame for 10 s/);
  await h.clock.advance(499);
  assert.equal(h.source.connections.length, 1);
  await h.clock.advance(1);
  assert.equal(h.source.connections.length, 2);
  h.source.last.frame();
  assert.deepEqual(h.seqs, [1, 2, 3, 4, 5], 'seq goes on across reconnects');
  assert.equal(h.session.takeStats().reconnects, 1);
  await h.session.stop();
});

test('session: a stream that never sends a frame is also stalled', async () => {
  const h = harness({ stallMs: 3000 });
  h.session.start();
  await h.clock.advance(3000);
  assert.deepEqual(h.states(), ['connecting', 'stalled', 'backoff']);
  await h.session.stop();
});

test('session: repeated failures back off exponentially; the backoff resets only after a connection stayed up', async () => {
  const h = harness();
  h.session.start();
  const waits: number[] = [];
  for (let i = 0; i < 4; i++) {
    await settle();
    h.source.last.fail(streamError('network', 'connection refused'));
    await settle();
    const status = h.statuses.at(-1)!;
    assert.equal(status.state, 'backoff');
    assert.equal(status.error?.kind, 'network');
    waits.push(status.retryInMs!);
    await h.clock.advance(status.retryInMs!);
  }
  assert.deepEqual(waits, [500, 1000, 2000, 4000]);
  // A frame, then a reset: a brief connection, so the wait keeps growing.
  h.source.last.frame();
  h.source.last.fail(streamError('network', 'connection reset'));
  await settle();
  assert.equal(h.statuses.at(-1)?.retryInMs, 8000);
  await h.clock.advance(8000);
  // Frames for STABLE_CONNECTION_MS: healthy, so the next failure starts from the first delay.
  await streamFor(h, STABLE_CONNECTION_MS);
  h.source.last.fail(streamError('network', 'connection reset'));
  await settle();
  assert.equal(h.statuses.at(-1)?.retryInMs, 500);
  assert.equal(h.session.takeStats().lastError, 'connection reset');
  await h.session.stop();
});

test('session: wrong credentials show auth-failed and retry once a minute, not in a storm', async () => {
  const h = harness();
  h.session.start();
  await settle();
  h.source.last.fail(streamError('auth', 'the camera refused the user name or password (HTTP 401)', { status: 401 }));
  await settle();
  const status = h.statuses.at(-1)!;
  assert.equal(status.state, 'auth-failed');
  assert.equal(status.retryInMs, AUTH_RETRY_MS);
  assert.equal(status.error?.status, 401);
  assert.doesNotMatch(JSON.stringify(h.statuses), /secret/);
  await h.clock.advance(AUTH_RETRY_MS - 1);
  assert.equal(h.source.connections.length, 1);
  await h.clock.advance(1);
  assert.equal(h.source.connections.length, 2);
  await h.session.stop();
});

test('session: 503 waits at least the floor, or Retry-After when the camera asks for longer', async () => {
  const h = harness();
  h.session.start();
  await settle();
  h.source.last.fail(streamError('http', 'HTTP 503', { status: 503 }));
  await settle();
  assert.equal(h.statuses.at(-1)?.retryInMs, UNAVAILABLE_MIN_DELAY_MS);
  await h.clock.advance(UNAVAILABLE_MIN_DELAY_MS);
  h.source.last.fail(streamError('http', 'HTTP 503', { status: 503, retryAfterMs: 42_000 }));
  await settle();
  assert.equal(h.statuses.at(-1)?.retryInMs, 42_000);
  await h.session.stop();
});

test('session: a clean end after a stream that lasted reconnects at once; a brief one or one with no frame backs off', async () => {
  const h = harness();
  h.session.start();
  await settle();
  await streamFor(h, STABLE_CONNECTION_MS);
  h.source.last.end();
  await settle();
  assert.equal(h.source.connections.length, 2, 'reconnected without waiting');
  h.source.last.frame();
  h.source.last.end();
  await settle();
  assert.deepEqual(h.states().slice(-2), ['error', 'backoff']);
  assert.match(h.statuses.at(-1)!.reason, /the stream ended 0\.0 s after it opened/);
  assert.equal(h.statuses.at(-1)?.retryInMs, 500);
  await h.clock.advance(500);
  h.source.last.end();
  await settle();
  assert.deepEqual(h.states().slice(-2), ['error', 'backoff']);
  assert.equal(h.statuses.at(-1)?.retryInMs, 1000);
  await h.session.stop();
});

test('regression: a camera that sends one frame and ends is not reopened at once (about 2,600 connections a second before)', async () => {
  const h = harness();
  h.session.start();
  // One minute of a camera that answers each connection with one frame and a clean end.
  for (let elapsed = 0; elapsed < 60_000; elapsed += 100) {
    await settle();
    const connection = h.source.last;
    if (!connection.signal.aborted && h.source.connections.length > 0) {
      connection.frame();
      connection.end();
    }
    await h.clock.advance(100);
  }
  // 0.5 + 1 + 2 + 4 + 8 + 16 + 30 s of backoff: 7 connections in the minute (8 with the first).
  assert.ok(h.source.connections.length <= 8, `${h.source.connections.length} connections in a minute`);
  assert.ok(h.source.connections.length >= 6, `${h.source.connections.length} connections in a minute`);
  const unstable = h.statuses.filter((s) => s.unstable !== undefined);
  assert.ok(unstable.length > 0, 'the camera is flagged unstable');
  assert.match(unstable.at(-1)!.unstable!, /the last \d+ connections each broke within 10 s of their first frame/);
  assert.ok(h.statuses.length <= 4 * h.source.connections.length + 1, 'four status events per connection at most');
  await h.session.stop();
});

test('session: the unstable flag comes after UNSTABLE_AFTER_BRIEF_CONNECTIONS brief connections and goes once one stays up', async () => {
  const h = harness();
  h.session.start();
  for (let i = 0; i < UNSTABLE_AFTER_BRIEF_CONNECTIONS; i++) {
    await settle();
    assert.equal(h.statuses.at(-1)?.unstable, undefined, `not yet after ${i} brief connections`);
    h.source.last.frame();
    h.source.last.fail(streamError('network', 'connection reset'));
    await settle();
    await h.clock.advance(h.statuses.at(-1)!.retryInMs!);
  }
  assert.ok(h.statuses.some((s) => s.state === 'backoff' && s.unstable !== undefined));
  await settle();
  h.source.last.frame();
  assert.equal(h.statuses.at(-1)?.state, 'live');
  assert.notEqual(h.statuses.at(-1)?.unstable, undefined, 'live, but still unstable');
  await streamFor(h, STABLE_CONNECTION_MS);
  const steady = h.statuses.at(-1)!;
  assert.equal(steady.state, 'live');
  assert.equal(steady.unstable, undefined);
  assert.match(steady.reason, /steady again/);
  await h.session.stop();
});

test('regression: a snapshot URL is polled at DEFAULT_SNAPSHOT_FPS and stays live without an event per poll', async () => {
  const h = harness();
  h.session.start();
  for (let elapsed = 0; elapsed < 10_000; elapsed += 50) {
    await settle();
    const connection = h.source.last;
    if (!connection.signal.aborted) {
      connection.frame();
      connection.end('jpeg');
    }
    await h.clock.advance(50);
  }
  const expected = 10 * DEFAULT_SNAPSHOT_FPS;
  assert.ok(Math.abs(h.source.connections.length - expected) <= 1, `${h.source.connections.length} polls in 10 s, expected about ${expected}`);
  assert.deepEqual(h.states(), ['connecting', 'live']);
  assert.equal(h.session.takeStats().reconnects, 0, 'polls are not reconnects');
  await h.session.stop();
});

test('session: a configured snapshot rate is honoured, and an out-of-range one refused', async () => {
  const clock = new ManualClock();
  const source = new ScriptedSource(clock);
  const session = new CameraSession(
    { cameraId: 'snap', target: { url: 'http://127.0.0.1:1/jpg' }, snapshotFps: 0.5 },
    { openStream: source.open, clock, random: () => 0, onStatus: () => {}, onFrame: () => {} },
  );
  session.start();
  for (let elapsed = 0; elapsed < 10_000; elapsed += 50) {
    await settle();
    if (!source.last.signal.aborted) {
      source.last.frame();
      source.last.end('jpeg');
    }
    await clock.advance(50);
  }
  assert.ok(source.connections.length === 5 || source.connections.length === 6, `${source.connections.length} polls at 0.5 fps in 10 s`);
  await session.stop();
  for (const snapshotFps of [0, -1, MAX_SNAPSHOT_FPS + 1, Number.NaN]) {
    assert.throws(() => new CameraSession({ cameraId: 'snap', target: { url: 'http://127.0.0.1:1/' }, snapshotFps }, { openStream: source.open, clock, onStatus: () => {}, onFrame: () => {} }), /snapshotFps must be above 0/);
  }
});

test('session: stop during a backoff wait ends at once; stop twice is harmless', async () => {
  const h = harness();
  h.session.start();
  await settle();
  h.source.last.fail(streamError('auth', 'HTTP 401', { status: 401 }));
  await settle();
  await Promise.all([h.session.stop(), h.session.stop()]);
  assert.equal(h.states().at(-1), 'stopped');
  assert.equal(h.source.connections.length, 1);
});

test('session: stats count frames, reconnects and time live on the session clock', async () => {
  const h = harness({ firstSeq: 41 });
  h.session.start();
  await settle();
  h.source.last.frame(2000);
  await h.clock.advance(500);
  h.source.last.frame(3000);
  await h.clock.advance(500);
  const stats = h.session.takeStats();
  assert.equal(stats.framesReceived, 2);
  assert.equal(stats.fps, 2);
  assert.equal(stats.kbps, Math.round(((2060 + 3060) * 8) / 1000 * 10) / 10);
  assert.equal(stats.lastFrameBytes, 3000);
  assert.deepEqual([stats.width, stats.height, stats.state, stats.liveMs], [640, 480, 'live', 1000]);
  assert.deepEqual(h.seqs, [41, 42]);
  await h.session.stop();
  assert.equal(h.session.takeStats().totalLiveMs, 1000);
});

test('session: a watchdog shorter than the minimum is refused', () => {
  assert.throws(() => harness({ stallMs: 50 }), RangeError);
});
