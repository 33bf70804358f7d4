// Runs `camwall <args>` from source as a child process (Node 22 under npm runs .ts directly) and
// collects its output. Asynchronous, so a test server in the test's own process keeps serving.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = fileURLToPath(new URL('../../main/cli/bin.ts', import.meta.url));
/** A child that has not exited by then is killed and the test fails with its output so far. */
export const CLI_DEADLINE_MS = 60_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: Record<string, string>; deadlineMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`camwall ${args[0]} did not exit within ${options.deadlineMs ?? CLI_DEADLINE_MS} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.deadlineMs ?? CLI_DEADLINE_MS);
    child.on('error', (error) => { clearTimeout(deadline); reject(error); });
    child.on('close', (code, signal) => { clearTimeout(deadline); resolve({ code, signal, stdout, stderr }); });
  });
}

/** The JSON object `--json` prints as the last line of stdout. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
}
