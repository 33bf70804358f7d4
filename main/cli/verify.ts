// `camwall verify <export>`: checks an export's manifest signature and every file's SHA-256, and
// says which file changed. Exit 0 intact, 1 changed (or unsigned), 2 usage.
import { existsSync } from 'node:fs';
import { ManifestError, verifyExport } from '../export/manifest.ts';
import { formatUsage, readCommandLine, UsageError } from './args.ts';
import { EXIT_OK } from './exit-codes.ts';

export const EXIT_NOT_INTACT = 1;
const FLAGS = { json: { type: 'boolean', description: 'print one JSON object instead of text' } } as const;
const POSITIONALS = { names: ['export'], min: 1, max: 1 };
const usageText = (): string =>
  `${formatUsage('verify', FLAGS, POSITIONALS)}\n\nEXPORT is an export folder, an exported clip, or a manifest. Exit codes: 0 intact and signed, 1 something changed or the signature does not hold, 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  const line = readCommandLine('verify', argv, FLAGS, POSITIONALS, usageText, (parsed) => {
    const path = parsed.positionals[0] ?? '';
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
    return { path, json: parsed.flags.json };
  });
  if (!line.ok) return line.exitCode;
  const { path, json } = line.config;
  try {
    const report = await verifyExport(path);
    if (json) console.log(JSON.stringify(report));
    else {
      for (const file of report.files) console.log(`${file.status.padEnd(8)} ${file.name}${file.detail ? ` (${file.detail})` : ''}`);
      console.log(`signature ${report.signature}${report.keyFingerprint ? `, key ${report.keyFingerprint}` : ''}`);
      for (const problem of report.problems) console.error(`camwall verify: ${problem}`);
      console.log(report.ok ? 'intact: every file matches the signed manifest' : 'NOT intact');
    }
    return report.ok ? EXIT_OK : EXIT_NOT_INTACT;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    if (json) console.log(JSON.stringify({ ok: false, problems: [error.message] }));
    else console.error(`camwall verify: ${error.message}`);
    return EXIT_NOT_INTACT;
  }
}
