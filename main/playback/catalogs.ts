// The two places a camera's segments are listed: the recorder's index (the `segments` table, in
// the registry database for the app, DIR/index.sqlite for `camwall record`), and the recordings
// folder itself, for `camwall frame` on a folder whose index is elsewhere or gone. Both answer the
// FrameCursor's three questions; the files stay the truth (a listed file that is gone is skipped).
import { readdirSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { readHeader } from '../media/mkv-scan.ts';
import { cameraDirName } from '../recording/segment-paths.ts';
import type { CatalogSegment, SegmentCatalog } from './frame-cursor.ts';

/** Segments from the index; `root` is the recordings folder its relative paths start from. */
export class IndexCatalog implements SegmentCatalog {
  readonly #root: string;
  readonly #atOrBefore: Statement;
  readonly #after: Statement;
  readonly #before: Statement;

  constructor(db: Database, root: string) {
    this.#root = root;
    // Ties on the start time (a same-second rotation) are broken by id, the order of writing.
    this.#atOrBefore = db.prepare(`SELECT path, start_wall_ms AS startMs FROM segments WHERE camera_id = ? AND start_wall_ms <= ?
      ORDER BY start_wall_ms DESC, id DESC LIMIT 1`);
    this.#after = db.prepare(`SELECT path, start_wall_ms AS startMs FROM segments WHERE camera_id = ? AND start_wall_ms > ?
      ORDER BY start_wall_ms, id LIMIT 1`);
    this.#before = db.prepare(`SELECT path, start_wall_ms AS startMs FROM segments WHERE camera_id = ? AND start_wall_ms < ?
      ORDER BY start_wall_ms DESC, id DESC LIMIT 1`);
  }

  atOrBefore(cameraId: string, atMs: number): CatalogSegment | null {
    return this.#row(this.#atOrBefore.get(cameraId, atMs));
  }

  after(cameraId: string, startMs: number): CatalogSegment | null {
    return this.#row(this.#after.get(cameraId, startMs));
  }

  before(cameraId: string, startMs: number): CatalogSegment | null {
    return this.#row(this.#before.get(cameraId, startMs));
  }

  #row(row: unknown): CatalogSegment | null {
    if (!row) return null;
    const { path, startMs } = row as { path: string; startMs: number };
    return { path: join(this.#root, path), startMs };
  }
}

/** Bytes read from each file to learn its start time (the header is about 200 bytes). */
const HEADER_PEEK_BYTES = 4096;

/**
 * Segments found by listing `<root>/<camera folder>/<YYYY-MM-DD>/*.mkv` and reading each file's
 * start time (DateUTC) from its header, once, on first use. For the CLI: a folder of a few
 * months is a few tens of thousands of files, read in seconds.
 */
export class FolderCatalog implements SegmentCatalog {
  readonly #root: string;
  readonly #byCamera = new Map<string, CatalogSegment[]>();

  constructor(root: string) {
    this.#root = root;
  }

  /** The camera's folder name: the id as the recorder names folders, or a folder name as given. */
  static folderOf(cameraId: string): string {
    return cameraDirName(cameraId);
  }

  /** Every segment of the camera whose header could be read, oldest first. */
  segments(cameraId: string): CatalogSegment[] {
    let list = this.#byCamera.get(cameraId);
    if (list) return list;
    list = [];
    const cameraDir = join(this.#root, FolderCatalog.folderOf(cameraId));
    for (const day of listNames(cameraDir)) {
      for (const name of listNames(join(cameraDir, day))) {
        if (!name.endsWith('.mkv')) continue;
        const path = join(cameraDir, day, name);
        const startMs = startOf(path);
        if (startMs !== undefined) list.push({ path, startMs });
      }
    }
    list.sort((a, b) => a.startMs - b.startMs || (a.path < b.path ? -1 : 1));
    this.#byCamera.set(cameraId, list);
    return list;
  }

  atOrBefore(cameraId: string, atMs: number): CatalogSegment | null {
    return this.segments(cameraId).findLast((s) => s.startMs <= atMs) ?? null;
  }

  after(cameraId: string, startMs: number): CatalogSegment | null {
    return this.segments(cameraId).find((s) => s.startMs > startMs) ?? null;
  }

  before(cameraId: string, startMs: number): CatalogSegment | null {
    return this.segments(cameraId).findLast((s) => s.startMs < startMs) ?? null;
  }
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function startOf(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEADER_PEEK_BYTES);
    const got = readSync(fd, buffer, 0, buffer.length, 0);
    return readHeader(buffer.subarray(0, got))?.startWallMs;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
