// Headless Chromium for the wall benchmark, driven over the DevTools protocol directly instead of
// through Playwright. Why: Playwright enables the Network domain on every page it controls, and
// Chromium then copies every WebSocket message, base64-encoded, to the client as an event. For
// the wall that is every frame: at 16 x 1280x720@15 it cost about 25% of a core in the browser
// process and 20% in the benchmark's own process, on a two-core machine, which no user pays and
// the ceiling page (no WebSocket) did not pay either. This driver enables nothing; it only
// evaluates scripts in the page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CHROMIUM_PATH } from '../e2e/support/browser.ts';

const START_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class BenchBrowser {
  readonly process: ChildProcess;
  readonly #socket: WebSocket;
  readonly #profileDir: string;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  private constructor(child: ChildProcess, socket: WebSocket, profileDir: string) {
    this.process = child;
    this.#socket = socket;
    this.#profileDir = profileDir;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) pending?.reject(new Error(`DevTools: ${message.error.message}`));
      else pending?.resolve(message.result);
    });
  }

  static async launch(): Promise<BenchBrowser> {
    const profileDir = mkdtempSync(join(tmpdir(), 'camwall-bench-chromium-'));
    const child = spawn(
      CHROMIUM_PATH,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      child.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`Chromium exited with code ${code}:\n${output}`)));
    });
    const socket = new WebSocket(endpoint);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error('cannot connect to Chromium over DevTools')), { once: true });
    });
    return new BenchBrowser(child, socket, profileDir);
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /** A new tab of `viewport`, with `initScript` (source text) run before any page script. */
  async newPage(viewport: { width: number; height: number }, initScript?: string): Promise<BenchPage> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new BenchPage(this, targetId, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false }, sessionId);
    // The Page domain's events are a few per navigation; scripts for new documents need it.
    await this.send('Page.enable', {}, sessionId);
    if (initScript) await this.send('Page.addScriptToEvaluateOnNewDocument', { source: initScript }, sessionId);
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.send('Browser.close').catch(() => this.process.kill('SIGKILL'));
    await exited;
    this.#socket.close();
    rmSync(this.#profileDir, { recursive: true, force: true });
  }
}

export class BenchPage {
  readonly #browser: BenchBrowser;
  readonly #targetId: string;
  readonly #sessionId: string;

  constructor(browser: BenchBrowser, targetId: string, sessionId: string) {
    this.#browser = browser;
    this.#targetId = targetId;
    this.#sessionId = sessionId;
  }

  /**
   * Lets the page reach servers other than its own (the benchmark's ceiling server) despite the
   * browser shell's Content-Security-Policy; for the next navigations.
   */
  async bypassCsp(): Promise<void> {
    await this.#browser.send('Page.setBypassCSP', { enabled: true }, this.#sessionId);
  }

  /** Navigates and waits until the document has loaded. */
  async goto(url: string): Promise<void> {
    await this.#browser.send('Page.navigate', { url }, this.#sessionId);
    await this.waitFor(`location.href !== 'about:blank' && document.readyState === 'complete'`);
  }

  /** Runs `fn(arg)` in the page (its source text, so it must not close over anything) and returns its JSON result. */
  async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    const expression = `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;
    const answer = (await this.#browser.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, this.#sessionId)) as {
      result: { value?: R };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (answer.exceptionDetails) throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
    return answer.result.value as R;
  }

  /** Polls `expression` until it is truthy. */
  async waitFor(expression: string, timeoutMs = START_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = (await this.#browser.send('Runtime.evaluate', { expression, returnByValue: true }, this.#sessionId).catch(() => null)) as { result?: { value?: unknown } } | null;
      if (answer?.result?.value) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async close(): Promise<void> {
    await this.#browser.send('Target.closeTarget', { targetId: this.#targetId });
  }
}

const bundles = new Map<string, Promise<string>>();

/** A benchmark page's script with the renderer modules it imports, bundled once per run. */
export function bundlePageScript(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2023', logLevel: 'warning' }).then(
      (result) => result.outputFiles[0]!.text,
    );
    bundles.set(entry, bundle);
  }
  return bundle;
}
