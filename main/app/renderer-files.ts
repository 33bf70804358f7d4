// Which file of the built renderer a request names, for both shells: the Electron shell's
// `app://camwall/` protocol handler and the browser shell's static server. One set of rules, so
// a path the desktop app refuses is refused by `camwall serve` too: files inside the folder only
// (no dot files, no `.`/`..` parts, no backslashes, NUL or colons, no symlinks leading out),
// `index.html` for `/`, and a fixed type per extension (with nosniff, an unknown type would be
// refused by the browser anyway, so unknown extensions are not served at all).
import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
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
export const MAX_RENDERER_PATH_CHARS = 1024;

/**
 * The file a URL path names, relative to the renderer folder, or null when it is not an
 * acceptable one. Takes the raw path as written (before any normalisation), so a `..` that a URL
 * parser would fold away, or one hidden behind percent-encoding, is still seen.
 */
export function rendererRelativePath(rawPath: string): string | null {
  if (rawPath.length > MAX_RENDERER_PATH_CHARS) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\//, '');
  if (relative.includes('\\') || relative.includes('\0') || relative.includes(':')) return null;
  if (relative.split('/').some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.'))) return null;
  if (RENDERER_CONTENT_TYPES[extname(relative).toLowerCase()] === undefined) return null;
  return relative;
}

export type RendererFile = { path: string; size: number; type: string };

/** Resolves `relative` (from rendererRelativePath) inside `root`, following no symlink out of it. */
export function resolveRendererFile(root: string, relative: string): RendererFile | null {
  const type = RENDERER_CONTENT_TYPES[extname(relative).toLowerCase()];
  if (type === undefined) return null;
  try {
    const realRoot = realpathSync(root);
    const path = realpathSync(join(realRoot, relative));
    const stat = statSync(path);
    if (!path.startsWith(realRoot + sep) || !stat.isFile()) return null;
    return { path, size: stat.size, type };
  } catch {
    return null;
  }
}
