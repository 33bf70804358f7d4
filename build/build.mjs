// Builds every bundle with esbuild: the Node side (CLI, Electron main, workers) as ESM in
// dist/node/, the preload as CommonJS (sandboxed preloads cannot load ES modules), and the
// renderer as one browser ESM bundle in dist/renderer/. Node bundles sit in one folder so that
// `new URL('./x-worker.js', import.meta.url)` finds a worker from any of them.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');

const nodeEntries = {
  camwall: 'main/cli/bin.ts',
  'electron-main': 'main/electron/index.ts',
  'stream-worker': 'main/stream/stream-worker.ts',
  // The stream workers' recorder, loaded by URL on the first recorded camera (frame-sink.ts SinkModule).
  'record-sink': 'main/recording/worker-recorder.ts',
  // The stream workers' motion detector, loaded the same way on the first camera that detects motion.
  'motion-sink': 'main/analysis/motion-sink.ts',
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'renderer'), { recursive: true });

const present = (entries) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(join(root, file))));

const common = { absWorkingDir: root, bundle: true, sourcemap: 'linked', logLevel: 'warning', target: 'es2023' };

await Promise.all([
  build({
    ...common,
    entryPoints: present(nodeEntries),
    outdir: join(dist, 'node'),
    platform: 'node',
    format: 'esm',
    // Every package stays external, native ones above all (better-sqlite3, @julusian/jpeg-turbo):
    // their .node files and libturbojpeg are loaded from node_modules (unpacked from the asar).
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  existsSync(join(root, 'main/electron/preload.ts')) &&
    build({
      ...common,
      entryPoints: { preload: 'main/electron/preload.ts' },
      outdir: join(dist, 'node'),
      outExtension: { '.js': '.cjs' },
      minify: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
    }),
  existsSync(join(root, 'renderer/main.tsx')) &&
    build({
      ...common,
      entryPoints: { app: 'renderer/main.tsx' },
      outdir: join(dist, 'renderer'),
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: !watch,
      loader: { '.svg': 'file', '.png': 'file' },
    }),
]);
for (const file of ['index.html', 'style.css']) {
  if (existsSync(join(root, 'renderer', file))) await cp(join(root, 'renderer', file), join(dist, 'renderer', file));
}
console.log('built dist/node and dist/renderer');
