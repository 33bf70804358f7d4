import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../../main/registry/database.ts';
import { CameraRecorder } from '../../../main/recording/camera-recorder.ts';
import { SegmentIndex } from '../../../main/recording/segment-index.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import { listSegmentFiles, recoverAll } from '../../../main/recording/recovery.ts';
import { decodeErrors, makeJpegs, manualClock, probePackets, tempDir } from './helpers.ts';

test('recoverAll repairs abandoned segments, drops rows without files, adopts or deletes files without rows, and is idempotent', async () => {
  const tmp = tempDir();
  const db = openDatabase(join(tmp.dir, 'index.sqlite'));
  try {
    const index = new SegmentIndex(db);
    const root = join(tmp.dir, 'rec');
    const clock = manualClock();
    const jpegs = makeJpegs(30);
    const record = (cameraId: string, frames: number) => {
      const r = new CameraRecorder({ cameraId, root, index, clock, rotation: { maxSegmentMs: 600_000 } });
      for (let i = 0; i < frames; i++) { r.pushFrame(jpegs[i % 30]!, clock.wall, clock.mono, 320, 240); clock.advance(67); }
      return r;
    };
    // A recorder that "crashed": never closed, its row still says recording.
    record('crashed', 40);
    const crashedRow = index.all()[0]!;
    assert.equal(crashedRow.status, 'recording');
    // A finished segment whose file was then lost.
    await record('lost', 5).close();
    const lostRow = index.all().find((r) => r.camera_id === 'lost')!;
    // A finished segment copied in without a row (e.g. restored from backup), and junk without frames.
    await record('orphan', 5).close();
    const orphanRow = index.all().find((r) => r.camera_id === 'orphan')!;
    const adoptedPath = orphanRow.path.replace('.mkv', '-copy.mkv');
    copyFileSync(join(root, orphanRow.path), join(root, adoptedPath));
    const junk = 'junk/2026-11-21/000000.mkv';
    mkdirSync(dirname(join(root, junk)), { recursive: true });
    writeFileSync(join(root, junk), Buffer.alloc(500));
    // Simulate the lost file.
    nodeRecordingFs.unlink(join(root, lostRow.path));

    const report = recoverAll(root, index, nodeRecordingFs, clock.now());
    assert.deepEqual(report.droppedRows, [lostRow.path]);
    assert.deepEqual(report.repaired.map((r) => [r.path, r.frames]), [[crashedRow.path, 40]]);
    assert.deepEqual(report.adopted.map((r) => r.path), [adoptedPath]);
    assert.deepEqual(report.deleted.map((r) => r.path), [junk]);
    assert.equal(existsSync(join(root, junk)), false);
    const rows = index.all();
    const crashed = rows.find((r) => r.path === crashedRow.path)!;
    assert.equal(crashed.status, 'recovered');
    assert.equal(crashed.frames, 40);
    assert.equal(crashed.bytes, readFileSync(join(root, crashed.path)).length);
    assert.equal(decodeErrors(join(root, crashed.path)), '');
    assert.equal(probePackets(join(root, crashed.path)).length, 40);
    const adopted = rows.find((r) => r.path === adoptedPath)!;
    assert.deepEqual([adopted.camera_id, adopted.status, adopted.frames, adopted.width], ['orphan', 'complete', 5, 320]);
    // Index and files agree.
    assert.deepEqual(rows.map((r) => r.path).sort(), listSegmentFiles(nodeRecordingFs, root));

    const snapshot = () => JSON.stringify({ rows: index.all(), files: listSegmentFiles(nodeRecordingFs, root).map((p) => readFileSync(join(root, p)).toString('base64')) });
    const before = snapshot();
    const again = recoverAll(root, index, nodeRecordingFs, clock.now());
    assert.deepEqual(again, { repaired: [], adopted: [], deleted: [], droppedRows: [] });
    assert.equal(snapshot(), before);
  } finally {
    db.close();
    tmp.remove();
  }
});
