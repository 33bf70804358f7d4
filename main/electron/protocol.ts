// The app's own origin: the renderer is served from `app://camwall/` by a handler that reads the
// built files in dist/renderer and nothing else. Never file:// (every file on the disk would share
// one origin) and never the network. Every response carries the strict CSP below, so the policy
// holds even if a <meta> tag is ever lost from index.html.
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

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

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A request path longer than this is not one of ours. */
const MAX_PATH_CHARS = 1024;

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
  let realRoot: Promise<string> | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const relative = relativePathOf(request.url);
    if (relative === null) return answer(404, 'not found');
    const type = CONTENT_TYPES[extname(relative).toLowerCase()];
    if (type === undefined) return answer(404, 'not found');
    realRoot ??= realpath(rootDir);
    let root: string;
    let file: string;
    try {
      root = await realRoot;
      file = await realpath(join(root, relative));
      if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) return answer(404, 'not found');
    } catch {
      return answer(404, 'not found');
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': type } });
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
  const rawPath = parsed.pathname;
  if (rawPath.length > MAX_PATH_CHARS) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\//, '');
  if (relative.includes('\\') || relative.includes('\0') || relative.includes(':')) return null;
  if (relative.split('/').some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.'))) return null;
  return relative;
}

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
