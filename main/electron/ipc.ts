// The main side of the API over IPC: ONE place registers the call channel, checks who is
// calling, and hands the call to the core's validating dispatcher (main/service/dispatch.ts),
// which knows every call of the contract and its schema, refuses unknown names and bad
// arguments with field errors, and answers a Result.
//
// The sender check: the message must come from the MAIN frame of one of the app's own windows,
// and that frame must show a page of the app (app://camwall/...). A subframe, a page that
// navigated elsewhere, a file:// or https:// page, or another web contents is refused with
// 'unauthorized' and logged (name and sender origin only, never the arguments: they may hold a
// camera password).
import { fail, type Result } from '../../shared/api/result.ts';
import type { ClientHandle, Dispatch } from '../service/dispatch.ts';
import { CALL_CHANNEL, FRAMES_PORT_CHANNEL } from './channels.ts';
import { sendPush } from './push-forwarding.ts';
import type { WebContentsLike, WebFrameLike } from './electron-like.ts';
import { isAppUrl } from './protocol.ts';
import { describeUrl } from './window.ts';

/** What ipcMain hands a handler: the sending web contents and frame. */
export type IpcEventLike = {
  readonly sender: WebContentsLike;
  /** Null when the frame has navigated or been destroyed since it sent the message. */
  readonly senderFrame: WebFrameLike | null;
};

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike & { ports?: unknown[] }, ...args: unknown[]) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/**
 * `isAppContents` says whether a web contents belongs to one of the app's own windows. Accepts
 * only the main frame of such a window showing an app:// page.
 */
export function checkSender(event: IpcEventLike, isAppContents: (contents: WebContentsLike) => boolean): SenderVerdict {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return { ok: false, reason: 'the sending frame is gone (it navigated or closed)' };
  if (!isAppContents(event.sender)) return { ok: false, reason: `web contents ${event.sender.id} is not a Camwall window` };
  if (frame.parent !== null) return { ok: false, reason: `a subframe (${describeUrl(frame.url)}) may not call the API` };
  if (!isAppUrl(frame.url)) return { ok: false, reason: `the page ${describeUrl(frame.url)} is not Camwall's` };
  return { ok: true };
}

export type ApiIpcOptions = {
  dispatch: Dispatch;
  isAppContents(contents: WebContentsLike): boolean;
  /** The preload asked for its frame port; the sender has passed the check. */
  onFramesPortRequest(contents: WebContentsLike): void;
  log(line: string): void;
};

const MAX_NAME_IN_LOG = 60;

/** Registers the call channel and the frame-port request; returns a function that removes both. */
export function registerApiIpc(ipcMain: IpcMainLike, options: ApiIpcOptions): () => void {
  // One client per window's web contents, for what a window owns (playback sessions): its pushes
  // go to that window alone, and it closes when the web contents is destroyed.
  const clients = new Map<number, ClientHandle>();
  const clientOf = (contents: WebContentsLike): ClientHandle => {
    let client = clients.get(contents.id);
    if (client) return client;
    const hooks: Array<() => void> = [];
    client = { id: `window ${contents.id}`, push: (name, payload) => sendPush(contents, name, payload), onClose: (fn) => void hooks.push(fn) };
    clients.set(contents.id, client);
    contents.on('destroyed', () => {
      clients.delete(contents.id);
      for (const hook of hooks.splice(0)) hook();
    });
    return client;
  };
  ipcMain.handle(CALL_CHANNEL, (event, name, args): Promise<Result<unknown>> => {
    const verdict = checkSender(event, options.isAppContents);
    if (!verdict.ok) {
      const shown = typeof name === 'string' ? name.slice(0, MAX_NAME_IN_LOG) : typeof name;
      options.log(`refused the API call '${shown}' from web contents ${event.sender.id}: ${verdict.reason}`);
      return Promise.resolve(fail('unauthorized', `This call was refused: ${verdict.reason}. Only Camwall's own window may call its API.`));
    }
    return options.dispatch(name, args, { shell: 'electron', caller: `window ${event.sender.id}`, client: clientOf(event.sender) });
  });
  ipcMain.on(FRAMES_PORT_CHANNEL, (event) => {
    const verdict = checkSender(event, options.isAppContents);
    if (!verdict.ok) {
      options.log(`refused a frame port to web contents ${event.sender.id}: ${verdict.reason}`);
      return;
    }
    options.onFramesPortRequest(event.sender);
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeAllListeners(FRAMES_PORT_CHANNEL);
  };
}
