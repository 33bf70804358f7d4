// The preload of every Camwall window (bundled to dist/node/preload.cjs: a sandboxed preload
// cannot be an ES module). It exposes `window.camwall`, the typed API, and nothing else; the
// logic is in preload-bridge.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeCamwall } from './preload-bridge.ts';

exposeCamwall(contextBridge, ipcRenderer);
