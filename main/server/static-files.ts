// Serves the built renderer (dist/renderer) read-only: GET and HEAD, files inside the folder
// only (no dot files, no `..`, no symlinks out), index.html for `/`, a fixed type per extension
// (with nosniff, an unknown type would be refused by the browser anyway).
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
/** A request path longer than this is not one of ours. */
const MAX_PATH_CHARS = 1024;

export type StaticResult = 'served' | 'not-found';

export function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): StaticResult {
  const realRoot = realpathSync(root);
  const pathname = new URL(request.url ?? '/', 'http://x').pathname;
  if (pathname.length > MAX_PATH_CHARS) return 'not-found';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'not-found';
  }
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  if (relative.split('/').some((part) => part === '' || part.startsWith('.')) || relative.includes('\\') || relative.includes('\0')) return 'not-found';
  const type = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (!type) return 'not-found';
  let file: string;
  let size: number;
  try {
    file = realpathSync(join(realRoot, relative));
    const stat = statSync(file);
    if (!stat.isFile() || !file.startsWith(realRoot + sep)) return 'not-found';
    size = stat.size;
  } catch {
    return 'not-found';
  }
  response.statusCode = 200;
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Length', size);
  // The page's URL never changes between builds; keep browsers from running a stale bundle.
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method === 'HEAD') {
    response.end();
    return 'served';
  }
  createReadStream(file).on('error', () => response.destroy()).pipe(response);
  return 'served';
}
