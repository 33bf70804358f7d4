// ApiEvents by name to their listeners. In the core it is the outbox: handlers and the
// registry/stream wiring emit, each shell forwards to its windows or clients. In both API clients
// (the preload, the WebSocket client) it hands events on to the page's handlers. A listener that
// throws is reported, never propagated: one broken client must not stop the others from hearing
// about a camera going offline.
import type { ApiEvents, EventName } from './events.ts';

type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

export class ApiEventBus {
  #listeners = new Map<EventName, Set<Listener<EventName>>>();
  #onListenerError: (error: unknown, name: EventName) => void;

  constructor(onListenerError: (error: unknown, name: EventName) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(name: E, payload: ApiEvents[E]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    }
  }
}
