// The record loop against the simulator dropping the connection every few frames: it reconnects
// with backoff, reports each outage as a gap, and every frame received is recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator } from '../../../main/simulator/server.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { Backoff } from '../../../main/stream/backoff.ts';
import { systemClock } from '../../../main/base/clock.ts';
import { runRecordLoop, type Gap } from '../../../main/recording/record-loop.ts';
import { createWorkerRecorderFactory } from '../../../main/recording/worker-recorder.ts';
import { SegmentIndex } from '../../../main/recording/segment-index.ts';
import { decodeErrors, probePackets, tempDir } from '../../unit/recording/helpers.ts';

test('reconnects after dropped connections, records the gaps, and records every received frame', { timeout: 60_000 }, async () => {
  const sim = await startSimulator({ cameras: 1, resolution: '320x240', fps: 15, faults: [{ kind: 'drop', frames: 10 }] });
  const tmp = tempDir();
  try {
    const recorder = createWorkerRecorderFactory()('cam-a', { directory: tmp.dir }, (event) => {
      if ('message' in event) assert.fail(event.message);
    });
    const stop = new AbortController();
    const gaps: Gap[] = [];
    const result = await runRecordLoop({
      target: { url: sim.urls[0]! }, recorder, signal: stop.signal, clock: systemClock,
      backoff: new Backoff({ initialMs: 50, maxMs: 200 }),
      onGap: (gap) => { gaps.push(gap); if (gaps.length === 3) stop.abort(); },
    });
    await recorder.close();
    assert.equal(result.stoppedBy, 'signal');
    assert.equal(result.gaps.length, 3);
    assert.ok(result.gaps.every((g) => g.durationMs >= 0 && g.reason.length > 0), JSON.stringify(result.gaps));
    assert.equal(recorder.state().framesWritten, result.frames);
    const db = openDatabase(join(tmp.dir, 'index.sqlite'));
    try {
      const rows = new SegmentIndex(db).all();
      assert.equal(rows.length, 1, 'a reconnect continues the same segment');
      assert.equal(rows[0]!.status, 'complete');
      assert.equal(rows[0]!.frames, result.frames);
      const file = join(tmp.dir, rows[0]!.path);
      assert.equal(decodeErrors(file), '');
      assert.equal(probePackets(file).length, result.frames);
    } finally { db.close(); }
  } finally {
    await sim.close();
    tmp.remove();
  }
});

test('a camera that sends one frame and drops each connection is retried ever more slowly, not at once', { timeout: 60_000 }, async () => {
  const sim = await startSimulator({ cameras: 1, resolution: '320x240', fps: 15, faults: [{ kind: 'drop', frames: 1 }] });
  try {
    const stop = new AbortController();
    const backoff = new Backoff({ initialMs: 10, maxMs: 1_000, jitter: 0 });
    const attempts: number[] = [];
    const result = await runRecordLoop({
      target: { url: sim.urls[0]! }, signal: stop.signal, clock: systemClock, backoff,
      onGap: () => { attempts.push(backoff.attempt); if (attempts.length === 4) stop.abort(); },
    });
    assert.ok(result.frames >= 4, `${result.frames} frames`);
    // Each brief connection counts as one more failure: 1, 2, 3, 4 (it was 1, 1, 1, 1 when every frame reset it).
    assert.deepEqual(attempts, [1, 2, 3, 4]);
  } finally {
    await sim.close();
  }
});
