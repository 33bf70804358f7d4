// The ceiling page's script: decodes and draws the same JPEGs the wall gets, as fast as this
// browser can, with the wall's own method (createImageBitmap from a Blob, transferFromImageBitmap
// into a 'bitmaprenderer' canvas, one decode in flight per canvas), and no network, no UI.
// Served by the benchmark over loopback HTTP; it reports through globalThis.__ceiling.
const params = new URLSearchParams(location.search);
const tiles = Number(params.get('tiles'));
const frames = Number(params.get('frames'));
const columns = Math.ceil(Math.sqrt(tiles));

const grid = document.getElementById('grid');
grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
grid.style.gridTemplateRows = `repeat(${Math.ceil(tiles / columns)}, minmax(0, 1fr))`;

const state = { ready: false, painted: 0, running: false };
globalThis.__ceiling = state;

const jpegs = await Promise.all(Array.from({ length: frames }, (_, i) => fetch(`frame/${i}`).then((r) => r.arrayBuffer())));

async function loop(context, start) {
  let i = start;
  while (state.running) {
    const bitmap = await createImageBitmap(new Blob([jpegs[i % jpegs.length]], { type: 'image/jpeg' }));
    context.transferFromImageBitmap(bitmap);
    bitmap.close();
    state.painted += 1;
    i += 1;
  }
}

const contexts = Array.from({ length: tiles }, () => {
  const canvas = document.createElement('canvas');
  grid.append(canvas);
  return canvas.getContext('bitmaprenderer');
});

state.start = () => {
  state.running = true;
  state.painted = 0;
  contexts.forEach((context, index) => void loop(context, index));
};
state.stop = () => (state.running = false);
state.ready = true;
