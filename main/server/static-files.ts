// Serves the built renderer (dist/renderer) read-only: GET and HEAD, files inside the folder
// only (no dot files, no `..`, no symlinks out), index.html for `/`, a fixed type per extension
// (with nosniff, an unknown type would be refused by the browser anyway).
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rendererRelativePath, resolveRendererFile } from '../app/renderer-files.ts';

export type StaticResult = 'served' | 'not-found';

export function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): StaticResult {
  const relative = rendererRelativePath(new URL(request.url ?? '/', 'http://x').pathname);
  const file = relative === null ? null : resolveRendererFile(root, relative);
  if (file === null) return 'not-found';
  response.statusCode = 200;
  response.setHeader('Content-Type', file.type);
  response.setHeader('Content-Length', file.size);
  // The page's URL never changes between builds; keep browsers from running a stale bundle.
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method === 'HEAD') {
    response.end();
    return 'served';
  }
  createReadStream(file.path).on('error', () => response.destroy()).pipe(response);
  return 'served';
}
