import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTH_RETRY_MS, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, Backoff, DEFAULT_RETRY_POLICY, UNAVAILABLE_MIN_DELAY_MS, retryDelay,
} from '../../../main/stream/backoff.ts';

/** A random source that always returns `value`. */
const fixed = (value: number) => () => value;

test('backoff: without jitter the delays double from the initial delay up to the cap', () => {
  const backoff = new Backoff({ random: fixed(0) });
  const delays = Array.from({ length: 9 }, () => backoff.next());
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(delays[0], BACKOFF_INITIAL_MS);
  assert.equal(delays.at(-1), BACKOFF_MAX_MS);
});

test('backoff: jitter only shortens a delay, by at most the jitter fraction', () => {
  const longest = new Backoff({ random: fixed(0), jitter: 0.3 });
  const shortest = new Backoff({ random: fixed(0.999999), jitter: 0.3 });
  for (let i = 0; i < 12; i++) {
    const high = longest.next();
    const low = shortest.next();
    assert.ok(low >= Math.floor(high * 0.7) && low <= high, `${low} vs ${high}`);
  }
});

test('backoff: random jitter spreads cameras that fail together', () => {
  let state = 42;
  const lcg = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const firstDelays = new Set(Array.from({ length: 20 }, () => new Backoff({ random: lcg }).next()));
  assert.ok(firstDelays.size > 10, `only ${firstDelays.size} distinct delays`);
});

test('backoff: reset starts over; a month of failures stays at the cap', () => {
  const backoff = new Backoff({ random: fixed(0) });
  for (let i = 0; i < 100_000; i++) backoff.next();
  assert.equal(backoff.next(), BACKOFF_MAX_MS);
  backoff.reset();
  assert.equal(backoff.attempt, 0);
  assert.equal(backoff.next(), BACKOFF_INITIAL_MS);
});

test('backoff: rejects settings that make no sense', () => {
  assert.throws(() => new Backoff({ initialMs: 0 }), RangeError);
  assert.throws(() => new Backoff({ initialMs: 5000, maxMs: 100 }), RangeError);
  assert.throws(() => new Backoff({ factor: 0.5 }), RangeError);
  assert.throws(() => new Backoff({ jitter: 1.5 }), RangeError);
});

test('retry: wrong credentials wait about a minute however few failures came before', () => {
  const backoff = new Backoff({ random: fixed(0) });
  assert.equal(retryDelay({ kind: 'auth' }, backoff), AUTH_RETRY_MS);
  assert.equal(retryDelay({ kind: 'auth' }, backoff), AUTH_RETRY_MS);
  const jittered = retryDelay({ kind: 'auth' }, new Backoff({ random: fixed(0.5), jitter: 0.2 }));
  assert.equal(jittered, AUTH_RETRY_MS * 0.9);
});

test('retry: 503 waits at least the floor, and the camera\'s Retry-After when longer', () => {
  const backoff = new Backoff({ random: fixed(0) });
  assert.equal(retryDelay({ kind: 'unavailable' }, backoff), UNAVAILABLE_MIN_DELAY_MS);
  assert.equal(retryDelay({ kind: 'unavailable', retryAfterMs: 20_000 }, backoff), 20_000);
  assert.equal(retryDelay({ kind: 'unavailable', retryAfterMs: 3_600_000 }, backoff), DEFAULT_RETRY_POLICY.retryAfterMaxMs);
  for (let i = 0; i < 10; i++) backoff.next();
  assert.equal(retryDelay({ kind: 'unavailable', retryAfterMs: 1000 }, backoff), BACKOFF_MAX_MS);
});

test('retry: other failures follow the backoff', () => {
  const backoff = new Backoff({ random: fixed(0) });
  assert.deepEqual([1, 2, 3].map(() => retryDelay({ kind: 'failure' }, backoff)), [500, 1000, 2000]);
});
