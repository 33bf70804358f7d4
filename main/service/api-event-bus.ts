// The core's outbox for ApiEvents: handlers and the registry/stream wiring emit, each shell
// forwards to its windows or clients. A listener that throws is reported, never propagated:
// one broken client must not stop the others from hearing about a camera going offline.
import type { ApiEvents, EventName } from '../../shared/api/events.ts';

type Listener<E extends EventName> = (payload: ApiEvents[E]) => void;

export class ApiEventBus {
  #listeners = new Map<EventName, Set<Listener<EventName>>>();
  #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
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
        this.#onListenerError(error);
      }
    }
  }
}
