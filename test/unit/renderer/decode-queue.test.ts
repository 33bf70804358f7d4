// The wall's shared decode slots: how many decodes run at once, that tiles take turns, and that a
// tile waiting for a slot can leave the line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeQueue, decodeSlots, type DecodeJob } from '../../../renderer/wall/decode-queue.ts';

/** A job whose runs finish only when the test says so. */
function manualJob(name: string, log: string[]): DecodeJob & { finish(): Promise<void> } {
  let finishRun: (() => void) | null = null;
  return {
    run() {
      log.push(name);
      return new Promise<void>((resolve) => (finishRun = resolve));
    },
    async finish() {
      finishRun?.();
      finishRun = null;
      // Let the queue's settle handlers run.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe('decodeSlots', () => {
  it('keeps two more decodes in flight than there are cores, and copes with an unknown count', () => {
    assert.equal(decodeSlots(2), 4);
    assert.equal(decodeSlots(8), 10);
    assert.equal(decodeSlots(Number.NaN), 4);
    assert.equal(decodeSlots(0), 4);
  });
});

describe('DecodeQueue', () => {
  it('runs at most `slots` jobs at once and starts the next when one ends', async () => {
    const log: string[] = [];
    const queue = new DecodeQueue(2);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => manualJob(name, log)) as [ReturnType<typeof manualJob>, ReturnType<typeof manualJob>, ReturnType<typeof manualJob>];
    queue.request(a);
    queue.request(b);
    queue.request(c);
    assert.deepEqual(log, ['a', 'b']);
    assert.equal(queue.inFlight, 2);
    assert.equal(queue.queued, 1);
    await a.finish();
    assert.deepEqual(log, ['a', 'b', 'c']);
    await b.finish();
    await c.finish();
    assert.equal(queue.inFlight, 0);
  });

  it('lets tiles take turns: a job asking again while it runs goes to the back of the line', async () => {
    const log: string[] = [];
    const queue = new DecodeQueue(1);
    const a = manualJob('a', log);
    const b = manualJob('b', log);
    queue.request(a);
    queue.request(b);
    queue.request(a); // a's tile got a newer frame during its decode
    await a.finish();
    await b.finish();
    await a.finish();
    assert.deepEqual(log, ['a', 'b', 'a']);
  });

  it('keeps a job in line once however often it asks', async () => {
    const log: string[] = [];
    const queue = new DecodeQueue(1);
    const a = manualJob('a', log);
    const b = manualJob('b', log);
    queue.request(a);
    queue.request(b);
    queue.request(b);
    assert.equal(queue.queued, 1);
    await a.finish();
    await b.finish();
    assert.deepEqual(log, ['a', 'b']);
  });

  it('drops a cancelled job from the line, and frees the slot of a job that throws or rejects', async () => {
    const log: string[] = [];
    const queue = new DecodeQueue(1);
    const a = manualJob('a', log);
    const b = manualJob('b', log);
    queue.request(a);
    queue.request(b);
    queue.cancel(b);
    await a.finish();
    assert.deepEqual(log, ['a']);
    queue.request({
      run() {
        throw new Error('boom');
      },
    });
    queue.request({ run: () => Promise.reject(new Error('corrupt JPEG')) });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(queue.inFlight, 0);
    queue.request(b);
    assert.deepEqual(log, ['a', 'b']);
  });

  it('refuses a slot count that is not a whole number of at least one', () => {
    assert.throws(() => new DecodeQueue(0), RangeError);
    assert.throws(() => new DecodeQueue(1.5), RangeError);
  });
});
