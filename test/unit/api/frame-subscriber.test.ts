import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFrameSubscriber } from '../../../shared/api/frame-subscriber.ts';
import type { FrameClientMessage } from '../../../shared/api/wire.ts';
import type { Frame } from '../../../shared/frame.ts';

function setup() {
  const sent: FrameClientMessage[] = [];
  const reports: string[] = [];
  const frames = createFrameSubscriber((message) => sent.push(message), (message) => reports.push(message));
  return { frames, sent, reports };
}

const frame = (seq: number): Frame => ({ cameraId: 'cam-1', seq, capturedAt: seq, width: 1, height: 1, jpeg: new ArrayBuffer(1) });

describe('the client side of frame flow control', () => {
  it('acks a thenable handler when it settles, as a promise from the page arrives in the preload', async () => {
    const { frames, sent } = setup();
    let settle: () => void = () => {};
    frames.subscribe('cam-1', { stream: 'main' }, () => ({ then: (resolve: () => void) => (settle = resolve) }) as unknown as Promise<void>);
    frames.deliver(1, frame(1));
    assert.deepEqual(sent, [{ t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'main' }]);
    settle();
    assert.deepEqual(sent.at(-1), { t: 'ack', sub: 1 });
  });

  it('acks a rejected drawing and reports it with the camera', async () => {
    const { frames, sent, reports } = setup();
    frames.subscribe('cam-1', { stream: 'main' }, () => Promise.reject(new Error('decode failed')));
    frames.deliver(1, frame(1));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(sent.at(-1), { t: 'ack', sub: 1 });
    assert.deepEqual(reports, ['a frame handler of camera cam-1 failed']);
  });

  it('sends no ack for a frame whose subscription ended while it was drawn', async () => {
    const { frames, sent } = setup();
    let settle: () => void = () => {};
    const off = frames.subscribe('cam-1', { stream: 'sub' }, () => new Promise<void>((resolve) => (settle = resolve)));
    frames.deliver(1, frame(1));
    off();
    settle();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(sent.map((m) => m.t), ['subscribe', 'unsubscribe']);
  });

  it('ends a subscription the server ended, reports it once, and ignores an id it does not hold', () => {
    const { frames, sent, reports } = setup();
    const drawn: number[] = [];
    frames.subscribe('cam-1', { stream: 'main' }, (f) => void drawn.push(f.seq));
    frames.end(1, 'camera cam-1 was removed');
    frames.end(7, 'unknown subscription');
    frames.deliver(1, frame(2));
    assert.deepEqual(drawn, []);
    assert.deepEqual(reports, ['frames of camera cam-1 stopped: camera cam-1 was removed']);
    frames.resubscribeAll();
    assert.equal(sent.length, 1, 'an ended subscription is not sent again');
  });

  it('re-sends every live subscription, and gives a new one the next free id', () => {
    const { frames, sent } = setup();
    const offFirst = frames.subscribe('cam-1', { stream: 'main' }, () => {});
    frames.subscribe('cam-2', { stream: 'sub' }, () => {});
    offFirst();
    sent.length = 0;
    frames.resubscribeAll();
    assert.deepEqual(sent, [{ t: 'subscribe', sub: 2, cameraId: 'cam-2', stream: 'sub' }]);
    frames.subscribe('cam-3', { stream: 'main' }, () => {});
    assert.deepEqual(sent.at(-1), { t: 'subscribe', sub: 3, cameraId: 'cam-3', stream: 'main' });
  });
});
