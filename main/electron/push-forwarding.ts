// Events from the core to the app's windows: every ApiPushes event goes to every window on the
// one event channel; the preload hands each to the page's `camwall.on(name, handler)`.
import { PUSH_NAMES, type ApiPushes, type PushName } from '../../shared/api/pushes.ts';
import type { PushBus } from '../../shared/api/push-bus.ts';
import { EVENT_CHANNEL } from './channels.ts';
import type { WebContentsLike } from './electron-like.ts';

export function sendPush<E extends PushName>(contents: WebContentsLike, name: E, payload: ApiPushes[E]): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
}

/** Forwards every event of the bus to the web contents `targets()` lists at that moment. */
export function forwardPushes(bus: PushBus, targets: () => Iterable<WebContentsLike>): () => void {
  const offs = PUSH_NAMES.map((name) =>
    bus.on(name, (payload) => {
      for (const contents of targets()) sendPush(contents, name, payload);
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}
