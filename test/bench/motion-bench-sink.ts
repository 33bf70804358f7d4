// The motion sink as bench:motion loads it in the stream workers: the real one, counting the
// frames it analyses and posting the counts on a BroadcastChannel to the benchmark's process
// (frames analysed by capture time can be fewer than a third of those received when the machine
// is loaded and frames arrive in bursts, so the benchmark counts rather than derives them).
import { createMotionSinkFactory } from '../../main/analysis/motion-sink.ts';
import type { SinkFactory } from '../../main/stream/frame-sink.ts';

export const BENCH_CHANNEL = 'camwall-bench-motion-analysed';
const FLUSH_MS = 250;

export function createSinkFactory(): SinkFactory<'motion'> {
  const channel = new BroadcastChannel(BENCH_CHANNEL);
  let analysed = 0;
  setInterval(() => { if (analysed > 0) { channel.postMessage(analysed); analysed = 0; } }, FLUSH_MS).unref();
  return createMotionSinkFactory({ onAnalysed: () => { analysed++; } });
}
