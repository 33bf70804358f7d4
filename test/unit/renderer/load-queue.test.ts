// The motion thumbnails' load queue: never more than its bound in flight or waiting, rows that
// leave are taken out of the line, and the oldest waiting make room for new ones.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoadQueue } from '../../../renderer/motion/load-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('thumbnail load queue', () => {
  it('runs at most inFlight at once, the rest in order as they finish', async () => {
    const queue = new LoadQueue(2, 10);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    gates.forEach((g, i) => queue.add(() => (started.push(i), g.promise)));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(queue.size, { running: 2, waiting: 3 });
    gates[1]!.resolve();
    await settle();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('drops the oldest waiting past its bound, and forgets a load taken out of the line', async () => {
    const queue = new LoadQueue(1, 2);
    const gate = deferred();
    const started: string[] = [];
    const dropped: string[] = [];
    const load = (name: string) => queue.add(() => (started.push(name), name === 'a' ? gate.promise : Promise.resolve()), () => dropped.push(name));
    load('a');
    load('b');
    const cancelC = load('c');
    load('d');
    assert.deepEqual(dropped, ['b'], 'b waited longest');
    cancelC();
    assert.deepEqual(queue.size, { running: 1, waiting: 1 });
    gate.resolve();
    await settle();
    assert.deepEqual(started, ['a', 'd']);
  });

  it('goes on after a load that fails', async () => {
    const queue = new LoadQueue(1, 4);
    const started: number[] = [];
    queue.add(() => (started.push(1), Promise.reject(new Error('no thumbnail'))));
    queue.add(() => (started.push(2), Promise.resolve()));
    await settle();
    assert.deepEqual(started, [1, 2]);
  });
});
