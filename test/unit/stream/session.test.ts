import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CameraSession, DEFAULT_STALL_MS } from '../../../main/stream/camera-session.ts';
import { AUTH_RETRY_MS, UNAVAILABLE_MIN_DELAY_MS } from '../../../main/stream/backoff.ts';
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

test('session: repeated failures back off exponentially; a frame resets the backoff', async () => {
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
  h.source.last.frame();
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

test('session: a clean end after frames reconnects at once; a clean end with no frame backs off', async () => {
  const h = harness();
  h.session.start();
  await settle();
  h.source.last.frame();
  h.source.last.end();
  await settle();
  assert.equal(h.source.connections.length, 2, 'reconnected without waiting');
  h.source.last.end();
  await settle();
  assert.deepEqual(h.states().slice(-2), ['error', 'backoff']);
  assert.equal(h.statuses.at(-1)?.retryInMs, 500);
  await h.session.stop();
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
