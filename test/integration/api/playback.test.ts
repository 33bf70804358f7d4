// Playback over a real WebSocket against the browser shell, on real recordings the recorder made
// from the simulator's frames (each JPEG's COM stamp says which frame it is): sessions open,
// seek, step, play forwards and backwards in sync, say where nothing was recorded, belong to
// the client that opened them, and close with it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../../main/registry/database.ts';
import { DATABASE_FILE_NAME } from '../../../main/registry/registry.ts';
import type { Serving } from '../../../main/server/serve.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import type { PlaybackState, RecordedCamera, Timeline } from '../../../shared/api/calls.ts';
import type { WireFrame } from '../../../shared/api/frame-wire.ts';
import { recordArchive, type RecordedFrameInfo } from '../../support/recorded-archive.ts';
import { EVENT_TIMEOUT_MS, startServe, tempDir, TestClient } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const FPS = 10;
let dir: ReturnType<typeof tempDir>;
let serving: Serving;
let client: TestClient;
let frames: Map<string, RecordedFrameInfo[]>;
let nextSub = 1;

before(async () => {
  dir = tempDir('api-playback');
  // Two cameras: 'front' records 0-60 s and 90-150 s, 'yard' 0-150 s, both rotating every 20 s.
  const db = openDatabase(join(dir.path, DATABASE_FILE_NAME));
  const archive = await recordArchive({
    root: join(dir.path, 'recordings'), db, segmentMs: 20_000,
    cameras: [
      { id: 'front', channel: 1, fps: FPS, spans: [{ fromMs: T0, toMs: T0 + 60_000 }, { fromMs: T0 + 90_000, toMs: T0 + 150_000 }] },
      { id: 'yard', channel: 2, fps: FPS, spans: [{ fromMs: T0, toMs: T0 + 150_000 }] },
    ],
  });
  db.close();
  frames = archive.frames;
  serving = await startServe(dir.path);
  client = await TestClient.connect(serving);
});

after(async () => {
  client?.close();
  await serving?.close();
  dir?.remove();
});

function expectedAt(cameraId: string, atMs: number): RecordedFrameInfo {
  const found = frames.get(cameraId)!.findLast((f) => f.atMs <= atMs);
  assert.ok(found, `${cameraId} recorded something before ${atMs - T0} ms`);
  return found;
}

function seqOf(frame: WireFrame): number {
  const stamp = readCaptureComment(new Uint8Array(frame.frame.jpeg));
  assert.ok(stamp);
  return stamp.seq;
}

/** Subscribes to a camera of a session, acking every frame at once; returns what arrives. */
function watch(c: TestClient, session: number, cameraId: string): { sub: number; got: () => WireFrame[] } {
  const sub = nextSub++;
  const start = c.frames.length;
  c.send({ t: 'subscribe', sub, cameraId, stream: 'main', playback: session });
  return { sub, got: () => c.frames.slice(start).filter((f) => f.subscription === sub) };
}

/** Acks every frame of `sub` as it arrives (a tile that paints at once). */
function ackAll(c: TestClient, sub: number): () => void {
  const onMessage = (_data: unknown, isBinary: boolean) => {
    if (isBinary) setImmediate(() => c.send({ t: 'ack', sub }));
  };
  c.socket.on('message', onMessage);
  return () => c.socket.off('message', onMessage);
}

