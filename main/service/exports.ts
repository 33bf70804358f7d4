// Export jobs for the API: queued in the registry, run one at a time, with progress pushed to
// every client, cancel and retry; a job cut short by a crash or a quit is failed at the next
// start (never left "running"). The files go into a folder per job under the data folder's
// exports/; the shells hand them on (a download, or a copy into a folder the user picks).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ExportFormat, ExportJob } from '../../shared/api/calls.ts';
import type { Clock } from '../base/clock.ts';
import type { SegmentCatalog } from '../playback/frame-cursor.ts';
import type { ClipWriterFactory } from '../export/exporter.ts';
import { ExportCancelledError, NothingRecordedError } from '../export/exporter.ts';
import { runExport, type ExportCamera } from '../export/export-set.ts';
import type { SigningKey } from '../export/signing-key.ts';
import { ServiceError } from './service-error.ts';

/** Exports waiting at most; more are refused until some finish. */
export const MAX_QUEUED_EXPORTS = 20;
/** Jobs listed (and kept in the list); older finished ones drop off the list, their files stay. */
export const MAX_LISTED_EXPORTS = 100;
/** Progress is saved and pushed at most this often. */
export const PROGRESS_INTERVAL_MS = 250;

type Row = { id: number; created_ms: number; state: ExportJob['state']; request: string; folder: string; progress: number; bytes: number; frames: number; error: string | null; result: string | null };
type Request = { cameraIds: string[]; fromMs: number; toMs: number; format: ExportFormat };

export type ExportServiceDeps = {
  db: Database;
  catalog: SegmentCatalog;
  recordingsRoot: string;
  /** Where each job's folder is made. */
  exportsDir: string;
  signingKey(): Promise<SigningKey>;
  camera(cameraId: string): ExportCamera;
  writers: ClipWriterFactory;
  version: string;
  clock: Clock;
  onChange(job: ExportJob): void;
  log(line: string): void;
};

export class ExportService {
  readonly #d: ExportServiceDeps;
  #running: { id: number; abort: AbortController; startedMono: number; done: Promise<void> } | null = null;
  #closed = false;

  constructor(deps: ExportServiceDeps) {
    this.#d = deps;
  }

  /** Fails the jobs a crash or a quit cut short; call once at start. */
  recover(): void {
    const cut = this.#d.db.prepare(`SELECT id, folder FROM exports WHERE state IN ('queued', 'running')`).all() as Array<{ id: number; folder: string }>;
    for (const job of cut) {
      rmSync(job.folder, { recursive: true, force: true });
      this.#update(job.id, { state: 'failed', error: 'Camwall stopped before this export finished; nothing of it was kept. Retry it.' });
    }
    if (cut.length > 0) this.#d.log(`${cut.length} export(s) cut short by the last stop were marked failed`);
  }

