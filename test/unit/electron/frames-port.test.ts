import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Frame } from '../../../shared/frame.ts';
import { liveStream } from '../../../shared/stream-key.ts';
import { FramesPortSession } from '../../../main/electron/frames-port.ts';
import type { FramesCore } from '../../../main/service/client-frames.ts';
import type { PortServerMessage } from '../../../main/electron/frames-protocol.ts';
import { PushBus } from '../../../shared/api/push-bus.ts';
import { ServiceError } from '../../../main/service/service-error.ts';
import { FrameHub } from '../../../main/stream/frame-hub.ts';
import { FakeMessagePortMain } from '../../fixtures/electron/fake-electron.ts';

function frame(cameraId: string, seq: number): Frame {
  const jpeg = new Uint8Array([0xff, 0xd8, seq & 0xff, 0xff, 0xd9]).buffer;
  return { cameraId, seq, capturedAt: 1_700_000_000_000 + seq, width: 640, height: 480, jpeg };
}

function setup(known = ['cam-1', 'cam-2']) {
  const hub = new FrameHub();
  const events = new PushBus();
  const core: FramesCore = {
    events,
    subscribeFrames(cameraId, _stream, subscriber, maxInFlight) {
      if (!known.includes(cameraId)) throw new ServiceError('not-found', `camera ${cameraId} does not exist`);
      return hub.subscribe(liveStream(cameraId), subscriber, { maxInFlight: maxInFlight ?? 1 });
    },
  } as FramesCore;
  const port = new FakeMessagePortMain();
  const logs: string[] = [];
  const session = new FramesPortSession(port, core, 'window 1', (line) => logs.push(line));
  const frames = () => (port.posted as PortServerMessage[]).filter((m): m is Extract<PortServerMessage, { t: 'frame' }> => m.t === 'frame');
  return { hub, events, port, session, logs, frames };
}

describe('the frame port', () => {
  it('starts the port and sends frames of a subscription with their JPEG as an ArrayBuffer', () => {
    const { hub, port, frames } = setup();
    assert.equal(port.started, true);
    port.receive({ t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'main' });
    hub.publish(liveStream('cam-1'), frame('cam-1', 1));
    assert.equal(frames().length, 1);
    const sent = frames()[0]!;
    assert.equal(sent.sub, 1);
    assert.equal(sent.frame.seq, 1);
    assert.ok(sent.frame.jpeg instanceof ArrayBuffer);
    assert.deepEqual([...new Uint8Array(sent.frame.jpeg)], [0xff, 0xd8, 1, 0xff, 0xd9]);
  });

  it('has at most two frames in flight; a newer frame replaces a pending one and counts as dropped', () => {
    const { hub, port, frames } = setup();
    port.receive({ t: 'subscribe', sub: 7, cameraId: 'cam-1', stream: 'main' });
    for (let seq = 1; seq <= 5; seq++) hub.publish(liveStream('cam-1'), frame('cam-1', seq));
    assert.deepEqual(frames().map((m) => m.frame.seq), [1, 2]);
    assert.equal(hub.counters(liveStream('cam-1')).dropped, 2); // 3 and 4 were replaced; 5 is pending
    port.receive({ t: 'ack', sub: 7 });
    assert.deepEqual(frames().map((m) => m.frame.seq), [1, 2, 5]);
    port.receive({ t: 'ack', sub: 7 });
    port.receive({ t: 'ack', sub: 7 });
    hub.publish(liveStream('cam-1'), frame('cam-1', 6));
    hub.publish(liveStream('cam-1'), frame('cam-1', 7));
    assert.deepEqual(frames().map((m) => m.frame.seq), [1, 2, 5, 6, 7]);
  });

  it('a renderer that never acks gets nothing more, and nothing queues', () => {
    const { hub, port, frames } = setup();
    port.receive({ t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'main' });
    for (let seq = 1; seq <= 100; seq++) hub.publish(liveStream('cam-1'), frame('cam-1', seq));
    assert.equal(frames().length, 2);
    assert.equal(hub.counters(liveStream('cam-1')).dropped, 97);
  });

  it('ends a subscription to an unknown camera, a reused id, or a removed camera', () => {
    const { port, events } = setup();
    port.receive({ t: 'subscribe', sub: 1, cameraId: 'nope', stream: 'main' });
    port.receive({ t: 'subscribe', sub: 2, cameraId: 'cam-1', stream: 'sub' });
    port.receive({ t: 'subscribe', sub: 2, cameraId: 'cam-2', stream: 'main' });
    events.emit('cameras.changed', { cameras: [] });
    const ended = (port.posted as PortServerMessage[]).filter((m) => m.t === 'ended');
    assert.deepEqual(ended.map((m) => m.sub), [1, 2, 2]);
    assert.match((ended[0] as { reason: string }).reason, /nope/);
    assert.match((ended[2] as { reason: string }).reason, /removed/);
  });

  it('ignores messages that are not part of the protocol', () => {
    const { hub, port, session, logs, frames } = setup();
    for (const bad of [null, 'subscribe', { t: 'subscribe', sub: 0, cameraId: 'cam-1', stream: 'main' }, { t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'huge' }, { t: 'ack', sub: 1, extra: 1 }, { t: 'eval', code: 'x' }]) {
      port.receive(bad);
    }
    hub.publish(liveStream('cam-1'), frame('cam-1', 1));
    assert.equal(frames().length, 0);
    assert.equal(session.stats.messagesRefused, 6);
    assert.equal(logs.length, 6);
  });

  it('unsubscribes everything and closes the port when closed or when the port closes', () => {
    const { hub, port, session } = setup();
    port.receive({ t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'main' });
    port.receive({ t: 'subscribe', sub: 2, cameraId: 'cam-2', stream: 'main' });
    assert.equal(hub.subscriberCount(liveStream('cam-1')), 1);
    port.emit('close');
    assert.equal(port.closed, true);
    assert.equal(session.subscriptionCount, 0);
    assert.equal(hub.subscriberCount(liveStream('cam-1')), 0);
    assert.equal(hub.subscriberCount(liveStream('cam-2')), 0);
  });

  it('stops on unsubscribe', () => {
    const { hub, port, frames } = setup();
    port.receive({ t: 'subscribe', sub: 3, cameraId: 'cam-1', stream: 'main' });
    port.receive({ t: 'unsubscribe', sub: 3 });
    hub.publish(liveStream('cam-1'), frame('cam-1', 1));
    assert.equal(frames().length, 0);
  });
});
