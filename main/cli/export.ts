// `camwall export <recordings-dir> --camera C --from T --to T [--format avi|mov|mkv] --out FILE`:
// the camera's recordings over a range as one clip that plays everywhere, the JPEGs exactly as
// recorded, with FILE.manifest.json and its signature beside it (verify with `camwall verify`).
// The signing key is this installation's (in --data, the default data folder otherwise).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultDataDir } from '../app/data-dir.ts';
import { packageVersion } from '../app/package-info.ts';
import { clipWriters } from '../export/formats.ts';
import { NothingRecordedError } from '../export/exporter.ts';
import { runExport } from '../export/export-set.ts';
import { loadOrCreateSigningKey } from '../export/signing-key.ts';
import type { ClipFormat } from '../export/clip-writer.ts';
import { FolderCatalog } from '../playback/catalogs.ts';
import { KeyFileSecretStore } from '../registry/key-file-secret-store.ts';
import { formatUsage, readCommandLine, UsageError, type ParsedArgs } from './args.ts';
import { EXIT_OK, EXIT_PROTOCOL } from './exit-codes.ts';
import { parseInstant } from './instant.ts';

const FORMATS: readonly ClipFormat[] = ['avi', 'mov', 'mkv'];
const FLAGS = {
  camera: { type: 'string', valueName: 'ID', description: "the camera's id, or its folder's name under the recordings folder" },
  from: { type: 'string', valueName: 'TIME', description: 'start, ISO 8601 (e.g. 2026-11-21T14:30:00+01:00); without an offset, local time' },
  to: { type: 'string', valueName: 'TIME', description: 'end (exclusive), ISO 8601' },
  format: { type: 'string', valueName: 'FORMAT', description: 'avi (default: plays in Windows and VLC), mov (QuickTime, exact timing) or mkv (exact timing)' },
  out: { type: 'string', valueName: 'FILE', description: 'the clip to write (must not exist); FILE.manifest.json and FILE.manifest.sig go beside it' },
  data: { type: 'string', valueName: 'DIR', description: "Camwall's data folder, whose export signing key signs the manifest (default: the app's)" },
  json: { type: 'boolean', description: 'print one JSON object instead of text' },
} as const;
const POSITIONALS = { names: ['recordings-dir'], min: 1, max: 1 };
export const EXIT_NOTHING_RECORDED = EXIT_PROTOCOL;

const usageText = (): string =>
  `${formatUsage('export', FLAGS, POSITIONALS)}\n\nExit codes: 0 exported, 2 usage, ${EXIT_NOTHING_RECORDED} nothing recorded in the range, 1 the export failed (the partial file is removed).`;

type Config = { dir: string; camera: string; fromMs: number; toMs: number; format: ClipFormat; out: string; data: string; json: boolean };

export async function run(argv: string[]): Promise<number> {
  const line = readCommandLine('export', argv, FLAGS, POSITIONALS, usageText, (parsed) => readConfig(parsed.flags, parsed.positionals[0] ?? ''));
  if (!line.ok) return line.exitCode;
  const config = line.config;
  try {
    const key = await loadOrCreateSigningKey(config.data, await KeyFileSecretStore.open(config.data));
    const result = await runExport({
      catalog: new FolderCatalog(config.dir), recordingsRoot: config.dir,
      cameras: [{ cameraId: config.camera, name: config.camera, model: null, serial: null }],
      fromMs: config.fromMs, toMs: config.toMs, format: config.format, target: { kind: 'clip', path: config.out },
      writers: clipWriters(), key, camwallVersion: packageVersion(), now: Date.now,
    });
    const file = result.manifest.cameras[0]!.files[0]!;
    const report = { ok: true, out: config.out, manifest: result.manifestPath, format: file.format, frames: file.frames, bytes: file.bytes, sha256: file.sha256,
      firstFrameUtc: file.firstFrameUtc, lastFrameUtc: file.lastFrameUtc, gaps: file.gaps.length, timing: file.timing, keyFingerprint: key.fingerprint };
    if (config.json) console.log(JSON.stringify(report));
    else {
      console.log(`${config.out}: ${file.frames} frames, ${file.bytes} bytes, ${file.firstFrameUtc} to ${file.lastFrameUtc}${file.gaps.length ? `, ${file.gaps.length} gap(s)` : ''}`);
      if (file.timing.note) console.log(`timing: ${file.timing.note}`);
      console.log(`manifest ${result.manifestPath}, signed by key ${key.fingerprint}`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof NothingRecordedError) {
      console.error(`camwall export: ${error.message}`);
      return EXIT_NOTHING_RECORDED;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : error instanceof Error ? error.message : String(error);
    console.error(`camwall export: the export failed: ${why}; nothing was left behind, and the recordings are untouched`);
    return 1;
  }
}

function readConfig(flags: ParsedArgs<typeof FLAGS>['flags'], dir: string): Config {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder; give the recordings folder`);
  if (!flags.camera) throw new UsageError('--camera ID is required');
  if (flags.out === undefined) throw new UsageError('--out FILE is required');
  if (existsSync(flags.out)) throw new UsageError(`${flags.out} exists already; choose a new file name`);
  if (!existsSync(dirname(resolve(flags.out)))) throw new UsageError(`the folder of ${flags.out} does not exist`);
  const format = (flags.format ?? 'avi') as ClipFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${flags.format}'`);
  const fromMs = parseInstant('from', flags.from);
  const toMs = parseInstant('to', flags.to);
  if (toMs <= fromMs) throw new UsageError('--to must be after --from');
  return { dir, camera: flags.camera, fromMs, toMs, format, out: flags.out, data: resolve(flags.data ?? defaultDataDir()), json: flags.json };
}
