// Events from the core to the app's windows: every ApiEvents event goes to every window on the
// one event channel; the preload hands each to the page's `camwall.on(name, handler)`.
import { EVENT_NAMES, type ApiEvents, type EventName } from '../../shared/api/events.ts';
import type { ApiEventBus } from '../../shared/api/event-bus.ts';
import { EVENT_CHANNEL } from './channels.ts';
import type { WebContentsLike } from './electron-like.ts';

export function sendEvent<E extends EventName>(contents: WebContentsLike, name: E, payload: ApiEvents[E]): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
}

/** Forwards every event of the bus to the web contents `targets()` lists at that moment. */
export function forwardEvents(bus: ApiEventBus, targets: () => Iterable<WebContentsLike>): () => void {
  const offs = EVENT_NAMES.map((name) =>
    bus.on(name, (payload) => {
      for (const contents of targets()) sendEvent(contents, name, payload);
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}
