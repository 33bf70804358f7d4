// Child process for kill-during-writes.test.ts: writes to the registry in a loop until killed.
// Each transaction writes a segment row and an event row derived from the same counter, so the
// parent can tell a half-applied transaction from a complete one.
import { join } from 'node:path';
import { openRegistry } from '../../../main/registry/registry.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: writer-child.ts <data dir>');
const registry = openRegistry({ file: join(dataDir, 'camwall.db'), secrets: await KeyFileSecretStore.open(dataDir) });
const start = (registry.db.prepare('SELECT coalesce(max(frames), -1) + 1 AS next FROM segments').get() as { next: number }).next;

const insertSegment = registry.db.prepare(
  "INSERT INTO segments (camera_id, path, start_wall_ms, end_wall_ms, frames, bytes, width, height, status, synced_offset) VALUES (?, ?, ?, ?, ?, ?, 640, 480, 'recording', ?)",
);
const finishSegment = registry.db.prepare("UPDATE segments SET status = 'complete', end_wall_ms = end_wall_ms + 1 WHERE frames = ?");
const writeOne = registry.db.transaction((i: number) => {
  insertSegment.run(`cam-${i % 7}`, `cam-${i % 7}/2026-01-01/${String(i).padStart(6, '0')}.mkv`, i * 1000, i * 1000 + 999, i, i * 4096, i * 4096);
  registry.events.insert({ atMs: i * 1000, cameraId: `cam-${i % 7}`, kind: 'recording.started', message: `segment ${i}`, data: { i, padding: 'x'.repeat(i % 500) } });
  if (i > 0) finishSegment.run(i - 1); // also closes the one a previous, killed writer left open
});

let i = start;
for (;;) {
  for (let k = 0; k < 25; k++) writeOne(i++);
  await registry.cameras.add({ name: `Camera ${i}`, host: `cam${i}.local`, password: `password-${i}` });
  process.stdout.write(`wrote ${i}\n`);
  await new Promise((resolve) => setImmediate(resolve));
}
