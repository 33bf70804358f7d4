// The Electronegativity gate: runs @doyensec/electronegativity on the Electron shell and fails
// (exit 1) on any finding not listed, with a reason, in build/electronegativity-explained.json.
// Electronegativity itself exits 0 even with findings, so the gate reads its SARIF output
// (runs[0].results). Offline it warns that it cannot fetch Electron's release list and goes on.
//
// Usage: node build/electronegativity.mjs [--input DIR] [--explained FILE] [--sarif COPY]
//
// Two workarounds, both local to this script:
// - Its TypeScript parser (@typescript-eslint/typescript-estree, hoisted to the top of
//   node_modules) would load the project's TypeScript 7, which has no JS API, and crash. A module
//   hook points that one import at the TypeScript 4 that Electronegativity ships with.
// - A file it cannot parse is only printed, then silently skipped: the gate fails on that too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUN_TIMEOUT_MS = 180_000;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const input = resolve(root, option('input', 'main/electron'));
const explainedFile = resolve(root, option('explained', 'build/electronegativity-explained.json'));
const sarifCopy = option('sarif', null);

const packageDir = join(root, 'node_modules', '@doyensec', 'electronegativity');
const cli = join(packageDir, 'dist', 'index.js');
if (!existsSync(cli)) {
  console.error('electronegativity: not installed; run `npm ci` (it is a devDependency)');
  process.exit(1);
}
const ownTypeScript = createRequire(join(packageDir, 'package.json')).resolve('typescript');
const hook = `
import { registerHooks } from 'node:module';
const url = ${JSON.stringify(pathToFileURL(ownTypeScript).href)};
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'typescript' && (context.parentURL ?? '').includes('/@typescript-eslint/')) return { url, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
});`;

const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies?.electron ?? '45.0.0';
const work = mkdtempSync(join(tmpdir(), 'camwall-electronegativity-'));
const sarifFile = join(work, 'electronegativity.sarif');
let exitCode = 1;
try {
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, cli, '-i', input, '-o', sarifFile, '-e', electronVersion], {
    cwd: root,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  exitCode = check(run, output);
  if (sarifCopy && existsSync(sarifFile)) copyFileSync(sarifFile, resolve(sarifCopy));
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

function check(run, output) {
  if (run.error || run.status !== 0 || !existsSync(sarifFile)) {
    console.error(`electronegativity: the scan did not complete (${run.error?.message ?? `exit ${run.status}`}):\n${output.trim()}`);
    return 1;
  }
  const unparsed = output.split('\n').filter((line) => /error parsing/i.test(line));
  if (unparsed.length > 0) {
    console.error(`electronegativity: files it could not parse went unchecked:\n${unparsed.map((l) => `  ${l.trim()}`).join('\n')}`);
    return 1;
  }
  const results = JSON.parse(readFileSync(sarifFile, 'utf8')).runs?.[0]?.results;
  if (!Array.isArray(results)) {
    console.error('electronegativity: its SARIF output has no runs[0].results');
    return 1;
  }
  const explained = readExplained();
  const used = new Set();
  const unexplained = [];
  for (const result of results) {
    const file = fileOf(result);
    const line = result.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
    const match = explained.findIndex((entry) => entry.rule === result.ruleId && entry.file === file);
    if (match >= 0) used.add(match);
    else unexplained.push(`  ${result.ruleId} ${file === '' ? '(whole project)' : `${file}:${line}`}: ${result.message?.text ?? ''}`);
  }
  explained.forEach((entry, index) => {
    if (!used.has(index)) console.log(`electronegativity: note: the explanation for ${entry.rule} in '${entry.file}' matches no finding any more; remove it`);
  });
  if (unexplained.length > 0) {
    console.error(
      `electronegativity: ${unexplained.length} finding(s) without an explanation:\n${unexplained.join('\n')}\n` +
        `Fix them, or add { rule, file, why } to ${relative(root, explainedFile)} if they are acceptable.`,
    );
    return 1;
  }
  console.log(`electronegativity: ${results.length} finding(s) in ${relative(root, input) || '.'}, all explained in ${relative(root, explainedFile)}`);
  return 0;
}

function readExplained() {
  if (!existsSync(explainedFile)) return [];
  const entries = JSON.parse(readFileSync(explainedFile, 'utf8')).explained;
  if (!Array.isArray(entries) || entries.some((e) => typeof e?.rule !== 'string' || typeof e?.file !== 'string' || typeof e?.why !== 'string' || e.why.trim() === '')) {
    throw new Error(`${explainedFile}: expected { "explained": [{ "rule", "file", "why" }] } with a reason for every entry`);
  }
  return entries;
}

/** The finding's file relative to the project root, '' for a project-wide finding. */
function fileOf(result) {
  const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  if (uri === '' || uri === 'file:///') return '';
  const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const absolute = isAbsolute(path) ? path : resolve(input, path);
  return relative(root, absolute).split(sep).join('/');
}
