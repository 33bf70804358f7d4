// The file-system calls the recorder, recovery and retention make, behind one interface so tests
// can inject failures (ENOSPC after N bytes, EACCES on mkdir) and a fake free-space source.
// Calls are synchronous on purpose: the recorder runs inside a worker, never on the app's main
// thread, and synchronous calls keep a frame's write and the following sync strictly ordered.
// The one exception is the Cluster sync, which can run in the background: it waits for the disk
// (milliseconds on a VM, tens of them on a hard disk) and would stall the thread receiving the
// cameras; the writes it covers are already done when it starts, so ordering is kept.
import * as fs from 'node:fs';

export interface RecordingFs {
  mkdirp(path: string): void;
  /** Creates a new file for writing; throws EEXIST when it is already there. */
  createExclusive(path: string): number;
  /** Opens an existing file for reading and writing (recovery). */
  openReadWrite(path: string): number;
  openRead(path: string): number;
  /** Writes every buffer at `position`; returns the bytes written (short only on failure). */
  writev(fd: number, buffers: readonly Uint8Array[], position: number): number;
  read(fd: number, into: Uint8Array, position: number): number;
  fdatasync(fd: number): void;
  /**
   * Data-syncs `fd` on another thread and calls `done` on this one. The caller keeps `fd` open
   * until `done` runs (the descriptor number could otherwise be reused by another file).
   */
  fdatasyncInBackground(fd: number, done: (error: Error | null) => void): void;
  ftruncate(fd: number, length: number): void;
  fsize(fd: number): number;
  close(fd: number): void;
  unlink(path: string): void;
  exists(path: string): boolean;
  size(path: string): number;
  /** Directory entries, empty when the directory does not exist. */
  list(path: string): { name: string; isDirectory: boolean }[];
  rmdirIfEmpty(path: string): void;
  /** Bytes available to this user on the file system holding `path`. */
  freeBytes(path: string): number;
  /** The size of the file system holding `path` (retention sizes its free-space reserve to it). */
  diskBytes?(path: string): number;
}

/**
 * Background syncs one thread runs at once. They go to libuv's thread pool (4 threads per process,
 * shared with DNS lookups and every other async file call), so a slow disk must not fill it:
 * the rest wait here in order. Each open segment asks for at most one sync at a time, so the
 * queue is bounded by the number of cameras.
 */
export const MAX_BACKGROUND_SYNCS = 2;
const waitingSyncs: { fd: number; done: (error: Error | null) => void }[] = [];
let syncsInFlight = 0;

function startBackgroundSync(fd: number, done: (error: Error | null) => void): void {
  syncsInFlight++;
  fs.fdatasync(fd, (error) => {
    syncsInFlight--;
    const next = waitingSyncs.shift();
    if (next) startBackgroundSync(next.fd, next.done);
    done(error);
  });
}

/** Recordings are the user's own: folders 0700 and segment files 0600 (the umask can only narrow them). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export const nodeRecordingFs: RecordingFs = {
  mkdirp: (path) => { fs.mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE }); },
  createExclusive: (path) => fs.openSync(path, 'wx', PRIVATE_FILE_MODE),
  openReadWrite: (path) => fs.openSync(path, 'r+'),
  openRead: (path) => fs.openSync(path, 'r'),
  writev: (fd, buffers, position) => {
    let total = 0;
    for (const b of buffers) total += b.byteLength;
    let written = fs.writevSync(fd, buffers as Uint8Array[], position);
    // A regular file takes a whole writev unless the disk fills; finish any short write so the
    // error (ENOSPC) surfaces instead of a silently shortened frame.
    while (written < total) {
      const rest = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))).subarray(written);
      const more = fs.writeSync(fd, rest, 0, rest.length, position + written);
      if (more === 0) break;
      written += more;
    }
    return written;
  },
  read: (fd, into, position) => fs.readSync(fd, into, 0, into.byteLength, position),
  fdatasync: (fd) => { fs.fdatasyncSync(fd); },
  fdatasyncInBackground: (fd, done) => {
    if (syncsInFlight < MAX_BACKGROUND_SYNCS) startBackgroundSync(fd, done);
    else waitingSyncs.push({ fd, done });
  },
  ftruncate: (fd, length) => { fs.ftruncateSync(fd, length); },
  fsize: (fd) => fs.fstatSync(fd).size,
  close: (fd) => { fs.closeSync(fd); },
  unlink: (path) => { fs.rmSync(path, { force: true }); },
  exists: (path) => fs.existsSync(path),
  size: (path) => fs.statSync(path).size,
  list: (path) => {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  rmdirIfEmpty: (path) => {
    try { fs.rmdirSync(path); } catch { /* not empty or already gone: both fine */ }
  },
  freeBytes: (path) => {
    const s = fs.statfsSync(path);
    return s.bavail * s.bsize;
  },
  diskBytes: (path) => {
    const s = fs.statfsSync(path);
    return s.blocks * s.bsize;
  },
};
