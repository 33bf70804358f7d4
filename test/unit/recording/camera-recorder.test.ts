import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../main/registry/database.ts';
import { CameraRecorder, RETRY_AFTER_ERROR_MS } from '../../../main/recording/camera-recorder.ts';
import type { RecorderEvent } from '../../../main/stream/frame-sink.ts';
import { SegmentIndex, type SegmentRow } from '../../../main/recording/segment-index.ts';
import { nodeRecordingFs, type RecordingFs } from '../../../main/base/recording-fs.ts';
import { staggerFraction } from '../../../main/recording/segment-paths.ts';
import { decodeErrors, extractFrames, failingFs, makeJpegs, manualClock, probePackets, tempDir } from './helpers.ts';
import { waitFor } from '../../support/wait-for.ts';

const FRAME_MS = 67;
/** How long a background sync on the real disk may take: generous, a loaded machine's fdatasync can take seconds. */
const SYNC_WAIT_MS = 20_000;

function setup(fs: RecordingFs = nodeRecordingFs, rotation = { maxSegmentMs: 2000 }) {
  const tmp = tempDir();
  const db: Database = openDatabase(join(tmp.dir, 'index.sqlite'));
  const index = new SegmentIndex(db);
  const clock = manualClock();
  const notices: RecorderEvent[] = [];
  const root = join(tmp.dir, 'rec');
  const recorder = new CameraRecorder({ cameraId: 'cam/1', root, index, clock, fs, rotation, onEvent: (e) => notices.push(e) });
  const jpegs = makeJpegs(30);
  let n = 0;
  const push = (count: number, width = 320, height = 240) => {
    for (let i = 0; i < count; i++) {
      recorder.pushFrame(jpegs[n++ % jpegs.length]!, clock.wall, clock.mono, width, height);
      clock.advance(FRAME_MS);
    }
  };
  const rows = () => index.all();
  const events = () => db.prepare('SELECT kind, camera_id, message FROM events ORDER BY id').all() as { kind: string; camera_id: string; message: string }[];
  const cleanup = () => { db.close(); tmp.remove(); };
  return { tmp, db, index, clock, recorder, notices, root, push, rows, events, cleanup, jpegs };
}

test('rotates by duration, staggering the first segment by the camera id, and every segment plays', async () => {
  const t = setup();
  try {
    t.push(120); // 8 s at 15 fps
    await t.recorder.close();
    const rows = t.rows();
    assert.ok(rows.length >= 4, `${rows.length} segments`);
    assert.ok(rows.every((r) => r.status === 'complete'));
    assert.equal(rows.reduce((s, r) => s + r.frames, 0), 120);
    const firstLimit = 2000 * (1 - 0.9 * staggerFraction('cam/1'));
    const durations = rows.map((r) => r.end_wall_ms - r.start_wall_ms);
    assert.ok(durations[0]! <= firstLimit + FRAME_MS, `first segment ${durations[0]} ms, limit ${firstLimit}`);
    for (const d of durations.slice(1, -1)) assert.ok(d >= 2000 - FRAME_MS && d <= 2000 + FRAME_MS, `segment of ${d} ms`);
    for (const row of rows) {
      assert.match(row.path, /^cam_1\/2026-11-21\/\d{6}(-\d+)?\.mkv$/);
      const file = join(t.root, row.path);
      assert.equal(decodeErrors(file), '');
      assert.equal(probePackets(file).length, row.frames);
      assert.equal(readFileSync(file).length, row.bytes);
      assert.equal(row.synced_offset, row.bytes);
    }
    assert.deepEqual(t.notices.filter((n) => n.code === 'segment-finished').map((n) => n.code === 'segment-finished' && n.path), rows.map((r) => r.path));
    assert.deepEqual(t.notices.filter((n) => n.code === 'segment-started').map((n) => n.code === 'segment-started' && n.path), rows.map((r) => r.path));
    // Rotations are not starts: one recording.started for the whole run, and its recording.stopped at close.
    assert.deepEqual(t.events().map((e) => e.kind), ['recording.started', 'recording.stopped']);
    assert.equal(t.notices.filter((n) => n.code === 'stopped').length, 1);
  } finally { t.cleanup(); }
});

test('a resolution change or a wall-clock jump starts a new segment; same-second names get a suffix', async () => {
  const t = setup(nodeRecordingFs, { maxSegmentMs: 600_000 });
  try {
    t.push(5);
    t.push(5, 640, 480);
    t.clock.wall += 3600_000; // the wall clock jumps an hour (NTP, DST is not a jump: local time is only in the name)
    t.push(5, 640, 480);
    await t.recorder.close();
    const rows = t.rows();
    assert.deepEqual(rows.map((r) => [r.frames, r.width, r.height]), [[5, 320, 240], [5, 640, 480], [5, 640, 480]]);
    assert.equal(rows[1]!.path, rows[0]!.path.replace('.mkv', '_01.mkv'));
    assert.equal(rows[2]!.start_wall_ms - rows[1]!.start_wall_ms, 3600_000 + 5 * FRAME_MS);
  } finally { t.cleanup(); }
});

