import type { Camera } from '../../shared/camera.ts';
import type { Layout } from '../../shared/layout.ts';
import type { SettingsKey } from '../../shared/settings.ts';

/** What the service layer hears after a registry change is committed. */
export type RegistryChange =
  | { entity: 'camera'; type: 'added'; camera: Camera }
  | { entity: 'camera'; type: 'updated'; camera: Camera; previous: Camera; passwordChanged: boolean }
  | { entity: 'camera'; type: 'removed'; camera: Camera }
  | { entity: 'camera'; type: 'reordered'; ids: readonly string[] }
  | { entity: 'layout'; type: 'added' | 'updated' | 'removed' | 'activated'; layout: Layout }
  | { entity: 'settings'; type: 'updated'; keys: readonly SettingsKey[] };

export type ChangeListener = (change: RegistryChange) => void;

/**
 * An in-process listener set. Changes made inside `batch()` (a transaction) are held and
 * delivered only after it returns, so listeners never see a change that was rolled back.
 */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  #pending: RegistryChange[] = [];
  #depth = 0;
  readonly #reportListenerError: (error: unknown) => void;

  constructor(reportListenerError: (error: unknown) => void = (error) => console.error('A registry change listener failed:', error)) {
    this.#reportListenerError = reportListenerError;
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: RegistryChange): void {
    if (this.#depth > 0) this.#pending.push(change);
    else this.#deliver([change]);
  }

  batch<T>(work: () => T): T {
    this.#depth += 1;
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.#depth -= 1;
      if (this.#depth === 0) this.#pending = [];
      throw error;
    }
    this.#depth -= 1;
    if (this.#depth === 0) {
      const changes = this.#pending;
      this.#pending = [];
      this.#deliver(changes);
    }
    return result;
  }

  #deliver(changes: readonly RegistryChange[]): void {
    for (const change of changes) {
      for (const listener of [...this.#listeners]) {
        try {
          listener(change);
        } catch (error) {
          this.#reportListenerError(error);
        }
      }
    }
  }
}
