// Enforces the layering of DESIGN.md on every import and require in the source tree:
//   shared/    imports neither Node built-ins nor anything outside shared/ (and no packages
//              but the runtime-schema library);
//   renderer/  never imports Node built-ins, main/ or electron;
//   electron   is imported only under main/electron/;
//   main/      (the core) never imports renderer/, and each folder of main/ imports only the
//              folders MAIN_LAYERS lists for it (VS Code's code-import-patterns: the folders tell
//              the architecture, and a new folder must say where it sits);
//   renderer/  never writes HTML from strings (innerHTML, outerHTML, insertAdjacentHTML,
//              dangerouslySetInnerHTML, document.write): camera names and errors come from
//              outside, so the DOM is built with JSX or textContent only.
// Usage: node build/lint-layers.mjs [root]. Exits 1 and lists every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SHARED_PACKAGES = new Set(['zod', 'zod/mini']);

/**
 * The layers of main/, bottom up: each folder and the folders of main/ it may import (shared/
 * is open to all). A folder not listed here is an error, so a new one has to take its place.
 */
const MAIN_LAYERS = {
  // Things every layer uses: the injected clock and file system.
  base: [],
  // Matroska (EBML) reading and writing, no policy: the recorder writes with it, playback reads.
  media: ['base'],
  // Camera connections, the multipart parser, workers, the frame hub, the frame-sink contract.
  stream: ['base'],
  // The SQLite registry: cameras, layouts, settings, the event log.
  registry: ['base'],
  // The recorder (a frame sink), its index, recovery and retention.
  recording: ['base', 'media', 'stream', 'registry'],
  // Recorded segments played back into the hub; it reads the recorder's archive (paths, index).
  playback: ['base', 'media', 'stream', 'registry', 'recording'],
  // Clips and signed export sets cut from the archive.
  export: ['base', 'media', 'registry', 'playback'],
  // Frame sinks that look at the picture (motion).
  analysis: ['base', 'stream'],
  // Finding cameras on the local network (Bonjour, ONVIF WS-Discovery), only when asked.
  discovery: ['base'],
  // Alerts and integrations fed by the core's pushes: the notification policy, the MQTT bridge.
  integrations: ['base', 'stream', 'registry'],
  // The data folder's layout and the built renderer's files, for the service and the shells.
  app: ['base', 'registry'],
  // The API handlers and the core both shells open.
  service: ['base', 'media', 'stream', 'registry', 'recording', 'playback', 'export', 'analysis', 'discovery', 'integrations', 'app', 'simulator'],
  // The shells on top. The browser shell's MJPEG re-stream speaks as an Axis camera, so it takes
  // the simulator's server side of VAPIX (Digest checking, video.cgi framing) rather than a copy.
  server: ['base', 'stream', 'registry', 'export', 'app', 'service', 'simulator'],
  electron: ['base', 'stream', 'registry', 'integrations', 'app', 'service'],
  cli: ['base', 'media', 'stream', 'registry', 'recording', 'playback', 'export', 'analysis', 'discovery', 'integrations', 'app', 'service', 'server', 'simulator'],
  // The virtual camera stands apart: it is the camera, not the app.
  simulator: [],
};

/** The main/ folder a repository path is in (main/stream/auth/x.ts -> stream), or null. */
function mainFolderOf(path) {
  const parts = path.split('/');
  return parts[0] === 'main' && parts.length > 2 ? parts[1] : null;
}
const UNSAFE_HTML_RE = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write(?:ln)?)\b/g;
const IMPORT_RE = /(?:^|[^.\w$])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^.\w$])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const violations = [];
for (const top of ['shared', 'renderer', 'main']) {
  let files;
  try { files = [...sourceFiles(join(root, top))]; } catch { continue; }
  for (const file of files) {
    const rel = relative(root, file).split(sep).join('/');
    const text = stripComments(readFileSync(file, 'utf8'));
    for (const match of text.matchAll(IMPORT_RE)) {
      const spec = match[1] ?? match[2];
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep).join('/') : null;
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const problem = (() => {
        if (spec === 'electron' || spec.startsWith('electron/')) {
          return rel.startsWith('main/electron/') ? null : 'only main/electron/ may import electron';
        }
        if (top === 'shared') {
          if (builtins.has(spec) || builtins.has(pkg)) return 'shared/ may not import Node built-ins';
          if (target !== null && !target.startsWith('shared/')) return 'shared/ may not import outside shared/';
          if (target === null && !SHARED_PACKAGES.has(spec)) return `shared/ may not import the package ${spec}`;
        }
        if (top === 'renderer') {
          if (builtins.has(spec) || builtins.has(pkg)) return 'renderer/ may not import Node built-ins';
          if (target !== null && target.startsWith('main/')) return 'renderer/ may not import main/';
        }
        if (top === 'main' && target !== null && target.startsWith('renderer/')) return 'main/ may not import renderer/';
        if (top === 'main' && target !== null) {
          const from = mainFolderOf(rel);
          const to = mainFolderOf(target);
          if (from === null) return 'files of main/ live in a folder of MAIN_LAYERS';
          if (!Object.hasOwn(MAIN_LAYERS, from)) return `main/${from}/ is not in MAIN_LAYERS (build/lint-layers.mjs): add it with the folders it may import`;
          if (to !== null && to !== from && !MAIN_LAYERS[from].includes(to)) {
            const allowed = MAIN_LAYERS[from].length > 0 ? MAIN_LAYERS[from].map((f) => `main/${f}/`).join(', ') : 'no other folder of main/';
            return `main/${from}/ may not import main/${to}/ (it may import ${allowed})`;
          }
        }
        return null;
      })();
      if (problem) violations.push(`${rel}: imports '${spec}': ${problem}`);
    }
    if (top === 'renderer') {
      for (const match of text.matchAll(UNSAFE_HTML_RE)) {
        violations.push(`${rel}: uses '${match[1]}': renderer/ may not write HTML from strings`);
      }
    }
  }
}
if (violations.length > 0) {
  console.error(`layering: ${violations.length} violation(s)\n` + violations.map((v) => `  ${v}`).join('\n'));
  process.exit(1);
}
console.log('layering: ok');
