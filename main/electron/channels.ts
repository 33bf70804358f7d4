// The three IPC channels between the preload and the main process. Private to the shell: the
// preload keeps them in its closure and the page never sees a channel name, only the verbs of
// the typed API (shared/api/verbs.ts). No imports, so the preload bundle stays small.

/** `ipcRenderer.invoke(CALL_CHANNEL, name, args)` → Result; every call of the contract. */
export const CALL_CHANNEL = 'camwall:call';
/** main → renderer: `(EVENT_CHANNEL, name, payload)` for every ApiPushes event. */
export const EVENT_CHANNEL = 'camwall:event';
/**
 * renderer → main: the preload asks for a frame port when it loads (a reload gets a new one);
 * main → renderer: the answer carries one MessagePort in `event.ports`.
 */
export const FRAMES_PORT_CHANNEL = 'camwall:frames-port';
