// Injected into the wall page before the app starts (page.addInitScript): counts the frames the
// server offers this page (binary WebSocket messages) and, through the wall's paint probe, every
// painted frame with its capture-to-paint latency, read from the capture stamp the simulator puts
// in a JPEG COM segment ("camwall-capture t=<ms> seq=<n> cam=<n>"). Plain JS: it is handed to
// the page as it is, never bundled into the app.
(() => {
  const bench = { offered: 0, painted: 0, latencies: [], toCore: [], toPage: [], seqs: new Map() };
  globalThis.__camwallBench = bench;
  bench.reset = () => {
    bench.offered = 0;
    bench.painted = 0;
    bench.latencies = [];
    bench.toCore = [];
    bench.toPage = [];
    bench.seqs = new Map();
  };

  const NativeWebSocket = globalThis.WebSocket;
  globalThis.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') return;
        bench.offered += 1;
        // From the core having the frame to this page receiving it: the frame header's capturedAt
        // (docs/api.md, "Wire protocol") against now; both clocks are this machine's.
        if (event.data instanceof ArrayBuffer && event.data.byteLength >= 24) bench.toPage.push(Date.now() - new DataView(event.data).getFloat64(16, true));
      });
    }
  };

  function readStamp(bytes) {
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
    let offset = 2;
    while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
      const marker = bytes[offset + 1];
      if (marker === 0xda) return null;
      const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
      if (marker === 0xfe && length < 130) {
        let text = '';
        for (let i = offset + 4; i < offset + 2 + length; i++) text += String.fromCharCode(bytes[i]);
        const match = /^camwall-capture t=(\d+) seq=(\d+) cam=(\d+)$/.exec(text);
        if (match) return { t: Number(match[1]), seq: Number(match[2]), cam: Number(match[3]) };
      }
      offset += 2 + length;
    }
    return null;
  }

  globalThis.__camwallPaintProbe = (frame, paintedAt) => {
    bench.painted += 1;
    const stamp = readStamp(new Uint8Array(frame.jpeg, 0, Math.min(frame.jpeg.byteLength, 2048)));
    if (!stamp) return;
    bench.latencies.push(paintedAt - stamp.t);
    // The part of it spent before the core had the whole frame (camera, network, parser).
    bench.toCore.push(frame.capturedAt - stamp.t);
    // First and last capture seq painted per camera: how many frames the camera made meanwhile.
    const seen = bench.seqs.get(stamp.cam);
    if (!seen) bench.seqs.set(stamp.cam, { first: stamp.seq, last: stamp.seq });
    else seen.last = Math.max(seen.last, stamp.seq);
  };
})();
