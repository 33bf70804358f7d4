// The ceiling page's script: decodes and draws the same JPEGs the wall gets, as fast as this
// browser can, with the wall's own decode (decodeJpeg: createImageBitmap from a Blob) and draw
// (the canvas sized to the picture with fitCanvasTo, then transferFromImageBitmap into a
// 'bitmaprenderer' canvas per tile, laid out like the kiosk wall), and no network, no UI. Two ways of keeping the decoders busy, each measured in turn:
// 'per-canvas' (one decode in flight per canvas) and 'shared' (the wall's DecodeQueue, tiles
// taking turns); the benchmark takes the faster as the ceiling. Bundled by the benchmark with
// esbuild (it imports the wall's modules) and served over loopback; reports through
// globalThis.__ceiling.
import { DecodeQueue, decodeSlots } from '../../renderer/wall/decode-queue.ts';
import { decodeJpeg, fitCanvasTo } from '../../renderer/wall/tile-renderer.ts';

const params = new URLSearchParams(location.search);
const tiles = Number(params.get('tiles'));
const frames = Number(params.get('frames'));
const columns = Math.ceil(Math.sqrt(tiles));

const grid = document.getElementById('grid');
grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
grid.style.gridTemplateRows = `repeat(${Math.ceil(tiles / columns)}, minmax(0, 1fr))`;

const state = { ready: false, painted: 0, mode: null };
globalThis.__ceiling = state;

const jpegs = await Promise.all(Array.from({ length: frames }, (_, i) => fetch(`frame/${i}`).then((r) => r.arrayBuffer())));

const contexts = Array.from({ length: tiles }, () => {
  const canvas = document.createElement('canvas');
  grid.append(canvas);
  return canvas.getContext('bitmaprenderer');
});

let generation = 0;

async function paint(tile, index, running) {
  const bitmap = await decodeJpeg(jpegs[index % jpegs.length]);
  if (running()) {
    fitCanvasTo(contexts[tile].canvas, bitmap);
    contexts[tile].transferFromImageBitmap(bitmap);
    state.painted += 1;
  }
  bitmap.close();
}

const modes = {
  'per-canvas': (running) => {
    contexts.forEach(async (_, tile) => {
      for (let i = tile; running(); i++) await paint(tile, i, running);
    });
  },
  shared: (running) => {
    const queue = new DecodeQueue(decodeSlots(navigator.hardwareConcurrency));
    contexts.forEach((_, tile) => {
      let i = tile;
      const job = {
        run: async () => {
          await paint(tile, i++, running);
          if (running()) queue.request(job);
        },
      };
      queue.request(job);
    });
  },
};

state.start = (mode) => {
  const mine = ++generation;
  state.painted = 0;
  state.mode = mode;
  modes[mode](() => generation === mine);
};
state.stop = () => void ++generation;
state.ready = true;
