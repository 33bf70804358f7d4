// `camwall repair <dir>`: repairs a recordings folder after a crash, a kill or a power cut.
// With DIR/index.sqlite the index and the files are reconciled (rows without files dropped,
// files without rows adopted); without it every segment file is repaired on its own.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../registry/database.ts';
import { nodeRecordingFs } from '../base/recording-fs.ts';
import { recoverAll, repairFolder, type RecoveryReport } from '../recording/recovery.ts';
import { SegmentIndex } from '../recording/segment-index.ts';
import { systemClock } from '../base/clock.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

const FLAGS = {} as const;
const POSITIONALS = { names: ['dir'], min: 1, max: 1 };
const usageText = (): string =>
  `${formatUsage('repair', FLAGS, POSITIONALS)}\n\nRepairs every segment under DIR (<camera>/<YYYY-MM-DD>/<HHMMSS>.mkv) and, when DIR/index.sqlite exists, brings the index in line. Running it again changes nothing.`;

export async function run(argv: string[]): Promise<number> {
  let dir: string;
  try {
    const parsed = parseArgs(argv, FLAGS, POSITIONALS);
    if (parsed.help) {
      console.log(usageText());
      return EXIT_OK;
    }
    dir = parsed.positionals[0] ?? '';
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder; give the recordings folder`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall repair: ${error.message}\n\n${usageText()}`);
    return EXIT_USAGE;
  }
  const indexFile = join(dir, 'index.sqlite');
  let report: RecoveryReport;
  if (existsSync(indexFile)) {
    const db = openDatabase(indexFile);
    try {
      report = recoverAll(dir, new SegmentIndex(db), nodeRecordingFs, systemClock.now());
    } finally {
      db.close();
    }
  } else {
    report = repairFolder(dir, nodeRecordingFs);
  }
  for (const r of report.repaired) console.log(`repaired ${r.path}: ${r.frames} frames kept, ${r.cutBytes} bytes cut after the last whole frame`);
  for (const r of report.adopted) console.log(`adopted ${r.path}: ${r.frames} frames (it had no index row)`);
  for (const r of report.deleted) console.log(`deleted ${r.path}: ${r.reason}`);
  for (const path of report.droppedRows) console.log(`dropped index row ${path}: its file is gone`);
  const changes = report.repaired.length + report.adopted.length + report.deleted.length + report.droppedRows.length;
  console.log(changes === 0 ? `nothing to repair in ${dir}` : `${changes} change(s) in ${dir}`);
  return EXIT_OK;
}
