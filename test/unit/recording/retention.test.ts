import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../../main/registry/database.ts';
import { SegmentIndex } from '../../../main/recording/segment-index.ts';
import { MkvWriter } from '../../../main/media/mkv-writer.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import { FREE_SPACE_KEEPS_RECENT_MS, MIN_FREE_DISK_FRACTION, MS_PER_DAY, applyRetention, type RetentionWarning } from '../../../main/recording/retention.ts';
import { makeJpegs, tempDir } from './helpers.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

/** Real segment files with rows: `days` ago, `frames` frames each. */
function archive() {
  const tmp = tempDir();
  const db = openDatabase(join(tmp.dir, 'index.sqlite'));
  const index = new SegmentIndex(db);
  const root = join(tmp.dir, 'rec');
  const add = (cameraId: string, daysAgo: number, frames: number, status: 'complete' | 'recovered' | 'recording' = 'complete') => {
    const start = NOW - daysAgo * MS_PER_DAY;
    const path = `${cameraId}/${new Date(start).toISOString().slice(0, 10)}/${String(index.all().length).padStart(6, '0')}.mkv`;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    const writer = new MkvWriter(nodeRecordingFs, join(root, path), { width: 320, height: 240, startWallMs: start });
    makeJpegs(30).slice(0, frames).forEach((j, i) => writer.writeFrame(j, i * 67));
    const t = writer.finish();
    index.insert({ cameraId, path, startWallMs: start, endWallMs: start + t.durationMs, frames, bytes: t.bytes, width: 320, height: 240, status });
    return { path, bytes: t.bytes };
  };
  const events = () => db.prepare(`SELECT kind, camera_id, message, data FROM events ORDER BY id`).all() as { kind: string; message: string; data: string }[];
  return { root, index, add, events, cleanup: () => { db.close(); tmp.remove(); } };
}

test('deletes segments older than the camera keeps them, oldest first, with an event each', () => {
  const a = archive();
  try {
    const old1 = a.add('a', 10, 3);
    const old2 = a.add('a', 8, 3);
    const kept = a.add('a', 2, 3);
    const other = a.add('b', 10, 3);
    const deleted = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { perCamera: { a: { maxDays: 7 } } } });
    assert.deepEqual(deleted.map((d) => [d.path, d.reason]), [[old1.path, 'age'], [old2.path, 'age']]);
    assert.equal(existsSync(join(a.root, old1.path)), false);
    assert.equal(existsSync(dirname(join(a.root, old1.path))), false, 'empty day folder removed');
    assert.equal(existsSync(join(a.root, kept.path)), true);
    assert.equal(existsSync(join(a.root, other.path)), true);
    assert.deepEqual(a.index.all().map((r) => r.path), [other.path, kept.path]);
    const events = a.events();
    assert.deepEqual(events.map((e) => e.kind), ['retention.deleted', 'retention.deleted']);
    assert.match(events[0]!.message, /Deleted recording a\/.* of camera a \(\d+ bytes\): older than/);
    assert.equal(JSON.parse(events[0]!.data).path, old1.path);
  } finally { a.cleanup(); }
});

test('per-camera and total byte limits delete the oldest finished segments, never the one being written', () => {
  const a = archive();
  try {
    const s1 = a.add('a', 5, 10);
    const s2 = a.add('b', 4, 10);
    const s3 = a.add('a', 3, 10);
    const s4 = a.add('a', 1, 10, 'recording');
    const perCamera = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW,
      policy: { defaultCamera: { maxBytes: s3.bytes + s4.bytes } } });
    assert.deepEqual(perCamera.map((d) => [d.path, d.reason]), [[s1.path, 'camera-bytes']]);
    const total = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { maxTotalBytes: 1 } });
    assert.deepEqual(total.map((d) => d.path), [s2.path, s3.path]);
    assert.deepEqual(a.index.all().map((r) => r.path), [s4.path]);
    assert.equal(existsSync(join(a.root, s4.path)), true);
  } finally { a.cleanup(); }
});

