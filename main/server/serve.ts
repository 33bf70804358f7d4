// `camwall serve` without the command line: the core, the demo simulator when wanted, the token
// and the browser server, started in this order and closed in the reverse one. The CLI and the
// tests both start the browser shell through here.
import { existsSync, mkdirSync } from 'node:fs';
import { dataFiles } from '../app/data-dir.ts';
import { openCore, type CamwallCore, type CoreOptions } from '../service/core.ts';
import { demoCamerasIn, startDemo, type Demo } from '../service/demo.ts';
import { startBrowserServer, type BrowserServer } from './browser-server.ts';
import { loadOrCreateToken } from './token.ts';
import { startRestreamService, type RestreamService } from './restream/restream-service.ts';

export type ServeOptions = {
  dataDir: string;
  staticDir: string;
  version: string;
  host?: string;
  port?: number;
  /** Start the demo even when the registry already has cameras. */
  demo?: boolean;
  /** Start the demo on a first start with an empty registry (default true; tests turn it off). */
  demoOnFirstStart?: boolean;
  log?: (line: string) => void;
  streams?: CoreOptions['streams'];
  testCamera?: CoreOptions['testCamera'];
  discoverCameras?: CoreOptions['discoverCameras'];
  /** `--mqtt`: a broker for this run. */
  mqtt?: CoreOptions['mqtt'];
  /** Browser connections at once (default MAX_CLIENT_SESSIONS). */
  maxSessions?: number;
  /** Re-stream readers at once (default MAX_RESTREAM_READERS). */
  maxRestreamReaders?: number;
};

export type Serving = { core: CamwallCore; server: BrowserServer; restream: RestreamService; demo: Demo | null; url: string; close(): Promise<void> };

export async function serve(options: ServeOptions): Promise<Serving> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const files = dataFiles(options.dataDir);
  const firstStart = !existsSync(files.database);
  const token = loadOrCreateToken(files.serveToken);
  const core = await openCore({
    dataDir: options.dataDir,
    shell: 'browser',
    version: options.version,
    ...(options.log ? { log: options.log } : {}),
    ...(options.streams ? { streams: options.streams } : {}),
    ...(options.testCamera ? { testCamera: options.testCamera } : {}),
    ...(options.discoverCameras ? { discoverCameras: options.discoverCameras } : {}),
    ...(options.mqtt ? { mqtt: options.mqtt } : {}),
  });
  let demo: Demo | null = null;
  try {
    const wantDemo =
      options.demo === true ||
      (options.demoOnFirstStart !== false && firstStart && core.registry.cameras.list().length === 0) ||
      demoCamerasIn(core.registry, files.demoState).length > 0;
    if (wantDemo) {
      demo = await startDemo(core.registry, files.demoState);
      core.demo = true;
      await core.synced();
    }
    const server = await startBrowserServer({
      core,
      token,
      staticDir: options.staticDir,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.maxSessions !== undefined ? { maxSessions: options.maxSessions } : {}),
    });
    // The MJPEG re-stream for other tools: listens only once the user turned it on (settings.restream).
    const restream = startRestreamService({
      core,
      ...(options.log ? { log: options.log } : {}),
      ...(options.maxRestreamReaders !== undefined ? { maxReaders: options.maxRestreamReaders } : {}),
    });
    await restream.settled();
    return {
      core,
      server,
      restream,
      demo,
      url: server.url,
      async close() {
        await restream.close();
        await server.close();
        await core.close();
        await demo?.close();
      },
    };
  } catch (error) {
    await core.close();
    await demo?.close();
    throw error;
  }
}
