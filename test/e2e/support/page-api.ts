// Calls the core's API from inside the page, the way the renderer does: a WebSocket of its own to
// the browser shell (the page's cookie carries the token), one call, its result. For tests that
// read back what the UI saved (a camera's motion zones) through the API rather than the database.
import type { Page } from 'playwright-core';
import type { CallName, CallResult } from '../../../shared/api/index.ts';
import type { Result } from '../../../shared/api/result.ts';
import { WS_PATH } from '../../../shared/api/wire.ts';

type PageWebSocket = { onopen: (() => void) | null; onmessage: ((event: { data: unknown }) => void) | null; onerror: (() => void) | null; send(text: string): void; close(): void };
declare const WebSocket: new (url: string) => PageWebSocket;
declare const location: { protocol: string; host: string };

/** One API call from the page; JSON results only (no bytes). */
export async function callInPage<K extends CallName>(page: Page, name: K, args: unknown): Promise<Result<CallResult<K>>> {
  return (await page.evaluate(
    ({ name, args, path }) =>
      new Promise<unknown>((resolve, reject) => {
        const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
        socket.onerror = () => reject(new Error(`the API socket failed before ${name} answered`));
        socket.onopen = () => socket.send(JSON.stringify({ t: 'call', id: 1, name, args }));
        socket.onmessage = (event) => {
          if (typeof event.data !== 'string') return;
          const message = JSON.parse(event.data) as { t: string; id?: number; result?: unknown };
          if (message.t !== 'result' || message.id !== 1) return;
          socket.close();
          resolve(message.result);
        };
      }),
    { name, args, path: WS_PATH },
  )) as Result<CallResult<K>>;
}
