// Soak: 16 VGA cameras at 10 fps for 45 s through the workers and the hub, with fast and slow
// subscribers. Memory must stay flat and the per-subscriber invariant must hold throughout.
//
// Bound stated: after a 15 s warm-up, the process RSS (simulator included, it runs in-process)
// never rises more than SOAK_RSS_GROWTH_LIMIT_MIB above its level at the end of the warm-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamManager } from '../../../main/stream/stream-manager.ts';
import { startSimulator } from '../../../main/simulator/server.ts';
import type { Subscription } from '../../../main/stream/frame-hub.ts';

const CAMERAS = 16;
const FPS = 10;
const WARM_UP_MS = 15_000;
const SOAK_MS = 45_000;
const SAMPLE_EVERY_MS = 1_000;
/** Growth of RSS allowed after warm-up: the frame path must not accumulate anything. */
const SOAK_RSS_GROWTH_LIMIT_MIB = 30;
/** A slow subscriber (a busy tile) acks this long after each frame. */
const SLOW_ACK_MS = 250;

test('soak: 16 cameras for 45 s keep memory flat and every subscriber\'s books balanced', { timeout: SOAK_MS + 60_000 }, async (t) => {
  const simulator = await startSimulator({ cameras: CAMERAS, fps: FPS, resolution: '640x480' });
  const manager = new StreamManager();
  const timers = new Set<NodeJS.Timeout>();
  t.after(async () => {
    for (const timer of timers) clearTimeout(timer);
    await manager.close();
    await simulator.close();
  });
  manager.setCameras(simulator.urls.map((url, i) => ({ id: `cam${i + 1}`, target: { url } })));

  const subscriptions: Subscription[] = [];
  simulator.urls.forEach((_, i) => {
    const id = `cam${i + 1}`;
    const fast: Subscription = manager.subscribe(id, { deliver: () => fast.ack() });
    const slow: Subscription = manager.subscribe(id, {
      deliver: () => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          slow.ack();
        }, SLOW_ACK_MS);
        timers.add(timer);
      },
    }, { maxInFlight: 2 });
    subscriptions.push(fast, slow);
  });

  const started = Date.now();
  const samples: Array<{ at: number; rssMiB: number }> = [];
  while (Date.now() - started < SOAK_MS) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    samples.push({ at: Date.now() - started, rssMiB: process.memoryUsage.rss() / 2 ** 20 });
    for (const subscription of subscriptions) {
      const s = subscription.stats();
      assert.equal(s.received, s.delivered + s.dropped + (s.pending ? 1 : 0), JSON.stringify(s));
      assert.ok(s.inFlight <= 2);
    }
  }

  const afterWarmUp = samples.filter((s) => s.at >= WARM_UP_MS);
  const baseline = afterWarmUp[0]!.rssMiB;
  const peak = Math.max(...afterWarmUp.map((s) => s.rssMiB));
  const trace = samples.map((s) => s.rssMiB.toFixed(0)).join(' ');
  t.diagnostic(`RSS MiB each second: ${trace}; growth after warm-up ${(peak - baseline).toFixed(1)} MiB`);
  assert.ok(peak - baseline < SOAK_RSS_GROWTH_LIMIT_MIB, `RSS grew ${(peak - baseline).toFixed(1)} MiB after warm-up: ${trace}`);

  for (let i = 1; i <= CAMERAS; i++) {
    const stats = manager.stats(`cam${i}`);
    assert.equal(stats?.state, 'live', `cam${i}`);
    // Loaded 2-core machines lose pace, not frames: at least half the nominal rate arrived.
    assert.ok(stats!.framesReceived >= (FPS * SOAK_MS) / 1000 / 2, `cam${i} received ${stats!.framesReceived}`);
  }
  // The fast subscriber got everything the hub received; the slow one dropped, but balanced.
  const [fast, slow] = [subscriptions[0]!.stats(), subscriptions[1]!.stats()];
  assert.equal(fast.dropped, 0);
  assert.ok(slow.dropped > 0, 'the slow subscriber had frames replaced');
});
