import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from '../../unit/registry/helpers.ts';
import { openRegistry } from '../../../main/registry/registry.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';

const child = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
const ROUNDS = 3;
const MIN_WRITES_BEFORE_KILL = 200;

/** Starts the writer, lets it commit at least `minWrites` transactions, then SIGKILLs it mid-loop. */
async function writeAndKill(dataDir: string, minWrites: number): Promise<void> {
  const writer = spawn(process.execPath, [child, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  writer.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => writer.on('exit', (code, signal) => resolve(signal ?? code)));
  try {
    let reports = 0;
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        reports += chunk.toString().split('\n').filter((line) => line.startsWith('wrote ')).length;
        if (reports * 25 >= minWrites) resolve();
      });
      writer.on('exit', (code) => reject(new Error(`writer exited early with ${code}: ${stderr}`)));
    });
  } finally {
    writer.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL');
}

test('a writer killed with SIGKILL mid-write leaves a consistent database, round after round', { timeout: 60_000 }, async (t) => {
  const dataDir = tempDir(t);
  for (let round = 0; round < ROUNDS; round++) await writeAndKill(dataDir, MIN_WRITES_BEFORE_KILL);

  const registry = openRegistry({ file: join(dataDir, 'camwall.db'), secrets: await KeyFileSecretStore.open(dataDir) });
  t.after(() => registry.close());
  assert.equal(registry.db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(registry.db.pragma('foreign_key_check'), []);

  const segments = registry.db.prepare('SELECT * FROM segments ORDER BY frames').all() as Array<Record<string, unknown>>;
  const events = registry.events.query({ limit: 1000, kinds: ['recording.started'] });
  const eventCount = (registry.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  assert.ok(segments.length >= ROUNDS * MIN_WRITES_BEFORE_KILL, `only ${segments.length} segments were written`);
  assert.equal(eventCount, segments.length, 'each segment row came with its event row: no half transaction');

  // Every committed row is whole, and the counter has no gaps: a killed transaction left nothing.
  segments.forEach((row, n) => {
    const i = row.frames as number;
    assert.equal(i, n);
    assert.deepEqual(
      [row.camera_id, row.path, row.start_wall_ms, row.bytes, row.width, row.height, row.synced_offset],
      [`cam-${i % 7}`, `cam-${i % 7}/2026-01-01/${String(i).padStart(6, '0')}.mkv`, i * 1000, i * 4096, 640, 480, i * 4096],
    );
    assert.equal(row.status, n === segments.length - 1 ? 'recording' : 'complete', `segment ${i}`);
  });
  for (const event of events) {
    const data = event.data as { i: number; padding: string };
    assert.equal(event.message, `segment ${data.i}`);
    assert.equal(data.padding.length, data.i % 500);
  }
  for (const camera of registry.cameras.list()) {
    assert.equal((await registry.cameras.getCredentials(camera.id)).password, `password-${camera.name.slice('Camera '.length)}`);
  }
});
