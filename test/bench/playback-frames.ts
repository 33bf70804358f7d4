// The ceiling's side of `npm run bench:playback`: where a recorded frame lies (the segment from
// the index, the JPEG's offset from the segment reader, found before any clock starts), and a
// server that answers a page with nothing but a pread of those bytes from a file it already has
// open. The playback path pays the index, the Cues, the Cluster read, the hub and the WebSocket;
// this pays one read and one loopback HTTP answer.
import { closeSync, openSync, read } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IndexCatalog } from '../../main/playback/catalogs.ts';
import { SegmentReader } from '../../main/playback/segment-reader.ts';
import { DATABASE_FILE_NAME } from '../../main/registry/registry.ts';

export type FrameLocation = { path: string; offset: number; length: number; atMs: number };

/** Finds recorded frames in an archive folder (its database and `recordings/`), read-only. */
export class FrameLocator {
  readonly #db: Database.Database;
  readonly #catalog: IndexCatalog;

  constructor(archiveDir: string) {
    this.#db = new Database(join(archiveDir, DATABASE_FILE_NAME), { readonly: true });
    this.#catalog = new IndexCatalog(this.#db, join(archiveDir, 'recordings'));
  }

  /** The frame recorded at or before `atMs` in the segment starting at or before it. */
  async locate(cameraId: string, atMs: number): Promise<FrameLocation> {
    const segment = this.#catalog.atOrBefore(cameraId, atMs);
    if (!segment) throw new Error(`${cameraId} recorded nothing before ${new Date(atMs).toISOString()}`);
    const reader = await SegmentReader.open(segment.path);
    try {
      const rel = atMs - segment.startMs;
      for (let cluster = reader.clusters.findLastIndex((c) => c.timeMs <= rel); cluster >= 0; cluster--) {
        const frame = (await reader.readCluster(cluster)).frames.findLast((f) => f.timeMs <= rel);
        if (frame) return { path: segment.path, offset: frame.offset, length: frame.jpeg.length, atMs: segment.startMs + frame.timeMs };
      }
      throw new Error(`${segment.path} has no frame at or before ${rel} ms`);
    } finally {
      await reader.close();
    }
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Serves `/pread/<file>/<offset>/<length>[,<file>/<offset>/<length>...]` (the JPEGs one after
 * another, one request for a wall's worth: Chromium opens at most 6 connections to a host) from
 * descriptors opened by `url()` before timing.
 */
export class PreadServer {
  readonly #server: Server;
  readonly #files: number[] = [];
  readonly #fileIds = new Map<string, number>();

  private constructor(server: Server) {
    this.#server = server;
    server.on('request', (request, response) => {
      const parts = /^\/pread\/([\d/,]+)$/.exec(request.url ?? '')?.[1]!.split(',').map((part) => part.split('/').map(Number)) ?? [];
      const reads = parts.map(([file, offset, length]) => ({ fd: this.#files[file!], offset: offset!, buffer: Buffer.allocUnsafe(length ?? 0) }));
      if (reads.length === 0 || reads.some((r) => r.fd === undefined)) return void response.writeHead(404).end();
      Promise.all(reads.map((r) => new Promise<void>((resolve, reject) => {
        read(r.fd!, r.buffer, 0, r.buffer.length, r.offset, (error, bytesRead) => (error || bytesRead !== r.buffer.length ? reject(error ?? new Error('short read')) : resolve()));
      }))).then(() => {
        const body = reads.length === 1 ? reads[0]!.buffer : Buffer.concat(reads.map((r) => r.buffer));
        // The page is the browser shell's, on another port.
        response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length, 'Access-Control-Allow-Origin': '*' }).end(body);
      }, () => response.writeHead(500).end());
    });
  }

  static async start(): Promise<PreadServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new PreadServer(server);
  }

  /** The URL of the frames' bytes, in order; opens their files now, so a timed request pays only the reads. */
  url(...frames: FrameLocation[]): string {
    const parts = frames.map((frame) => {
      let id = this.#fileIds.get(frame.path);
      if (id === undefined) {
        id = this.#files.push(openSync(frame.path, 'r')) - 1;
        this.#fileIds.set(frame.path, id);
      }
      return `${id}/${frame.offset}/${frame.length}`;
    });
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/pread/${parts.join(',')}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    for (const fd of this.#files) closeSync(fd);
  }
}
