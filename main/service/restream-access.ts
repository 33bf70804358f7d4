// The core's side of the MJPEG re-stream (docs/restream.md): the password of its user, kept by
// the secret store under RESTREAM_PASSWORD_SECRET, and the state the shell that serves it reports.
// The listener itself belongs to `camwall serve` (main/server/restream/); the API reads and
// changes the re-stream through here, so it never needs to know which shell runs.
import type { RestreamStatus } from '../../shared/api/calls.ts';
import type { Registry } from '../registry/registry.ts';

export const RESTREAM_PASSWORD_SECRET = 'restream.password';

/** What the shell that listens reports; the rest of RestreamStatus comes from the settings. */
export type RestreamListenerState = { listening: boolean; port: number | null; readers: number; error: string | null };

export class RestreamAccess {
  readonly #registry: Registry;
  #available = false;
  /** Resolves once the listener matches the current settings and password (the serving shell's). */
  #settled: () => Promise<void> = () => Promise.resolve();
  #state: RestreamListenerState = { listening: false, port: null, readers: 0, error: null };
  #onPasswordChange = new Set<() => void>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  status(): RestreamStatus {
    const settings = this.#registry.settings.get('restream');
    return {
      available: this.#available,
      enabled: settings.enabled,
      host: settings.host,
      user: settings.user,
      auth: settings.auth,
      hasPassword: this.#registry.namedSecrets.has(RESTREAM_PASSWORD_SECRET),
      ...this.#state,
    };
  }

  /**
   * The status once the listener has applied the settings and password saved so far: what the
   * API answers, so a page that asks right after saving sees the listener it asked for, not the
   * one being replaced.
   */
  async settledStatus(): Promise<RestreamStatus> {
    await this.#settled();
    return this.status();
  }

  /** The plain password, for the listener's Digest check only; null when none is set. */
  password(): Promise<string | null> {
    return this.#registry.namedSecrets.get(RESTREAM_PASSWORD_SECRET);
  }

  async setPassword(password: string | null): Promise<RestreamStatus> {
    await this.#registry.namedSecrets.set(RESTREAM_PASSWORD_SECRET, password);
    for (const listener of [...this.#onPasswordChange]) listener();
    return this.settledStatus();
  }

  /** The shell that serves the re-stream calls this once, then reports its state; `settled` as in settledStatus. */
  markAvailable(settled?: () => Promise<void>): void {
    this.#available = true;
    if (settled) this.#settled = settled;
  }

  report(state: RestreamListenerState): void {
    this.#state = state;
  }

  onPasswordChange(listener: () => void): () => void {
    this.#onPasswordChange.add(listener);
    return () => this.#onPasswordChange.delete(listener);
  }
}
