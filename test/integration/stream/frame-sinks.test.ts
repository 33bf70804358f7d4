// A stream worker's frame sinks against the simulator, the worker served on a MessageChannel in
// this thread so the recorder can run on an injected file system: a full disk and an unwritable
// folder reach the main thread as structured messages (code, camera, errno, folder, the event-log
// row), and neither they nor a sink that throws touch the session, which stays live and goes on
// receiving frames.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { startSimulator } from '../../../main/simulator/server.ts';
import { openStream } from '../../../main/stream/http-source.ts';
import { serveStreamWorker, type WorkerDeps } from '../../../main/stream/stream-worker.ts';
import type { SinkReport, SinkSettings } from '../../../main/stream/frame-sink.ts';
import type { FromWorker, ToWorker } from '../../../main/stream/worker-protocol.ts';
import { createRecordSinkFactory } from '../../../main/recording/worker-recorder.ts';
import { systemClock } from '../../../main/base/clock.ts';
import { failingFs } from '../../unit/recording/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';
import { WAIT_MS } from './lifecycle-helpers.ts';

/** A worker on a MessageChannel, one simulated camera, and every message the worker sent. */
async function setup(t: TestContext, sinkFactories: WorkerDeps['sinkFactories']) {
  const directory = await mkdtemp(join(tmpdir(), 'camwall-sink-msg-'));
  const simulator = await startSimulator({ cameras: 1, fps: 10, resolution: '320x240' });
  const { port1, port2 } = new MessageChannel();
  const messages: FromWorker[] = [];
  port2.on('message', (message: FromWorker) => messages.push(message));
  serveStreamWorker(port1, { openStream, sinkFactories });
  const send = (message: ToWorker) => port2.postMessage(message);
  t.after(async () => {
    send({ type: 'shutdown' });
    await waitFor(() => messages.some((m) => m.type === 'closed'), { what: 'the worker to close', timeoutMs: WAIT_MS });
    port2.close();
    await simulator.close();
    await rm(directory, { recursive: true, force: true });
  });
  const start = (sinks: SinkSettings) =>
    send({ type: 'start', camera: { streamId: 's1', cameraId: 'cam1', target: { url: simulator.urls[0]! } }, generation: 1, firstSeq: 1, forward: false, sinks });
  const reports = () => messages.flatMap((m): SinkReport[] => (m.type === 'sink' ? [m.report] : []));
  const states = () => messages.flatMap((m) => (m.type === 'status' ? [m.status.state] : []));
  const framesReceived = () => messages.reduce((most, m) => (m.type === 'stats' ? Math.max(most, ...m.entries.map((e) => e.stats.framesReceived)) : most), 0);
  /** The session goes on: more frames arrive and it never left live. */
  const streamsOn = async () => {
    const before = framesReceived();
    await waitFor(() => framesReceived() >= before + 10, { what: '10 more frames after the failure', timeoutMs: WAIT_MS });
    assert.deepEqual(states(), ['connecting', 'live'], 'the session never left live');
  };
  return { directory, start, send, reports, states, streamsOn };
}

test('frame sinks: a full disk reaches the main thread as a disk-full message, and the session goes on', { timeout: 120_000 }, async (t) => {
  const fs = failingFs();
  fs.budget = 100_000; // a few seconds of 320x240 frames, then ENOSPC
  const s = await setup(t, { record: createRecordSinkFactory(systemClock, fs) });
  s.start({ record: { directory: s.directory }, motion: null });
  const report = await waitFor(() => s.reports().find((r) => r.event.code === 'disk-full'), { what: 'a disk-full report', timeoutMs: WAIT_MS });
  assert.equal(report.sink, 'record');
  const event = report.event;
  assert.ok(event.code === 'disk-full');
  assert.equal(event.cameraId, 'cam1');
  assert.equal(event.errno, 'ENOSPC');
  assert.equal(event.root, s.directory);
  assert.match(event.message, /^Recording camera cam1 stopped: the disk is full .*Live view goes on/);
  assert.deepEqual([event.logged?.kind, event.logged?.message], ['recording.error', event.message], 'the event-log row travels with it');
  const started = s.reports().find((r) => r.event.code === 'segment-started');
  assert.ok(started?.event.code === 'segment-started' && started.event.cameraId === 'cam1' && started.event.logged?.kind === 'recording.started');
  await s.streamsOn();
  assert.equal(s.reports().filter((r) => r.event.code === 'disk-full').length, 1, 'one report per outage');
});

test('frame sinks: a folder that cannot be written reaches the main thread as an unwritable message', { timeout: 120_000 }, async (t) => {
  const fs = failingFs();
  fs.denyMkdir = true;
  const s = await setup(t, { record: createRecordSinkFactory(systemClock, fs) });
  s.start({ record: { directory: s.directory }, motion: null });
  const report = await waitFor(() => s.reports().find((r) => r.event.code === 'unwritable'), { what: 'an unwritable report', timeoutMs: WAIT_MS });
  const event = report.event;
  assert.ok(event.code === 'unwritable');
  assert.deepEqual([event.cameraId, event.errno, event.root], ['cam1', 'EACCES', s.directory]);
  assert.match(event.message, /the folder cannot be written/);
  await s.streamsOn();
});

test('frame sinks: a sink that throws is stopped and reported as sink-failed; the session goes on', { timeout: 120_000 }, async (t) => {
  let pushed = 0;
  let closed = false;
  const s = await setup(t, {
    record: () => ({
      pushFrame() {
        if (++pushed === 3) throw new Error('boom in test');
      },
      close: async () => void (closed = true),
    }),
  });
  s.start({ record: { directory: s.directory }, motion: null });
  const report = await waitFor(() => s.reports().find((r) => r.event.code === 'sink-failed'), { what: 'a sink-failed report', timeoutMs: WAIT_MS });
  assert.equal(report.event.cameraId, 'cam1');
  assert.ok(report.event.code === 'sink-failed');
  assert.match(report.event.message, /record sink of camera cam1 failed and was stopped \(the stream goes on\): boom in test/);
  await s.streamsOn();
  assert.equal(pushed, 3, 'the failed sink got no frame after it threw');
  assert.ok(closed, 'the failed sink was closed');
});
