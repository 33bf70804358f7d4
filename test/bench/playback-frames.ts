// The ceiling's side of `npm run bench:playback`: where a recorded frame lies (the segment from
// the index, the JPEG's offset from the segment reader, found before any clock starts), and a
// server that answers a page with nothing but a pread of those bytes from a file it already has
// open. The playback path pays the API call, the index, the Cues, the Cluster read and the hub;
// this pays one read and one WebSocket message.
import { closeSync, openSync, read } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';
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
 * Answers each text message `<file>/<offset>/<length>[,<file>/<offset>/<length>...]` on a
 * WebSocket with one binary message, those JPEGs one after another, read with one pread each
 * from descriptors that `request()` opened before any clock started. A WebSocket, as the core's
 * frames come: the ceiling differs from playback in what is done, not in the transport.
 */
export class PreadServer {
  readonly #server: WebSocketServer;
  readonly #files: number[] = [];
  readonly #fileIds = new Map<string, number>();

  private constructor(server: WebSocketServer) {
    this.#server = server;
    server.on('connection', (socket) => {
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const reads = String(data).split(',').map((part) => {
          const [file, offset, length] = part.split('/').map(Number);
          return { fd: this.#files[file!], offset: offset!, buffer: Buffer.allocUnsafe(length ?? 0) };
        });
        if (reads.some((r) => r.fd === undefined)) return socket.close(1008, 'unknown file');
        Promise.all(reads.map((r) => new Promise<void>((resolve, reject) => {
          read(r.fd!, r.buffer, 0, r.buffer.length, r.offset, (error, bytesRead) => (error || bytesRead !== r.buffer.length ? reject(error ?? new Error('short read')) : resolve()));
        }))).then(
          () => socket.send(reads.length === 1 ? reads[0]!.buffer : Buffer.concat(reads.map((r) => r.buffer))),
          () => socket.close(1011, 'read failed'),
        );
      });
    });
  }

  static async start(): Promise<PreadServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new PreadServer(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The request for the frames' bytes, in order; opens their files now, so answering it costs only the reads. */
  request(...frames: FrameLocation[]): string {
    return frames.map((frame) => {
      let id = this.#fileIds.get(frame.path);
      if (id === undefined) {
        id = this.#files.push(openSync(frame.path, 'r')) - 1;
        this.#fileIds.set(frame.path, id);
      }
      return `${id}/${frame.offset}/${frame.length}`;
    }).join(',');
  }

  async close(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise((resolve) => this.#server.close(resolve));
    for (const fd of this.#files) closeSync(fd);
  }
}
