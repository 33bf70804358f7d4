// Exports over the API against the browser shell, on real recordings: a job is queued, runs with
// progress pushed to the client, finishes with a signed manifest, downloads as a zip whose
// unpacked folder `camwall verify` finds intact; cancel, retry and remove; a job cut short by a
// stop is failed at the next start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../main/registry/database.ts';
import { DATABASE_FILE_NAME } from '../../../main/registry/registry.ts';
import { cookieName } from '../../../main/server/access.ts';
import type { Serving } from '../../../main/server/serve.ts';
import type { ExportJob } from '../../../shared/api/calls.ts';
import { recordArchive } from '../../support/recorded-archive.ts';
import { runCli } from '../../support/run-cli.ts';
import { EVENT_TIMEOUT_MS, startServe, tempDir, TestClient, tokenOf } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
let dir: ReturnType<typeof tempDir>;
let serving: Serving;
let client: TestClient;

before(async () => {
  dir = tempDir('api-exports');
  const db = openDatabase(join(dir.path, DATABASE_FILE_NAME));
  await recordArchive({
    root: join(dir.path, 'recordings'), db, segmentMs: 20_000,
    cameras: [
      { id: 'front', channel: 1, fps: 10, spans: [{ fromMs: T0, toMs: T0 + 60_000 }] },
      { id: 'yard', channel: 2, fps: 10, spans: [{ fromMs: T0 + 30_000, toMs: T0 + 90_000 }] },
    ],
  });
  // A job the last run left running: it must come back failed, never "running".
  db.prepare(`INSERT INTO exports (created_ms, state, request, folder) VALUES (?, 'running', ?, ?)`)
    .run(T0, JSON.stringify({ cameraIds: ['front'], fromMs: T0, toMs: T0 + 1000, format: 'mkv' }), join(dir.path, 'exports', 'export-left'));
  db.close();
  serving = await startServe(dir.path);
  client = await TestClient.connect(serving);
});

after(async () => {
  client?.close();
  await serving?.close();
  dir?.remove();
});

async function finished(id: number): Promise<ExportJob> {
  const message = await client.waitFor((m) => m.t === 'event' && m.name === 'export.changed' && m.payload.job.id === id && ['done', 'failed', 'cancelled'].includes(m.payload.job.state), 60_000);
  return (message as { payload: { job: ExportJob } }).payload.job;
}

describe('exports over the WebSocket', () => {
  test('an export cut short by the last stop is failed, with a retry', async () => {
    const jobs: ExportJob[] = await client.value('exports.list');
    const left = jobs.find((j) => j.folder.endsWith('export-left'))!;
    assert.equal(left.state, 'failed');
    assert.match(left.error ?? '', /stopped before this export finished/);
    const retried: ExportJob = await client.value('exports.retry', { id: left.id });
    assert.notEqual(retried.id, left.id);
    assert.equal((await finished(retried.id)).state, 'done');
  });

  test('two cameras export into a folder: progress, a signed manifest, a zip download that verifies', async () => {
    const job: ExportJob = await client.value('exports.start', { cameraIds: ['front', 'yard'], fromMs: T0 + 10_000, toMs: T0 + 70_000, format: 'mkv' });
    assert.equal(job.state, 'queued');
    const done = await finished(job.id);
    assert.equal(done.state, 'done', done.error ?? '');
    assert.equal(done.result!.files.length, 2);
    assert.equal(done.frames, 500 + 400, 'front 10-60 s and yard 30-70 s at 10 fps');
    assert.ok(client.messages.some((m) => m.t === 'event' && m.name === 'export.changed' && m.payload.job.id === job.id && m.payload.job.state === 'running'));
    const delivery = await client.value('exports.deliver', { id: job.id });
    assert.equal(delivery.url, `/exports/${job.id}.zip`);
    const response = await fetch(`http://127.0.0.1:${serving.server.port}${delivery.url}`, { headers: { cookie: `${cookieName(serving.server.port)}=${tokenOf(serving)}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    const zip = join(dir.path, 'download.zip');
    writeFileSync(zip, Buffer.from(await response.arrayBuffer()));
    const unpacked = join(dir.path, 'unpacked');
    mkdirSync(unpacked);
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, unpacked], { encoding: 'utf8' });
    assert.equal(unzip.status, 0, unzip.stderr);
    const verified = await runCli(['verify', unpacked]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    const refused = await fetch(`http://127.0.0.1:${serving.server.port}${delivery.url}`);
    assert.equal(refused.status, 401, 'the download needs the token like every page');
    await client.value('exports.remove', { id: job.id });
    assert.equal(existsSync(done.folder), false);
  });

  test('a queued export is cancelled; a range with nothing recorded fails saying so; bad calls are refused', async () => {
    // Exports run one at a time: with four ahead of it, the fifth is surely still waiting.
    const ahead: ExportJob[] = [];
    for (let i = 0; i < 4; i++) ahead.push(await client.value('exports.start', { cameraIds: ['front', 'yard'], fromMs: T0, toMs: T0 + 90_000, format: 'mkv' }));
    const queued: ExportJob = await client.value('exports.start', { cameraIds: ['yard'], fromMs: T0, toMs: T0 + 60_000, format: 'mkv' });
    const cancelled: ExportJob = await client.value('exports.cancel', { id: queued.id });
    assert.equal(cancelled.state, 'cancelled');
    for (const job of ahead) assert.equal((await finished(job.id)).state, 'done');
    assert.equal((await client.value('exports.list')).find((j: ExportJob) => j.id === queued.id).state, 'cancelled', 'it never ran');
    const empty: ExportJob = await client.value('exports.start', { cameraIds: ['yard'], fromMs: T0 - 60_000, toMs: T0 - 1_000, format: 'mkv' });
    const failed = await finished(empty.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /Nothing to export/);
    const notDone = await client.call('exports.deliver', { id: failed.id });
    assert.equal(notDone.ok, false);
    const missing = await client.call('exports.cancel', { id: 999_999 });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.error.code, 'not-found');
  });
});