test('rotates by size', async () => {
  const t = setup(nodeRecordingFs, { maxSegmentMs: 600_000, maxSegmentBytes: 1024 * 1024 } as never);
  try {
    t.push(300);
    await t.recorder.close();
    const rows = t.rows();
    assert.ok(rows.length >= 2);
    assert.ok(rows.every((r) => r.bytes <= 1024 * 1024), rows.map((r) => r.bytes).join());
    assert.equal(rows.reduce((s, r) => s + r.frames, 0), 300);
  } finally { t.cleanup(); }
});

test('the row exists before its file, and follows each synced cluster', async () => {
  let t!: ReturnType<typeof setup>;
  const seen: (SegmentRow | undefined)[] = [];
  const fs: RecordingFs = {
    ...nodeRecordingFs,
    createExclusive: (path) => {
      seen.push(t.index.all().find((r) => join(t.root, r.path) === path));
      return nodeRecordingFs.createExclusive(path);
    },
  };
  t = setup(fs, { maxSegmentMs: 600_000 });
  try {
    t.push(40);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.status, 'recording');
    const row = t.rows()[0]!;
    const file = readFileSync(join(t.root, row.path));
    assert.ok(row.frames >= 15 && row.frames < 40, `${row.frames} frames synced`);
    assert.ok(row.synced_offset > 0 && row.synced_offset <= file.length);
    assert.equal(file[row.synced_offset], 0x1f, 'synced offset is where the next Cluster starts');
    assert.equal(row.end_wall_ms - row.start_wall_ms, (row.frames - 1) * FRAME_MS);
    t.recorder.flush();
    assert.equal(t.rows()[0]!.frames, 40);
    await t.recorder.close();
  } finally { t.cleanup(); }
});

test('disk full: stops with an error and one event, keeps what was written, retries, and resumes when space returns', async () => {
  const fs = failingFs();
  const t = setup(fs, { maxSegmentMs: 600_000 });
  try {
    t.push(20);
    fs.budget = 50_000; // room for about five more frames
    t.push(20);
    const state = t.recorder.state();
    assert.equal(state.status, 'error');
    assert.match(state.error!.message, /camera cam\/1 stopped: the disk is full .*retries every 10 s/);
    assert.ok(state.framesWritten >= 20 && state.framesWritten < 30);
    const failures = () => t.notices.filter((n) => n.code === 'disk-full');
    assert.equal(failures().length, 1);
    const failure = failures()[0]!;
    assert.ok(failure.code === 'disk-full');
    assert.deepEqual({ cameraId: failure.cameraId, errno: failure.errno, root: failure.root, kind: failure.logged?.kind, message: failure.logged?.message },
      { cameraId: 'cam/1', errno: 'ENOSPC', root: t.root, kind: 'recording.error', message: state.error!.message });
    assert.equal(failure.message, state.error!.message);
    // Still full at the retry: no second event.
    t.clock.advance(RETRY_AFTER_ERROR_MS);
    t.push(3);
    assert.equal(t.recorder.state().status, 'error');
    assert.deepEqual(t.events().map((e) => e.kind), ['recording.started', 'recording.error']);
    // Space returns.
    fs.budget = Infinity;
    t.clock.advance(RETRY_AFTER_ERROR_MS);
    t.push(10);
    assert.equal(t.recorder.state().status, 'recording');
    assert.deepEqual(t.events().map((e) => e.kind), ['recording.started', 'recording.error', 'recording.resumed']);
    assert.equal(failures().length, 1, 'one structured failure for the outage, not one per retry');
    assert.deepEqual(t.notices.filter((n) => n.code === 'resumed').map((n) => [n.cameraId, n.logged?.kind]), [['cam/1', 'recording.resumed']]);
    await t.recorder.close();
    const rows = t.rows();
    assert.deepEqual(rows.map((r) => r.status), ['recovered', 'complete']);
    assert.equal(rows[0]!.frames, state.framesWritten);
    const back = extractFrames(join(t.root, rows[0]!.path));
    assert.equal(back.length, state.framesWritten);
    back.forEach((frame, i) => assert.ok(frame.equals(t.jpegs[i % t.jpegs.length]!)));
    for (const row of rows) assert.equal(decodeErrors(join(t.root, row.path)), '');
  } finally { t.cleanup(); }
});

test('an unwritable folder: error state, then resume() retries at once when it is fixed', async () => {
  const fs = failingFs();
  fs.denyMkdir = true;
  const t = setup(fs);
  try {
    t.push(5);
    assert.equal(t.recorder.state().status, 'error');
    assert.match(t.recorder.state().error!.message, /the folder cannot be written/);
    const failure = t.notices.find((n) => n.code === 'unwritable');
    assert.ok(failure?.code === 'unwritable', `an unwritable event, got ${JSON.stringify(t.notices)}`);
    assert.deepEqual([failure.cameraId, failure.errno, failure.root, failure.logged?.kind], ['cam/1', 'EACCES', t.root, 'recording.error']);
    assert.equal(t.recorder.state().framesDropped, 5);
    assert.equal(t.rows().length, 0);
    fs.denyMkdir = false;
    t.recorder.resume();
    t.push(5);
    assert.equal(t.recorder.state().status, 'recording');
    await t.recorder.close();
    assert.equal(t.rows()[0]!.frames, 5);
    assert.equal(existsSync(join(t.root, t.rows()[0]!.path)), true);
    assert.deepEqual(t.events().map((e) => e.kind), ['recording.error', 'recording.resumed', 'recording.stopped']);
  } finally { t.cleanup(); }
});

