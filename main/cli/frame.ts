// `camwall frame <recordings-dir> --camera C --at TIME --out FILE.jpg [--json]`: writes the JPEG a
// camera recorded at an instant, byte for byte as the camera sent it, and prints its capture
// time. Reads the folder itself (each segment's header says when it starts), so it works on any
// recordings folder, with or without its index. For scripts and computer vision.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { FolderCatalog } from '../playback/catalogs.ts';
import { FrameCursor } from '../playback/frame-cursor.ts';
import { FRAME_HOLD_MS, frameAt } from '../playback/frame-at.ts';
import { formatUsage, readCommandLine, UsageError, type ParsedArgs } from './args.ts';
import { EXIT_OK, EXIT_PROTOCOL } from './exit-codes.ts';
import { parseInstant } from './instant.ts';

const FLAGS = {
  camera: { type: 'string', valueName: 'ID', description: "the camera's id, or its folder's name under the recordings folder" },
  at: { type: 'string', valueName: 'TIME', description: 'ISO 8601, e.g. 2026-11-21T14:32:05.250+01:00 or ...Z; without an offset, local time' },
  out: { type: 'string', valueName: 'FILE', description: 'where to write the JPEG (overwritten)' },
  json: { type: 'boolean', description: 'print one JSON object instead of text' },
} as const;
const POSITIONALS = { names: ['recordings-dir'], min: 1, max: 1 };
/** Exit code when nothing was recorded at that instant. */
export const EXIT_NOTHING_RECORDED = EXIT_PROTOCOL;

const usageText = (): string =>
  `${formatUsage('frame', FLAGS, POSITIONALS)}\n\nWrites the frame recorded at or just before TIME (at most ${FRAME_HOLD_MS / 1000} s before it). Exit codes: 0 written, 2 usage, ${EXIT_NOTHING_RECORDED} nothing recorded then (the nearest recorded times before and after are printed).`;

type Config = { dir: string; camera: string; atMs: number; out: string; json: boolean };

export async function run(argv: string[]): Promise<number> {
  const line = readCommandLine('frame', argv, FLAGS, POSITIONALS, usageText, (parsed) => readConfig(parsed.flags, parsed.positionals[0] ?? ''));
  if (!line.ok) return line.exitCode;
  const config = line.config;
  const catalog = new FolderCatalog(config.dir);
  const cursor = new FrameCursor(catalog, config.camera, (skipped) => console.error(`camwall frame: skipped ${skipped.path}: ${skipped.reason}`));
  try {
    const result = await frameAt(cursor, config.atMs);
    if (!result.found) {
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      if (config.json) {
        console.log(JSON.stringify({ ok: false, camera: config.camera, atMs: config.atMs, nearestBefore: iso(result.before), nearestAfter: iso(result.after) }));
      } else {
        const none = catalog.segments(config.camera).length === 0 ? ` (no recordings of ${config.camera} under ${config.dir})` : '';
        console.error(`camwall frame: nothing recorded at ${new Date(config.atMs).toISOString()}${none}; nearest recorded before: ${iso(result.before) ?? 'none'}, after: ${iso(result.after) ?? 'none'}`);
      }
      return EXIT_NOTHING_RECORDED;
    }
    const { frame } = result;
    writeFileSync(config.out, frame.jpeg);
    const report = {
      ok: true, camera: config.camera, capturedAt: new Date(frame.atMs).toISOString(), capturedAtMs: frame.atMs,
      bytes: frame.jpeg.length, width: frame.width, height: frame.height, segment: frame.path, out: config.out,
    };
    if (config.json) console.log(JSON.stringify(report));
    else console.log(`${config.out}: ${report.bytes} bytes, ${report.width}x${report.height}, captured ${report.capturedAt} (${report.capturedAtMs})`);
    return EXIT_OK;
  } finally {
    await cursor.close();
  }
}

function readConfig(flags: ParsedArgs<typeof FLAGS>['flags'], dir: string): Config {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder; give the recordings folder`);
  if (flags.camera === undefined || flags.camera === '') throw new UsageError('--camera ID is required');
  const atMs = parseInstant('at', flags.at);
  if (flags.out === undefined) throw new UsageError('--out FILE is required');
  return { dir, camera: flags.camera, atMs, out: flags.out, json: flags.json };
}
