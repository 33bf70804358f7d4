// A peer for the page in `npm run bench:playback`: the same session played to a client in this
// process that acknowledges every frame at once and decodes nothing (the integration tests'
// protocol client), so the core's share (reading, pacing, hub, WebSocket) shows apart from the
// browser's decode and paint.
import type { Serving } from '../../main/server/serve.ts';
import type { PlaybackState } from '../../shared/api/calls.ts';
import { TestClient } from '../integration/api/helpers.ts';

export type NodePlay = { elapsed: number; perCamera: Array<{ cameraId: string; received: number; first: number | null; last: number | null }> };

/** Plays `cameraIds` from `atMs` at `speed` to a client of `serveUrl`; counts what arrives after the warm-up. */
export async function playToNodeClient(serveUrl: string, play: { cameraIds: string[]; atMs: number; speed: number; warmupMs: number; seconds: number }): Promise<NodePlay> {
  // TestClient reads only the address and the token of a Serving.
  const serving = { url: serveUrl, server: { port: Number(new URL(serveUrl).port) } } as unknown as Serving;
  const client = await TestClient.connect(serving);
  try {
    const state: PlaybackState = await client.value('playback.open', { cameraIds: play.cameraIds, atMs: play.atMs, paused: false, speed: play.speed });
    const perCamera = play.cameraIds.map((cameraId) => ({ cameraId, received: 0, first: null as number | null, last: null as number | null }));
    let counting = false;
    client.socket.on('message', (_data, isBinary) => {
      if (!isBinary) return;
      const { subscription, frame } = client.frames.pop()!;
      const camera = perCamera[subscription - 1];
      if (camera && counting) {
        camera.received += 1;
        camera.first ??= frame.capturedAt;
        camera.last = frame.capturedAt;
      }
      client.send({ t: 'ack', sub: subscription });
    });
    play.cameraIds.forEach((cameraId, i) => client.send({ t: 'subscribe', sub: i + 1, cameraId, stream: 'main', playback: state.session }));
    await new Promise((resolve) => setTimeout(resolve, play.warmupMs));
    counting = true;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, play.seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    await client.value('playback.close', { session: state.session });
    return { elapsed, perCamera };
  } finally {
    client.close();
  }
}
