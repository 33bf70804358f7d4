// `camwall record` and `camwall repair` as a user runs them: a child process recording from the
// simulator over loopback, stopped by SIGINT, killed by SIGKILL, and refused by the camera.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { SegmentIndex } from '../../../main/recording/segment-index.ts';
import { listSegmentFiles } from '../../../main/recording/recovery.ts';
import { nodeRecordingFs } from '../../../main/base/recording-fs.ts';
import { waitFor } from '../../support/wait-for.ts';
import { decodeErrors, extractFrames, probePackets, tempDir } from '../../unit/recording/helpers.ts';

const BIN = fileURLToPath(new URL('../../../main/cli/bin.ts', import.meta.url));
const children = new Set<ChildProcess>();
const sims: Simulator[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const sim of sims) await sim.close();
});

function camwall(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d; });
  child.stderr!.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { children.delete(child); resolve(code); }));
  /** Resolves once stdout holds a line matching `re`. */
  const waitFor = (re: RegExp) => new Promise<void>((resolve, reject) => {
    const check = () => { if (re.test(stdout)) { child.stdout!.off('data', check); resolve(); } };
    child.stdout!.on('data', check);
    child.on('exit', () => reject(new Error(`camwall exited before printing ${re}: ${stdout}${stderr}`)));
    check();
  });
  return { child, exited, waitFor, out: () => stdout, err: () => stderr };
}

async function simulator(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ cameras: 1, resolution: '320x240', fps: 15, ...options });
  sims.push(sim);
  return sim;
}

test('record: rotates segments, closes the last one cleanly on SIGINT and prints a JSON summary', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const tmp = tempDir();
  try {
    const run = camwall(['record', sim.urls[0]!, '--out', tmp.dir, '--segment-seconds', '1.5']);
    await run.waitFor(/^segment .*\nsegment .*\n/m);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.err());
    const lines = run.out().trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!);
    const segmentLines = lines.filter((l) => l.startsWith('segment '));
    assert.equal(summary.segments, segmentLines.length);
    assert.ok(summary.segments >= 3);
    assert.deepEqual(summary.errors, []);
    assert.equal(summary.stoppedBy, 'signal');
    const db = openDatabase(join(tmp.dir, 'index.sqlite'));
    try {
      const rows = new SegmentIndex(db).all();
      assert.equal(rows.length, summary.segments);
      assert.ok(rows.every((r) => r.status === 'complete'));
      assert.equal(rows.reduce((s, r) => s + r.frames, 0), summary.frames);
      assert.equal(rows.reduce((s, r) => s + r.bytes, 0), summary.bytes);
      let previousSeq = -1;
      for (const row of rows) {
        const file = join(tmp.dir, row.path);
        assert.equal(decodeErrors(file), '');
        assert.equal(probePackets(file).length, row.frames);
        // Gapless: consecutive simulator frame numbers across segment boundaries.
        for (const frame of extractFrames(file)) {
          const stamp = readCaptureComment(frame)!;
          if (previousSeq >= 0) assert.equal(stamp.seq, previousSeq + 1, `frame after seq ${previousSeq} in ${row.path}`);
          previousSeq = stamp.seq;
        }
      }
    } finally { db.close(); }
  } finally { tmp.remove(); }
});

test('regression: record --duration stops by itself and reports stoppedBy "duration"', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const tmp = tempDir();
  try {
    const run = camwall(['record', sim.urls[0]!, '--out', tmp.dir, '--duration', '1']);
    assert.equal(await run.exited, 0, run.err());
    const summary = JSON.parse(run.out().trim().split('\n').at(-1)!);
    assert.equal(summary.stoppedBy, 'duration');
    assert.ok(summary.frames > 0);
  } finally { tmp.remove(); }
});

test('a recorder killed with SIGKILL loses at most the last second; repair makes it playable and is idempotent', { timeout: 60_000 }, async () => {
  const sim = await simulator();
  const tmp = tempDir();
  try {
    const run = camwall(['record', sim.urls[0]!, '--out', tmp.dir]);
    await run.waitFor(/^recording /m);
    // Let it record through a few Cluster syncs (about one a second), then kill it mid-segment.
    const sentBefore = sim.stats().framesSent;
    await waitFor(() => sim.stats().framesSent - sentBefore >= 15 * 3.5, { what: '3.5 s of frames sent to the recorder', timeoutMs: 30_000 });
    const killedAt = Date.now();
    run.child.kill('SIGKILL');
    await run.exited;
    const [path] = listSegmentFiles(nodeRecordingFs, tmp.dir);
    assert.ok(path, 'a segment file exists');
    const repair = camwall(['repair', tmp.dir]);
    assert.equal(await repair.exited, 0, repair.err());
    assert.match(repair.out(), new RegExp(`repaired ${path!.replace(/[.]/g, '\\.')}: \\d+ frames kept`));
    const file = join(tmp.dir, path!);
    assert.equal(decodeErrors(file), '');
    const frames = extractFrames(file);
    const last = readCaptureComment(frames.at(-1)!)!;
    assert.ok(killedAt - last.t < 1500, `last kept frame captured ${killedAt - last.t} ms before the kill`);
    frames.forEach((f, i) => assert.equal(readCaptureComment(f)!.seq, readCaptureComment(frames[0]!)!.seq + i));
    const db = openDatabase(join(tmp.dir, 'index.sqlite'));
    try {
      const row = new SegmentIndex(db).byPath(path!)!;
      assert.equal(row.status, 'recovered');
      assert.equal(row.frames, frames.length);
    } finally { db.close(); }
    const bytes = readFileSync(file);
    const again = camwall(['repair', tmp.dir]);
    assert.equal(await again.exited, 0);
    assert.match(again.out(), /nothing to repair/);
    assert.ok(readFileSync(file).equals(bytes));
  } finally { tmp.remove(); }
});

test('record stops with exit 3 when the camera rejects the credentials, without echoing the password', { timeout: 30_000 }, async () => {
  const sim = await simulator({ auth: 'digest', user: 'root', password: 'right-pass' });
  const tmp = tempDir();
  try {
    const run = camwall(['record', sim.urls[0]!, '--out', tmp.dir, '--user', 'root'], { CAMWALL_PASSWORD: 'wrong-pass-123' });
    assert.equal(await run.exited, 3);
    const summary = JSON.parse(run.out().trim().split('\n').at(-1)!);
    assert.equal(summary.stoppedBy, 'auth');
    assert.equal(summary.frames, 0);
    assert.doesNotMatch(run.out() + run.err(), /wrong-pass-123/);
    assert.equal(readdirSync(tmp.dir).filter((n) => !n.startsWith('index.sqlite')).length, 0);
  } finally { tmp.remove(); }
});

test('record refuses a URL carrying credentials and a missing --out, with exit 2', async () => {
  const a = camwall(['record', 'http://root:secret-xyz@127.0.0.1:1/x']);
  assert.equal(await a.exited, 2);
  assert.doesNotMatch(a.err(), /secret-xyz/);
  const b = camwall(['record', 'http://127.0.0.1:1/x']);
  assert.equal(await b.exited, 2);
  assert.match(b.err(), /--out DIR is required/);
  assert.equal(existsSync('index.sqlite'), false);
});
