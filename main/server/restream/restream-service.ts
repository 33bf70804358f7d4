// Keeps the re-stream listener in step with settings.restream and the re-stream password: starts
// it when enabled (and a password is set), restarts it when either changes, stops it when turned
// off, and reports its state to the core (core.restream) for the settings page. A failure to
// listen (port in use) is reported there and logged once, never retried in a loop.
import { isDeepStrictEqual } from 'node:util';
import type { RestreamSettings } from '../../../shared/settings.ts';
import { systemClock, type Clock } from '../../base/clock.ts';
import type { CamwallCore } from '../../service/core.ts';
import { startRestreamServer, type RestreamServer } from './restream-server.ts';

export type RestreamServiceOptions = {
  core: CamwallCore;
  clock?: Clock;
  log?: (line: string) => void;
  maxReaders?: number;
};

export interface RestreamService {
  /** The running listener, or null. */
  readonly server: RestreamServer | null;
  /** Resolves once the listener matches the current settings and password. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function startRestreamService(options: RestreamServiceOptions): RestreamService {
  const { core } = options;
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  let server: RestreamServer | null = null;
  let applied: { settings: RestreamSettings; generation: number } | null = null;
  let passwordGeneration = 0;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  // Answers once every change scheduled so far is applied (schedule is defined below; called later).
  core.restream.markAvailable(() => schedule());

  const report = (error: string | null): void =>
    core.restream.report({ listening: server !== null, port: server?.port ?? null, readers: server?.readers.size ?? 0, error });

  const apply = async (): Promise<void> => {
    const settings = core.registry.settings.get('restream');
    const wanted = closed ? null : settings;
    if (applied !== null && wanted !== null && isDeepStrictEqual(applied.settings, wanted) && applied.generation === passwordGeneration) return;
    if (server !== null) {
      await server.close();
      server = null;
      log('re-stream stopped');
    }
    applied = wanted === null ? null : { settings: wanted, generation: passwordGeneration };
    if (wanted === null || !wanted.enabled) return report(null);
    let password: string | null;
    try {
      password = await core.restream.password();
    } catch (error) {
      const message = `the re-stream password cannot be read (${error instanceof Error ? error.message : String(error)}); set it again in Settings`;
      log(`re-stream not started: ${message}`);
      return report(message);
    }
    if (password === null) {
      const message = 'no password is set for the re-stream user: set one in Settings → Re-stream';
      log(`re-stream not started: ${message}`);
      return report(message);
    }
    try {
      server = await startRestreamServer({
        core, settings: wanted, password, clock, log,
        ...(options.maxReaders !== undefined ? { maxReaders: options.maxReaders } : {}),
        onReadersChange: () => report(null),
      });
      report(null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'EADDRINUSE'
        ? `port ${wanted.port} on ${wanted.host} is in use by another program: choose another port in Settings → Re-stream`
        : code === 'EADDRNOTAVAIL'
          ? `${wanted.host} is not an address of this computer: choose 127.0.0.1, 0.0.0.0 or one of its addresses`
          : `could not listen on ${wanted.host}:${wanted.port}: ${error instanceof Error ? error.message : String(error)}`;
      log(`re-stream not started: ${message}`);
      report(message);
    }
  };
  const schedule = (): Promise<void> => (chain = chain.then(apply, apply));

  const stopSettings = core.events.on('settings.changed', () => void schedule());
  const stopPassword = core.restream.onPasswordChange(() => {
    passwordGeneration += 1;
    void schedule();
  });
  void schedule();

  return {
    get server() {
      return server;
    },
    settled: () => schedule(),
    async close() {
      closed = true;
      stopSettings();
      stopPassword();
      await schedule();
    },
  };
}