  start(request: { cameraIds: string[]; fromMs: number; toMs: number; format?: ExportFormat }): ExportJob {
    const queued = (this.#d.db.prepare(`SELECT count(*) AS n FROM exports WHERE state = 'queued'`).get() as { n: number }).n;
    if (queued >= MAX_QUEUED_EXPORTS) throw new ServiceError('unavailable', `${MAX_QUEUED_EXPORTS} exports are waiting already; let them finish or cancel some.`);
    const full: Request = { cameraIds: [...new Set(request.cameraIds)], fromMs: request.fromMs, toMs: request.toMs, format: request.format ?? 'avi' };
    const created = this.#d.clock.now();
    const { lastInsertRowid } = this.#d.db
      .prepare(`INSERT INTO exports (created_ms, state, request, folder) VALUES (?, 'queued', ?, '')`)
      .run(created, JSON.stringify(full));
    const id = Number(lastInsertRowid);
    const stamp = new Date(created).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    this.#d.db.prepare('UPDATE exports SET folder = ? WHERE id = ?').run(join(this.#d.exportsDir, `export-${id}-${stamp}`), id);
    const job = this.get(id);
    this.#d.onChange(job);
    this.#pump();
    return job;
  }

  list(): ExportJob[] {
    const rows = this.#d.db.prepare('SELECT * FROM exports ORDER BY id DESC LIMIT ?').all(MAX_LISTED_EXPORTS) as Row[];
    return rows.map((row) => this.#job(row));
  }

  get(id: number): ExportJob {
    const row = this.#d.db.prepare('SELECT * FROM exports WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new ServiceError('not-found', `There is no export ${id}; it may have been removed.`);
    return this.#job(row);
  }

  cancel(id: number): ExportJob {
    const job = this.get(id);
    if (job.state === 'queued') this.#update(id, { state: 'cancelled', error: null });
    else if (job.state === 'running' && this.#running?.id === id) this.#running.abort.abort();
    else throw new ServiceError('conflict', `Export ${id} is ${job.state}; only a queued or running export can be cancelled.`);
    return this.get(id);
  }

  retry(id: number): ExportJob {
    const job = this.get(id);
    if (job.state !== 'failed' && job.state !== 'cancelled') throw new ServiceError('conflict', `Export ${id} is ${job.state}; only a failed or cancelled export is retried.`);
    return this.start({ cameraIds: job.cameraIds, fromMs: job.fromMs, toMs: job.toMs, format: job.format });
  }

  remove(id: number): void {
    const job = this.get(id);
    if (job.state === 'running' || job.state === 'queued') throw new ServiceError('conflict', `Export ${id} is ${job.state}; cancel it first.`);
    rmSync(job.folder, { recursive: true, force: true });
    this.#d.db.prepare('DELETE FROM exports WHERE id = ?').run(id);
  }

  /** A finished export's files (the clips, then the manifest and its signature). */
  files(id: number): { job: ExportJob; paths: string[] } {
    const job = this.get(id);
    if (job.state !== 'done' || !job.result) throw new ServiceError('conflict', `Export ${id} is ${job.state}, not done: there is nothing to hand on yet.`);
    const names = [...job.result.files.map((f) => f.name), 'manifest.json', 'manifest.sig'];
    return { job, paths: names.map((name) => join(job.folder, name)) };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#running;
    if (!running) return;
    running.abort.abort();
    await running.done;
  }

  #pump(): void {
    if (this.#running || this.#closed) return;
    const next = this.#d.db.prepare(`SELECT * FROM exports WHERE state = 'queued' ORDER BY id LIMIT 1`).get() as Row | undefined;
    if (!next) return;
    const abort = new AbortController();
    const running = { id: next.id, abort, startedMono: this.#d.clock.monotonic(), done: Promise.resolve() };
    this.#running = running;
    running.done = this.#run(next, abort.signal).finally(() => {
      this.#running = null;
      this.#pump();
    });
  }

  async #run(row: Row, signal: AbortSignal): Promise<void> {
    const request = JSON.parse(row.request) as Request;
    this.#update(row.id, { state: 'running' });
    let lastPush = -Infinity;
    try {
      mkdirSync(this.#d.exportsDir, { recursive: true, mode: 0o700 });
      const key = await this.#d.signingKey();
      const result = await runExport({
        catalog: this.#d.catalog, recordingsRoot: this.#d.recordingsRoot,
        cameras: request.cameraIds.map((id) => this.#d.camera(id)),
        fromMs: request.fromMs, toMs: request.toMs, format: request.format, target: { kind: 'folder', dir: row.folder },
        writers: this.#d.writers, key, camwallVersion: this.#d.version, now: () => this.#d.clock.now(), signal,
        onProgress: (p) => {
          const now = this.#d.clock.monotonic();
          if (now - lastPush < PROGRESS_INTERVAL_MS) return;
          lastPush = now;
          this.#update(row.id, { progress: p.fraction, bytes: p.bytes, frames: p.frames });
        },
      });
      const files = result.manifest.cameras.flatMap((camera) => camera.files.map((f) => ({ name: f.name, cameraId: camera.cameraId, bytes: f.bytes, frames: f.frames, timingNote: f.timing.note })));
      this.#update(row.id, {
        state: 'done', progress: 1, bytes: files.reduce((s, f) => s + f.bytes, 0), frames: files.reduce((s, f) => s + f.frames, 0), error: null,
        result: JSON.stringify({ files, manifest: result.manifestPath, keyFingerprint: key.fingerprint, skipped: result.skipped }),
      });
    } catch (error) {
      const cancelled = error instanceof ExportCancelledError || signal.aborted;
      const code = (error as NodeJS.ErrnoException).code;
      const message = cancelled ? null
        : error instanceof NothingRecordedError ? `Nothing to export: ${error.message}.`
        : code === 'ENOSPC' || code === 'EDQUOT' ? `The disk is full: the export stopped, its partial files were removed, and no recording was touched. Free some space and retry.`
        : `The export failed: ${error instanceof Error ? error.message : String(error)}`;
      if (!cancelled && !(error instanceof NothingRecordedError)) this.#d.log(`export ${row.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.#update(row.id, { state: cancelled ? 'cancelled' : 'failed', error: message });
    }
  }

  #update(id: number, fields: Partial<Pick<Row, 'state' | 'progress' | 'bytes' | 'frames' | 'error' | 'result'>>): void {
    const names = Object.keys(fields);
    if (names.length === 0) return;
    this.#d.db.prepare(`UPDATE exports SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
    this.#d.onChange(this.get(id));
  }

  #job(row: Row): ExportJob {
    const request = JSON.parse(row.request) as Request;
    let etaMs: number | null = null;
    if (row.state === 'running' && this.#running?.id === row.id && row.progress > 0.02) {
      const elapsed = this.#d.clock.monotonic() - this.#running.startedMono;
      etaMs = Math.round((elapsed * (1 - row.progress)) / row.progress);
    }
    return {
      id: row.id, createdMs: row.created_ms, state: row.state, cameraIds: request.cameraIds, fromMs: request.fromMs, toMs: request.toMs, format: request.format,
      progress: row.progress, bytes: row.bytes, frames: row.frames, etaMs, error: row.error, folder: row.folder,
      result: row.result === null ? null : (JSON.parse(row.result) as ExportJob['result']),
    };
  }
}
