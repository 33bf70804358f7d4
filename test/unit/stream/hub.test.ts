import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameHub } from '../../../main/stream/frame-hub.ts';
import type { Subscription } from '../../../main/stream/frame-hub.ts';
import type { Frame } from '../../../shared/frame.ts';
import { liveStream } from '../../../shared/stream-key.ts';

function frame(cameraId: string, seq: number): Frame {
  return { cameraId, seq, capturedAt: 1_700_000_000_000 + seq, width: 640, height: 480, jpeg: new ArrayBuffer(4) };
}

/** A subscriber that records what it was given and acks only when told to. */
function recorder() {
  const seen: number[] = [];
  return { seen, subscriber: { deliver: (f: Frame) => void seen.push(f.seq) } };
}

function assertInvariant(sub: Subscription): void {
  const s = sub.stats();
  assert.equal(s.received, s.delivered + s.dropped + (s.pending ? 1 : 0), JSON.stringify(s));
}

// Each row: the subscriber's credit, a script of p (publish) and a (ack), and what it must see.
const cases = [
  { name: 'an acking subscriber gets every frame', max: 1, script: 'papapa', seen: [1, 2, 3], dropped: 0, pending: false },
  { name: 'a busy subscriber gets the newest frame when it acks', max: 1, script: 'pppa', seen: [1, 3], dropped: 1, pending: false },
  { name: 'one frame waits while the subscriber is busy', max: 1, script: 'pp', seen: [1], dropped: 0, pending: true },
  { name: 'two credits take two frames before anything waits', max: 2, script: 'ppp', seen: [1, 2], dropped: 0, pending: true },
  { name: 'two credits: newest of many waiting frames after an ack', max: 2, script: 'pppppa', seen: [1, 2, 5], dropped: 2, pending: false },
  { name: 'acks without frames in flight are ignored', max: 1, script: 'aaapp', seen: [1], dropped: 0, pending: true },
] as const;

for (const row of cases) {
  test(`hub: ${row.name}`, () => {
    const hub = new FrameHub();
    const { seen, subscriber } = recorder();
    const sub = hub.subscribe(liveStream('cam'), subscriber, { maxInFlight: row.max });
    let seq = 0;
    for (const step of row.script) {
      if (step === 'p') hub.publish(liveStream('cam'), frame('cam', ++seq));
      else sub.ack();
      assertInvariant(sub);
    }
    assert.deepEqual(seen, row.seen);
    assert.equal(sub.stats().dropped, row.dropped);
    assert.equal(sub.stats().pending, row.pending);
  });
}

test('hub: a slow subscriber does not slow a fast one on the same camera', () => {
  const hub = new FrameHub();
  const slow = recorder();
  const fast = { seen: [] as number[] };
  const slowSub = hub.subscribe(liveStream('cam'), slow.subscriber);
  const fastSub: Subscription = hub.subscribe(liveStream('cam'), {
    deliver: (f) => {
      fast.seen.push(f.seq);
      fastSub.ack();
    },
  });
  for (let seq = 1; seq <= 100; seq++) hub.publish(liveStream('cam'), frame('cam', seq));
  assert.equal(fast.seen.length, 100);
  assert.deepEqual(slow.seen, [1]);
  assert.equal(slowSub.stats().dropped, 98);
  assertInvariant(slowSub);
  assertInvariant(fastSub);
  assert.deepEqual(hub.counters(liveStream('cam')), { delivered: 101, dropped: 98, subscribers: 2 });
});

test('hub: unsubscribing counts the pending frame as dropped and stops deliveries', () => {
  const hub = new FrameHub();
  const { seen, subscriber } = recorder();
  const sub = hub.subscribe(liveStream('cam'), subscriber);
  hub.publish(liveStream('cam'), frame('cam', 1));
  hub.publish(liveStream('cam'), frame('cam', 2));
  sub.unsubscribe();
  sub.unsubscribe();
  hub.publish(liveStream('cam'), frame('cam', 3));
  sub.ack();
  assert.deepEqual(seen, [1]);
  assert.deepEqual(sub.stats(), { received: 2, delivered: 1, dropped: 1, inFlight: 1, pending: false });
});

test('hub: demand changes only on the first subscriber and after the last one', () => {
  const changes: Array<[string, number]> = [];
  const hub = new FrameHub({ onDemandChange: (key, n) => changes.push([key.cameraId, n]) });
  const a = hub.subscribe(liveStream('cam'), recorder().subscriber);
  const b = hub.subscribe(liveStream('cam'), recorder().subscriber);
  const other = hub.subscribe(liveStream('other'), recorder().subscriber);
  a.unsubscribe();
  b.unsubscribe();
  other.unsubscribe();
  assert.deepEqual(changes, [['cam', 1], ['other', 1], ['cam', 0], ['other', 0]]);
});