describe('playback over the WebSocket', () => {
  test('a paused session shows each camera the frame recorded at or just before the instant; seek and step move frame-exactly', async () => {
    const at = T0 + 12_345;
    const state: PlaybackState = await client.value('playback.open', { cameraIds: ['front', 'yard'], atMs: at });
    assert.equal(state.paused, true);
    assert.equal(state.positionMs, at);
    assert.deepEqual(state.cameras.map((c) => [c.cameraId, c.state, c.frameAtMs]), [
      ['front', 'recorded', expectedAt('front', at).atMs],
      ['yard', 'recorded', expectedAt('yard', at).atMs],
    ]);
    const front = watch(client, state.session, 'front');
    const [first] = await client.until(() => (front.got().length > 0 ? front.got() : undefined), EVENT_TIMEOUT_MS, 'the paused frame');
    assert.equal(first!.frame.capturedAt, expectedAt('front', at).atMs, 'a subscriber of a paused session gets its frame at once');
    assert.equal(seqOf(first!), expectedAt('front', at).seq);
    client.send({ t: 'ack', sub: front.sub });

    const target = T0 + 101_234;
    const sought: PlaybackState = await client.value('playback.seek', { session: state.session, atMs: target });
    assert.equal(sought.cameras[0]!.frameAtMs, expectedAt('front', target).atMs);
    await client.until(() => front.got().find((f) => f.frame.capturedAt === expectedAt('front', target).atMs), EVENT_TIMEOUT_MS, 'the frame after the seek');

    // One step forward lands on the next frame of either camera, one back returns.
    const list = [...frames.get('front')!, ...frames.get('yard')!].map((f) => f.atMs).sort((a, b) => a - b);
    const next = list.find((t) => t > target)!;
    const stepped: PlaybackState = await client.value('playback.step', { session: state.session, frames: 1 });
    assert.equal(stepped.positionMs, next);
    const back: PlaybackState = await client.value('playback.step', { session: state.session, frames: -1 });
    assert.equal(back.positionMs, list.findLast((t) => t < next));
    await client.value('playback.close', { session: state.session });
    await client.waitFor((m) => m.t === 'subscription-ended' && m.sub === front.sub);
  });

  // Every frame at 1x, on a clock the test drives, is playback-session.test.ts; here, in real time
  // on a shared machine, a frame late for its moment is skipped to keep the clock (as it must).
  test('at 1x both cameras play forward in order, in sync', async () => {
    const at = T0 + 30_000;
    const state: PlaybackState = await client.value('playback.open', { cameraIds: ['front', 'yard'], atMs: at, paused: false });
    const streams = ['front', 'yard'].map((id) => ({ id, ...watch(client, state.session, id) }));
    const stops = streams.map((s) => ackAll(client, s.sub));
    await client.until(() => (streams.every((s) => s.got().length >= 25) ? true : undefined), 30_000, '25 frames of each camera');
    stops.forEach((stop) => stop());
    await client.value('playback.close', { session: state.session });
    for (const s of streams) {
      const seqs = s.got().map(seqOf);
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `${s.id}: frame ${i} follows ${seqs.slice(0, i + 1).join(',')}`);
    }
    // In the order frames arrived, the two cameras' newest capture times stay within about a frame
    // interval of each other. A frame late for its moment is skipped (above), which leaves one
    // camera a frame behind until its next: the median spread is the sync, the largest allows that.
    const subs = streams.map((s) => s.sub);
    const newest = new Map<number, number>();
    const spreads: number[] = [];
    for (const f of client.frames) {
      if (!subs.includes(f.subscription)) continue;
      newest.set(f.subscription, f.frame.capturedAt);
      if (newest.size === subs.length) spreads.push(Math.abs(newest.get(subs[0]!)! - newest.get(subs[1]!)!));
    }
    spreads.sort((x, y) => x - y);
    const median = spreads[Math.floor(spreads.length / 2)]!;
    assert.ok(median <= 1000 / FPS, `the two cameras' newest capture times spread by ${median} ms (median of ${spreads.length})`);
    assert.ok(spreads.at(-1)! <= 3 * (1000 / FPS), `the two cameras' newest capture times spread by ${spreads.at(-1)} ms at most`);
  });

  test('fast forward and reverse deliver frames in order, skipping to keep up', async () => {
    for (const speed of [16, -16]) {
      const at = T0 + 75_000;
      const state: PlaybackState = await client.value('playback.open', { cameraIds: ['yard'], atMs: at, paused: false, speed });
      const yard = watch(client, state.session, 'yard');
      const stop = ackAll(client, yard.sub);
      await client.until(() => (yard.got().length >= 20 ? true : undefined), 30_000, `20 frames at ${speed}x`);
      stop();
      await client.value('playback.close', { session: state.session });
      const times = yard.got().map((f) => f.frame.capturedAt);
      for (let i = 1; i < times.length; i++) assert.ok(speed > 0 ? times[i]! > times[i - 1]! : times[i]! < times[i - 1]!, `${speed}x: ${times.slice(0, i + 1).map((t) => t - T0).join(',')}`);
      const covered = Math.abs(times.at(-1)! - times[0]!);
      assert.ok(covered >= 19 * (1000 / FPS), `${speed}x moved through ${covered} ms of recording in 20 frames`);
    }
  });

  test('a seek into a gap of every camera goes to the nearest recording and says so; a camera in its gap says No recording', async () => {
    const state: PlaybackState = await client.value('playback.open', { cameraIds: ['front'], atMs: T0 + 80_000 });
    assert.equal(state.positionMs, frames.get('front')!.find((f) => f.atMs >= T0 + 90_000)!.atMs, 'the nearer side of the gap');
    assert.match(state.notice ?? '', /Nothing was recorded at .*went to the nearest recording/);
    await client.value('playback.close', { session: state.session });
    const both: PlaybackState = await client.value('playback.open', { cameraIds: ['front', 'yard'], atMs: T0 + 75_000 });
    assert.equal(both.positionMs, T0 + 75_000, 'one camera recorded then: the playhead stays');
    assert.deepEqual(both.cameras.map((c) => c.state), ['no-recording', 'recorded']);
    assert.equal(both.cameras[0]!.frameAtMs, null);
    // Playing on into the recording, the camera's state changes and the client is told.
    await client.value('playback.seek', { session: both.session, atMs: T0 + 89_000 });
    await client.value('playback.setSpeed', { session: both.session, speed: 4 });
    await client.value('playback.pause', { session: both.session, paused: false });
    const pushed = await client.waitFor((m) => m.t === 'event' && m.name === 'playback.state' && m.payload.state.session === both.session && m.payload.state.cameras[0]!.state === 'recorded', 30_000);
    assert.ok(pushed);
    await client.value('playback.close', { session: both.session });
  });

  test('recordings.cameras lists registered cameras, then removed ones with recordings by the name they had', async () => {
    const kept = await client.value('cameras.add', { camera: { name: 'Gate', kind: 'url', host: '127.0.0.1', port: 9, path: '/video.mjpg', enabled: false } });
    const gone = await client.value('cameras.add', { camera: { name: 'Porch', kind: 'url', host: '127.0.0.1', port: 9, path: '/other.mjpg', enabled: false } });
    // Porch recorded a little (written beside the running core, as its recorder would), then was removed.
    const db = openDatabase(join(dir.path, DATABASE_FILE_NAME));
    await recordArchive({ root: join(dir.path, 'recordings'), db, cameras: [{ id: gone.id, channel: 3, spans: [{ fromMs: T0, toMs: T0 + 2_000 }] }] });
    db.close();
    await client.value('cameras.remove', { id: gone.id });
    const listed: RecordedCamera[] = await client.value('recordings.cameras');
    assert.deepEqual(listed.map((c) => [c.cameraId, c.name, c.removed]), [
      [kept.id, 'Gate', false],
      ['front', 'front', true],
      [gone.id, 'Porch', true],
      ['yard', 'yard', true],
    ]);
    assert.equal(listed[0]!.firstMs, null, 'Gate has recorded nothing');
    assert.equal(listed.find((c) => c.cameraId === 'yard')!.firstMs, frames.get('yard')![0]!.atMs);
    await client.value('cameras.remove', { id: kept.id });
  });

  test('the timeline lists recorded spans with the gap, and recordings.frameAt returns the recorded JPEG', async () => {
    const timeline: Timeline = await client.value('recordings.timeline', { cameraIds: ['front', 'yard', 'nobody'], fromMs: T0 - 60_000, toMs: T0 + 600_000 });
    const spans = Object.fromEntries(timeline.cameras.map((c) => [c.cameraId, c.spans.map((s) => [s.startMs - T0, s.endMs - T0])]));
    assert.equal(spans.front!.length, 2, 'rotations are not gaps; the 30 s gap is');
    assert.ok(spans.front![0]![1]! >= 59_000 && spans.front![0]![1]! <= 60_500 && spans.front![1]![0]! >= 90_000 && spans.front![1]![0]! < 90_200, JSON.stringify(spans.front));
    assert.equal(spans.yard!.length, 1);
    assert.deepEqual(spans.nobody, []);
    const want = expectedAt('yard', T0 + 42_424);
    const frame = await client.value('recordings.frameAt', { cameraId: 'yard', atMs: T0 + 42_424 });
    assert.equal(frame.capturedAt, want.atMs);
    assert.equal(readCaptureComment(new Uint8Array(frame.jpeg))?.seq, want.seq);
    const none = await client.call('recordings.frameAt', { cameraId: 'front', atMs: T0 + 75_000 });
    assert.equal(none.ok, false);
    if (!none.ok) {
      assert.equal(none.error.code, 'not-found');
      assert.match(none.error.message, /recorded nothing at .*nearest recording before: .*after: /);
    }
  });

  test("a session belongs to the client that opened it, is bounded per client, and closes with it", async () => {
    const other = await TestClient.connect(serving);
    const mine: PlaybackState = await client.value('playback.open', { cameraIds: ['yard'], atMs: T0 + 5_000 });
    const theirs = await other.call('playback.seek', { session: mine.session, atMs: T0 });
    assert.equal(theirs.ok, false);
    if (!theirs.ok) assert.equal(theirs.error.code, 'not-found');
    const spy = watch(other, mine.session, 'yard');
    await other.waitFor((m) => m.t === 'subscription-ended' && m.sub === spy.sub);
    const unknown = await client.call('playback.pause', { session: 999_999, paused: true });
    assert.equal(unknown.ok, false);
    const notInSession = watch(client, mine.session, 'front');
    await client.waitFor((m) => m.t === 'subscription-ended' && m.sub === notInSession.sub && /does not play camera front/.test(m.reason));

    // Opening more than the bound closes the client's oldest session.
    const opened: number[] = [];
    for (let i = 0; i < 8; i++) opened.push((await other.value('playback.open', { cameraIds: ['yard'], atMs: T0 })).session);
    assert.equal((await other.call('playback.pause', { session: opened[0], paused: true })).ok, true);
    await other.value('playback.open', { cameraIds: ['yard'], atMs: T0 });
    assert.equal((await other.call('playback.pause', { session: opened[0], paused: true })).ok, false, 'the oldest was closed');
    const before = serving.core.playback.sessionCount;
    other.close();
    await other.closed();
    await client.until(() => (serving.core.playback.sessionCount === before - 8 ? true : undefined), EVENT_TIMEOUT_MS, 'the closed client\'s sessions to close');
    await client.value('playback.close', { session: mine.session });
  });
});
