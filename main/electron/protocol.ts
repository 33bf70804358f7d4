// The app's own origin: the renderer is served from `app://camwall/` by a handler that reads the
// built files in dist/renderer and nothing else. Never file:// (every file on the disk would share
// one origin) and never the network. Every response carries the strict CSP below, so the policy
// holds even if a <meta> tag is ever lost from index.html.
import { readFile } from 'node:fs/promises';
import { rendererRelativePath, resolveRendererFile } from '../app/renderer-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'camwall';
/** Every page of the app starts with this; the IPC sender check compares against it. */
export const APP_URL_PREFIX = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_INDEX_URL = `${APP_URL_PREFIX}index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer of the handler, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** The privileges the scheme is registered with (before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: a real origin (app://camwall) with relative URLs; secure: treated like https;
  // supportFetchAPI + corsEnabled: module scripts and fetch() load from it. No bypassCSP.
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: false },
} as const;

/** `url` is a page or file of the app itself (scheme, host, no credentials, no port). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && url.startsWith(APP_URL_PREFIX);
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/**
 * The `protocol.handle('app', ...)` handler: GET and HEAD of files inside `rootDir` only.
 * Rejected with 404: another host, encoded or plain `..`, dot files, backslashes, NUL, symlinks
 * leading out of the folder, directories, unknown file types.
 */
export function createAppProtocolHandler(rootDir: string): AppProtocolHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const relative = relativePathOf(request.url);
    const file = relative === null ? null : resolveRendererFile(rootDir, relative);
    if (file === null) return answer(404, 'not found');
    let body: Uint8Array | null = null;
    try {
      if (request.method !== 'HEAD') body = new Uint8Array(await readFile(file.path));
    } catch {
      return answer(404, 'not found');
    }
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': file.type } });
  };
}

/** The file a request names, relative to the root, or null when it is not an acceptable one. */
export function relativePathOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username !== '' || parsed.password !== '') return null;
  // The raw path as written, before any normalisation, so `..` hidden by the parser is seen too.
  return rendererRelativePath(parsed.pathname);
}

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
