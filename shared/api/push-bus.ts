// ApiPushes by name to their listeners. In the core it is the outbox: handlers and the
// registry/stream wiring emit, each shell forwards to its windows or clients. In both API clients
// (the preload, the WebSocket client) it hands events on to the page's handlers. A listener that
// throws is reported, never propagated: one broken client must not stop the others from hearing
// about a camera going offline.
import type { ApiPushes, PushName } from './pushes.ts';

type Listener<E extends PushName> = (payload: ApiPushes[E]) => void;

export class PushBus {
  #listeners = new Map<PushName, Set<Listener<PushName>>>();
  #onListenerError: (error: unknown, name: PushName) => void;

  constructor(onListenerError: (error: unknown, name: PushName) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on<E extends PushName>(name: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<PushName>);
    return () => set.delete(listener as Listener<PushName>);
  }

  emit<E extends PushName>(name: E, payload: ApiPushes[E]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    }
  }
}