/** The real file system, except that background syncs wait until the test releases them. */
function heldSyncFs() {
  const held: { fd: number; done: (error: Error | null) => void }[] = [];
  let inlineSyncs = 0;
  const fs: RecordingFs = {
    ...nodeRecordingFs,
    fdatasync: (fd) => { inlineSyncs++; nodeRecordingFs.fdatasync(fd); },
    fdatasyncInBackground: (fd, done) => { held.push({ fd, done }); },
  };
  const release = (error: Error | null = null) => {
    for (const { fd, done } of held.splice(0)) {
      if (!error) nodeRecordingFs.fdatasync(fd);
      done(error);
    }
  };
  return { fs, held, release, inlineSyncs: () => inlineSyncs };
}

function setupInBackground(fs: RecordingFs) {
  const t = setup(fs, { maxSegmentMs: 600_000 });
  const recorder = new CameraRecorder({
    cameraId: 'cam/1', root: t.root, index: t.index, clock: t.clock, fs, rotation: { maxSegmentMs: 600_000 },
    onEvent: (e) => t.notices.push(e), syncInBackground: true,
  });
  let n = 0;
  const push = (count: number) => {
    for (let i = 0; i < count; i++) {
      recorder.pushFrame(t.jpegs[n++ % t.jpegs.length]!, t.clock.wall, t.clock.mono, 320, 240);
      t.clock.advance(FRAME_MS);
    }
  };
  return { ...t, recorder, push };
}

test('background syncs: the frame thread never waits for the disk, and the row follows each sync once it ends', async () => {
  const h = heldSyncFs();
  const t = setupInBackground(h.fs);
  try {
    t.push(40); // two Clusters closed: the second waits behind the first, one sync per segment at a time
    assert.equal(h.inlineSyncs(), 0);
    assert.equal(h.held.length, 1);
    assert.equal(t.rows()[0]!.frames, 0, 'no row progress before the sync ended');
    h.release();
    const first = t.rows()[0]!;
    assert.ok(first.frames >= 15 && first.frames < 30, `${first.frames} frames after the first sync`);
    assert.equal(h.held.length, 1, 'the newest Cluster close is synced next');
    h.release();
    const row = t.rows()[0]!;
    const file = readFileSync(join(t.root, row.path));
    assert.ok(row.frames > first.frames && row.frames < 40, `${row.frames} frames after the second sync`);
    assert.equal(file[row.synced_offset], 0x1f, 'synced offset is where the next Cluster starts');
    t.push(20);
    let closed = false;
    const closing = t.recorder.close().then(() => { closed = true; });
    await new Promise((r) => setImmediate(r));
    assert.equal(closed, false, 'close() waits for the sync still holding the descriptor');
    assert.equal(t.rows()[0]!.status, 'complete', 'finish syncs inline and completes the row at once');
    h.release();
    await closing;
    assert.equal(t.rows()[0]!.frames, 60);
    assert.equal(decodeErrors(join(t.root, row.path)), '');
  } finally { t.cleanup(); }
});

test('background syncs: a failed sync stops recording with an error, and what was written is repaired', async () => {
  const h = heldSyncFs();
  const t = setupInBackground(h.fs);
  try {
    t.push(20);
    h.release(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const state = t.recorder.state();
    assert.equal(state.status, 'error');
    assert.match(state.error!.message, /camera cam\/1 stopped: a write failed \(EIO/);
    t.clock.advance(RETRY_AFTER_ERROR_MS);
    t.push(5);
    assert.equal(t.recorder.state().status, 'recording');
    const closing = t.recorder.close();
    h.release();
    await closing;
    const rows = t.rows();
    assert.deepEqual(rows.map((r) => [r.status, r.frames]), [['recovered', 20], ['complete', 5]]);
    for (const row of rows) assert.equal(decodeErrors(join(t.root, row.path)), '');
  } finally { t.cleanup(); }
});

test('background syncs on the real file system: rows follow, close() leaves every file finished', async () => {
  const t = setupInBackground(nodeRecordingFs);
  try {
    t.push(40);
    // A real fdatasync on a busy disk can take far longer than any fixed pause: wait for the
    // row to move, with a deadline that only stops a recorder whose rows never follow.
    await waitFor(() => t.rows()[0]!.frames >= 15, { what: 'the row to follow the background syncs', timeoutMs: SYNC_WAIT_MS, pollMs: 20 });
    await t.recorder.close();
    const row = t.rows()[0]!;
    assert.deepEqual([row.status, row.frames, row.synced_offset], ['complete', 40, row.bytes]);
    assert.equal(probePackets(join(t.root, row.path)).length, 40);
  } finally { t.cleanup(); }
});
