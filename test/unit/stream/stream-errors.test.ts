import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RETRY_AFTER_MS, StreamError, parseRetryAfter } from '../../../main/stream/errors.ts';

test('Retry-After: delay-seconds, HTTP-date, garbage, and the cap', () => {
  const now = Date.parse('2026-11-01T12:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Sun, 01 Nov 2026 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sun, 01 Nov 2026 11:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter('999999', now), MAX_RETRY_AFTER_MS);
});

test('StreamError keeps kind, status and retry time, and only what was given', () => {
  const busy = new StreamError('http', 'busy', { status: 503, retryAfterMs: 7000 });
  assert.equal(busy.kind, 'http');
  assert.equal(busy.status, 503);
  assert.equal(busy.retryAfterMs, 7000);
  assert.equal(busy.name, 'StreamError');
  assert.ok(busy instanceof Error);
  assert.equal('status' in new StreamError('network', 'x'), false);
});
