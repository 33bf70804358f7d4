// Runs the Electronegativity gate (build/electronegativity.mjs) so `npm test` enforces it: the
// shell must have no finding left unexplained. The second case proves the gate can fail.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const gate = join(root, 'build', 'electronegativity.mjs');
const work = mkdtempSync(join(tmpdir(), 'camwall-eneg-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

function runGate(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [gate, ...args], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// Both cases run at once: each spends most of its time waiting for the offline release lookup.
describe('the Electronegativity gate', { timeout: 240_000, concurrency: 2 }, () => {
  it('passes on the Electron shell, every finding explained', async () => {
    const { code, output } = await runGate([]);
    assert.equal(code, 0, output);
    assert.match(output, /all explained/);
  });

  it('fails on an insecure window and names the rules', async () => {
    const insecure = join(work, 'insecure');
    mkdirSync(insecure);
    writeFileSync(
      join(insecure, 'window.ts'),
      "import { BrowserWindow, shell } from 'electron';\n" +
        "const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });\n" +
        "void w.loadURL('http://example.com/');\n" +
        'shell.openExternal(String(process.argv[2]));\n',
    );
    const explained = join(work, 'explained.json');
    writeFileSync(explained, JSON.stringify({ explained: [] }));
    const { code, output } = await runGate(['--input', insecure, '--explained', explained]);
    assert.equal(code, 1, output);
    for (const rule of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK']) assert.match(output, new RegExp(rule));
  });
});