test('hub: a subscriber that throws gets its credit back and others still get the frame', () => {
  const errors: unknown[] = [];
  const hub = new FrameHub({ onSubscriberError: (_id, e) => errors.push(e) });
  const broken = hub.subscribe(liveStream('cam'), { deliver: () => { throw new Error('tile gone'); } });
  const { seen, subscriber } = recorder();
  hub.subscribe(liveStream('cam'), subscriber);
  hub.publish(liveStream('cam'), frame('cam', 1));
  hub.publish(liveStream('cam'), frame('cam', 2));
  assert.equal(errors.length, 2);
  assert.deepEqual(seen, [1]);
  assert.deepEqual(broken.stats(), { received: 2, delivered: 2, dropped: 0, inFlight: 0, pending: false });
});

test('hub: latest() keeps the newest frame per camera; rejects a credit above two', () => {
  const hub = new FrameHub();
  assert.equal(hub.latest(liveStream('cam')), null);
  hub.publish(liveStream('cam'), frame('cam', 1));
  hub.publish(liveStream('cam'), frame('cam', 2));
  hub.publish(liveStream('other'), frame('other', 7));
  assert.equal(hub.latest(liveStream('cam'))?.seq, 2);
  assert.equal(hub.latest(liveStream('other'))?.seq, 7);
  hub.forget(liveStream('cam'));
  assert.equal(hub.latest(liveStream('cam')), null);
  assert.throws(() => hub.subscribe(liveStream('cam'), recorder().subscriber, { maxInFlight: 3 as 2 }), RangeError);
});

test('hub: invariant, order and latest-frame-wins hold for any interleaving (fast-check)', () => {
  const command = fc.oneof(
    fc.record({ op: fc.constant('publish' as const), cam: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ op: fc.constant('ack' as const), sub: fc.nat(5) }),
    fc.record({ op: fc.constant('subscribe' as const), cam: fc.integer({ min: 0, max: 1 }), max: fc.constantFrom(1 as const, 2 as const) }),
    fc.record({ op: fc.constant('unsubscribe' as const), sub: fc.nat(5) }),
  );
  fc.assert(
    fc.property(fc.array(command, { maxLength: 200 }), (commands) => {
      const hub = new FrameHub();
      const seqs = [0, 0];
      type Live = { sub: Subscription; cam: number; max: number; seen: number[]; subscribedAt: number; unsubscribed: boolean };
      const subs: Live[] = [];
      for (const c of commands) {
        if (c.op === 'publish') hub.publish(liveStream(`cam${c.cam}`), frame(`cam${c.cam}`, ++seqs[c.cam]!));
        else if (c.op === 'subscribe') {
          const live: Live = { sub: undefined as unknown as Subscription, cam: c.cam, max: c.max, seen: [], subscribedAt: seqs[c.cam]!, unsubscribed: false };
          live.sub = hub.subscribe(liveStream(`cam${c.cam}`), { deliver: (f) => void live.seen.push(f.seq) }, { maxInFlight: c.max });
          subs.push(live);
        } else if (subs.length > 0) {
          const live = subs[c.sub % subs.length]!;
          if (c.op === 'ack') live.sub.ack();
          else {
            live.sub.unsubscribe();
            live.unsubscribed = true;
          }
        }
        for (const live of subs) {
          const s = live.sub.stats();
          assert.equal(s.received, s.delivered + s.dropped + (s.pending ? 1 : 0));
          assert.ok(s.inFlight <= live.max);
          assert.equal(s.delivered, live.seen.length);
          // Frames arrive in order, and only frames published while subscribed.
          for (let i = 1; i < live.seen.length; i++) assert.ok(live.seen[i]! > live.seen[i - 1]!);
          if (live.seen.length > 0) assert.ok(live.seen[0]! > live.subscribedAt);
        }
      }
      // Ack everything: a subscriber still subscribed is left with nothing pending, and the last
      // frame it got is the newest its camera published (latest frame wins).
      for (const live of subs) {
        if (live.unsubscribed) continue;
        for (let i = 0; i < 3; i++) live.sub.ack();
        const s = live.sub.stats();
        assert.equal(s.pending, false);
        assert.equal(s.received, s.delivered + s.dropped);
        if (s.received > 0) assert.equal(live.seen.at(-1), seqs[live.cam]);
      }
    }),
    { numRuns: 300 },
  );
});
