// The stream worker's timers run on the clock it is given (formerly setInterval and
// performance.now): on a manual clock nothing happens until the test moves time, and then
// exactly what is due does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { serveStreamWorker } from '../../../main/stream/stream-worker.ts';
import { STATS_INTERVAL_MS } from '../../../main/stream/stats.ts';
import type { FromWorker, ToWorker } from '../../../main/stream/worker-protocol.ts';
import { NO_SINKS } from '../../../main/stream/frame-sink.ts';
import { ManualClock, ScriptedSource, settle } from './session-fakes.ts';

test('the worker posts its stats every STATS_INTERVAL_MS of its clock, not of real time', async () => {
  const clock = new ManualClock();
  const source = new ScriptedSource(clock);
  const { port1, port2 } = new MessageChannel();
  const messages: FromWorker[] = [];
  port2.on('message', (message: FromWorker) => messages.push(message));
  serveStreamWorker(port1, { openStream: source.open, clock });
  const send = (message: ToWorker) => port2.postMessage(message);
  const stats = () => messages.flatMap((m) => (m.type === 'stats' ? m.entries : []));
  /** Lets messages cross the channel both ways. */
  const cross = async () => {
    for (let i = 0; i < 3; i++) await settle();
  };
  try {
    send({ type: 'start', camera: { streamId: 's1', cameraId: 'cam1', target: { url: 'http://camera.invalid/' } }, generation: 1, firstSeq: 1, forward: false, sinks: NO_SINKS });
    await cross();
    for (let i = 0; i < 5; i++) source.last.frame();
    await clock.advance(STATS_INTERVAL_MS - 1);
    await cross();
    assert.deepEqual(stats(), [], 'no stats before the interval has passed on the clock');
    await clock.advance(1);
    await cross();
    assert.equal(stats().length, 1, 'one stats message once the clock reaches the interval');
    assert.equal(stats()[0]!.stats.framesReceived, 5);
    await clock.advance(STATS_INTERVAL_MS);
    await cross();
    assert.equal(stats().length, 2, 'and one more every interval');
  } finally {
    send({ type: 'shutdown' });
    await cross();
    port2.close();
  }
});