test('minimum free space deletes until the disk has room, asking the free-space source after each deletion', () => {
  const a = archive();
  try {
    const s = [a.add('a', 6, 10), a.add('b', 5, 10), a.add('a', 4, 10), a.add('b', 3, 10)];
    const capacity = 1_000_000;
    const used = () => a.index.all().reduce((sum, r) => sum + r.bytes, 0);
    const minFree = capacity - used() + s[0]!.bytes + s[1]!.bytes / 2;
    const deleted = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW,
      policy: { minFreeBytes: minFree }, freeBytes: () => capacity - used() });
    assert.deepEqual(deleted.map((d) => [d.path, d.reason]), [[s[0]!.path, 'free-space'], [s[1]!.path, 'free-space']]);
    assert.ok(capacity - used() >= minFree);
    assert.deepEqual(applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW,
      policy: { minFreeBytes: minFree }, freeBytes: () => capacity - used() }), []);
  } finally { a.cleanup(); }
});

const GIB = 1024 ** 3;

test('regression: a disk other files fill does not make free space delete the whole archive; the last hours stay and a warning says so', () => {
  const a = archive();
  try {
    const old = a.add('a', 2, 5);
    const hours = FREE_SPACE_KEEPS_RECENT_MS / 3_600_000;
    const recent = [a.add('a', 3 / 24 / hours, 5), a.add('a', 2 / 24 / hours, 5), a.add('a', 1 / 24 / hours, 5)];
    const otherCamera = a.add('b', 1, 5);
    const warnings: RetentionWarning[] = [];
    // 8 GiB disk, nothing free whatever is deleted (other programs' files), the 2 GiB default reserve.
    const deleted = applyRetention({
      root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { minFreeBytes: 2 * GIB },
      freeBytes: () => 0, diskBytes: () => 8 * GIB, onWarning: (w) => warnings.push(w),
    });
    assert.deepEqual(deleted.map((d) => d.path), [old.path], 'only what is older than the last hours of its camera');
    assert.deepEqual(a.index.all().map((r) => r.path).sort(), [...recent.map((r) => r.path), otherCamera.path].sort());
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.kind, 'free-space-short');
    assert.match(warnings[0]!.message, /has 0 B free, less than the 409\.6 MiB Camwall keeps free.*last 6 hours/);
  } finally { a.cleanup(); }
});

test('the free-space reserve is sized to the disk: at most MIN_FREE_DISK_FRACTION of it', () => {
  const a = archive();
  try {
    const s = [a.add('a', 6, 5), a.add('a', 5, 5)];
    const disk = 1 * GIB;
    const free = Math.ceil(disk * MIN_FREE_DISK_FRACTION) + 1;
    const warnings: RetentionWarning[] = [];
    const deleted = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { minFreeBytes: 2 * GIB },
      freeBytes: () => free, diskBytes: () => disk, onWarning: (w) => warnings.push(w) });
    assert.deepEqual(deleted, [], 'a 1 GiB disk with 5% free keeps its archive although 2 GiB is asked');
    assert.deepEqual(warnings, []);
    assert.equal(a.index.all().length, s.length);
  } finally { a.cleanup(); }
});

test('a storage limit smaller than one recording keeps nothing, and a warning says so for that camera', () => {
  const a = archive();
  try {
    a.add('a', 2, 5);
    a.add('a', 1, 5);
    a.add('a', 0, 5, 'recording');
    const kept = a.add('b', 1, 5);
    const warnings: RetentionWarning[] = [];
    const deleted = applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW,
      policy: { perCamera: { a: { maxBytes: 1 } } }, onWarning: (w) => warnings.push(w) });
    assert.equal(deleted.length, 2);
    assert.deepEqual(warnings.map((w) => [w.kind, w.cameraId]), [['keeps-nothing', 'a']]);
    assert.match(warnings[0]!.message, /^Camera a: its storage limit is smaller than one of its recordings .*none of them is kept/);
    assert.ok(a.index.all().some((r) => r.path === kept.path));
    const total: RetentionWarning[] = [];
    applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { maxTotalBytes: 1 }, onWarning: (w) => total.push(w) });
    assert.deepEqual(total.map((w) => [w.kind, w.cameraId]), [['keeps-nothing', null]]);
    // A limit that keeps something warns nothing.
    const none: RetentionWarning[] = [];
    a.add('c', 2, 5);
    const c = a.add('c', 1, 5);
    applyRetention({ root: a.root, index: a.index, fs: nodeRecordingFs, nowMs: NOW, policy: { perCamera: { c: { maxBytes: c.bytes } } }, onWarning: (w) => none.push(w) });
    assert.deepEqual(none, []);
  } finally { a.cleanup(); }
});
