// One export as the user asks for it: one camera into one clip (with FILE.manifest.json beside
// it), or several cameras into a new folder (a clip each, manifest.json). Both shells' export
// jobs and `camwall export` run this. A failure or a cancel removes everything it wrote; the
// recordings are only read.
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SegmentCatalog } from '../playback/frame-cursor.ts';
import type { ClipFormat } from './clip-writer.ts';
import { NodeClipFile } from './clip-file.ts';
import { ExportCancelledError, exportClip, NothingRecordedError, type ClipWriterFactory, type ExportedClip } from './exporter.ts';
import { gapsOf, iso, manifestPathFor, writeManifest, type ExportManifest, type ManifestCamera } from './manifest.ts';
import type { SigningKey } from './signing-key.ts';

export type ExportCamera = { cameraId: string; name: string; model: string | null; serial: string | null };

export type ExportTarget = { kind: 'clip'; path: string } | { kind: 'folder'; dir: string };

export type ExportSetProgress = { fraction: number; frames: number; bytes: number; cameraId: string };

export type ExportSetOptions = {
  catalog: SegmentCatalog;
  /** Source segment paths in the manifest are relative to it. */
  recordingsRoot: string;
  cameras: ExportCamera[];
  fromMs: number;
  toMs: number;
  format: ClipFormat;
  target: ExportTarget;
  writers: ClipWriterFactory;
  key: SigningKey;
  camwallVersion: string;
  /** Clock for the export time (the manifest's exportedAtUtc). */
  now(): number;
  signal?: AbortSignal;
  onProgress?(progress: ExportSetProgress): void;
};

export type ExportSetResult = { manifestPath: string; manifest: ExportManifest; files: string[]; skipped: string[] };

export const FORMAT_EXTENSIONS: Record<ClipFormat, string> = { avi: '.avi', mov: '.mov', mkv: '.mkv' };

export async function runExport(o: ExportSetOptions): Promise<ExportSetResult> {
  if (o.target.kind === 'clip' && o.cameras.length !== 1) throw new Error('a clip holds one camera; export several cameras into a folder');
  const written: string[] = [];
  let createdDir: string | null = null;
  try {
    if (o.target.kind === 'folder') {
      mkdirSync(o.target.dir, { mode: 0o700 });
      createdDir = o.target.dir;
    }
    const cameras: ManifestCamera[] = [];
    const skipped: string[] = [];
    const names = new Set<string>();
    // Progress counts the whole set: the cameras already exported, then the one being written.
    const before = { frames: 0, bytes: 0 };
    for (const [index, camera] of o.cameras.entries()) {
      const path = o.target.kind === 'clip' ? o.target.path : join(o.target.dir, uniqueName(names, camera, o.fromMs, o.format));
      let clip: ExportedClip;
      try {
        clip = await exportClip({
          catalog: o.catalog, cameraId: camera.cameraId, title: camera.name, fromMs: o.fromMs, toMs: o.toMs, format: o.format, writers: o.writers,
          open: () => {
            const file = new NodeClipFile(path);
            written.push(path);
            return file;
          },
          caption: captionOf,
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (p) => o.onProgress?.({ fraction: (index + p.fraction) / o.cameras.length, frames: before.frames + p.frames, bytes: before.bytes + p.bytes, cameraId: camera.cameraId }),
        });
      } catch (error) {
        if (error instanceof NothingRecordedError && o.cameras.length > 1) {
          skipped.push(camera.cameraId);
          cameras.push({ ...camera, files: [] });
          continue;
        }
        throw error;
      }
      before.frames += clip.frames;
      before.bytes += clip.bytes;
      cameras.push({
        ...camera,
        files: [{
          name: relative(o.target.kind === 'clip' ? join(path, '..') : o.target.dir, path), format: clip.format, bytes: clip.bytes, sha256: clip.sha256,
          frames: clip.frames, width: clip.width, height: clip.height, firstFrameUtc: iso(clip.firstFrameMs), lastFrameUtc: iso(clip.lastFrameMs),
          gaps: gapsOf(clip.gaps), timing: clip.timing, sourceSegments: clip.sources.map((s) => relative(o.recordingsRoot, s)),
        }],
      });
    }
    if (skipped.length === o.cameras.length) throw new NothingRecordedError(`none of the cameras recorded anything from ${iso(o.fromMs)} to ${iso(o.toMs)}`);
    if (o.signal?.aborted) throw new ExportCancelledError('the export was cancelled');
    const manifestPath = o.target.kind === 'clip' ? manifestPathFor(o.target.path, 'clip') : manifestPathFor(o.target.dir, 'folder');
    const manifest = writeManifest(manifestPath, {
      camwallVersion: o.camwallVersion,
      exportedAtUtc: iso(o.now()),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      range: { fromUtc: iso(o.fromMs), toUtc: iso(o.toMs), fromLocal: captionOf(o.fromMs), toLocal: captionOf(o.toMs) },
      cameras,
    }, o.key);
    return { manifestPath, manifest, files: [...written], skipped };
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    if (createdDir) rmSync(createdDir, { recursive: true, force: true });
    throw error;
  }
}

/** The capture time as players show it: local time with its UTC offset, to the millisecond. */
export function captionOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function uniqueName(taken: Set<string>, camera: ExportCamera, fromMs: number, format: ClipFormat): string {
  const base = `${safeName(camera.name)}-${iso(fromMs).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  let name = `${base}${FORMAT_EXTENSIONS[format]}`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}${FORMAT_EXTENSIONS[format]}`;
  taken.add(name);
  return name;
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'camera';
}
