// A playback session on a hand-driven clock over real recordings: at 1x and 4x every recorded
// frame is published in order, reverse walks them back, 64x decimates to what the tile takes,
// and the playhead stops at the present. Time moves only when the test moves it, so nothing
// here depends on how busy the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexCatalog } from '../../../main/playback/catalogs.ts';
import { PlaybackSession } from '../../../main/playback/playback-session.ts';
import { FrameHub } from '../../../main/stream/frame-hub.ts';
import type { Clock, TimerHandle } from '../../../main/base/clock.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { playbackStream } from '../../../shared/stream-key.ts';
import type { PlaybackState } from '../../../shared/api/calls.ts';
import { recordArchive } from '../../support/recorded-archive.ts';
import { tempDir } from '../recording/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const FPS = 10;

/** Timers fire only when the test advances the clock past them. */
class HandClock implements Clock {
  mono = 0;
  wall: number;
  timers: Array<{ at: number; fn: () => void }> = [];
  constructor(wall: number) {
    this.wall = wall;
  }
  now = () => this.wall;
  monotonic = () => this.mono;
  setTimer = (fn: () => void, ms: number): TimerHandle => {
    const timer = { at: this.mono + ms, fn };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  };
  /** A repeating timer re-arms itself each time it fires. */
  setRepeating = (fn: () => void, ms: number): TimerHandle => {
    let current: TimerHandle;
    const arm = () => (current = this.setTimer(() => { arm(); fn(); }, ms));
    arm();
    return { cancel: () => current.cancel() };
  };
  /** Fires the next timer due by `until`, moving time to it; false when none is. */
  fireNext(until: number): boolean {
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers[0];
    if (!next || next.at > until) return false;
    this.timers.shift();
    this.wall += next.at - this.mono;
    this.mono = next.at;
    next.fn();
    return true;
  }
}

/** Waits (real time, with a deadline) until the player has done its work and armed its next timer (or the session paused itself). */
async function settled(clock: HandClock, session?: PlaybackSession): Promise<void> {
  await waitFor(() => clock.timers.length > 0 || session?.state().paused === true, { what: 'the player to arm its next timer', timeoutMs: 10_000, pollMs: 1 });
}

async function play(clock: HandClock, ms: number, session?: PlaybackSession): Promise<void> {
  const until = clock.mono + ms;
  while (clock.fireNext(until)) await settled(clock, session);
  clock.wall += until - clock.mono;
  clock.mono = until;
}

async function setup(t: import('node:test').TestContext) {
  const tmp = tempDir('camwall-session-');
  t.after(tmp.remove);
  const archive = await recordArchive({ root: tmp.dir, segmentMs: 5_000, cameras: [{ id: 'cam', channel: 1, fps: FPS, spans: [{ fromMs: T0, toMs: T0 + 30_000 }] }] });
  t.after(() => archive.db.close());
  const hub = new FrameHub();
  const clock = new HandClock(T0 + 3_600_000);
  const seqs: number[] = [];
  const changes: PlaybackState[] = [];
  const open = async (atMs: number, speed: number) => {
    const session = new PlaybackSession(1, 'test', { hub, catalog: new IndexCatalog(archive.db, tmp.dir), clock, onChange: (s) => changes.push(s), onError: () => {} }, { cameraIds: ['cam'], atMs, speed, paused: false });
    t.after(() => session.close());
    const subscription = hub.subscribe(playbackStream('cam', 1), {
      deliver: (frame) => {
        seqs.push(readCaptureComment(new Uint8Array(frame.jpeg))!.seq);
        queueMicrotask(() => subscription.ack());
      },
    }, { maxInFlight: 2, replayLatest: true });
    await session.start();
    await settled(clock);
    return session;
  };
  return { clock, seqs, changes, open, frames: archive.frames.get('cam')! };
}

test('playback session: at 1x every recorded frame is published in order, across rotations', async (t) => {
  const { clock, seqs, open, frames } = await setup(t);
  await open(T0 + 2_000, 1);
  await play(clock, 8_000);
  const want = frames.filter((f) => f.atMs <= T0 + 10_000 && f.atMs >= frames.findLast((g) => g.atMs <= T0 + 2_000)!.atMs).map((f) => f.seq);
  assert.deepEqual(dedupe(seqs), want);
});

test('playback session: at 4x every frame still shows, at -1x they come back in reverse', async (t) => {
  const { clock, seqs, open, frames } = await setup(t);
  const session = await open(T0 + 1_000, 4);
  await play(clock, 2_000);
  const forward = dedupe(seqs);
  assert.deepEqual(forward, frames.filter((f) => f.atMs >= T0 + 1_000 - 100 && f.atMs <= T0 + 9_000).map((f) => f.seq).slice(-forward.length));
  assert.ok(forward.length >= 75, `${forward.length} frames in 8 s of recording`);
  seqs.length = 0;
  await session.setSpeed(-1);
  await settled(clock);
  await play(clock, 3_000);
  const back = dedupe(seqs);
  for (let i = 1; i < back.length; i++) assert.equal(back[i], back[i - 1]! - 1, `reverse: ${back.slice(0, i + 1).join(',')}`);
  assert.ok(back.length >= 28, `${back.length} frames back in 3 s`);
});

test('playback session: 64x jumps ahead, frames strictly in order, and stops at the present', async (t) => {
  const { clock, seqs, changes, open } = await setup(t);
  clock.wall = T0 + 40_000;
  const session = await open(T0, 64);
  await play(clock, 1_000, session);
  const shown = dedupe(seqs);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i]! > shown[i - 1]!, 'strictly forward');
  assert.ok(shown.length < 300, `decimated: ${shown.length} frames for 30 s of recording`);
  assert.ok(shown.length >= 20, `but frames all along: ${shown.length}`);
  const state = session.state();
  assert.equal(state.paused, true, 'stopped at the present');
  assert.match(changes.at(-1)?.notice ?? '', /Reached the present/);
});

/** A paused session's frame may be sent twice (replay on subscribe, then the refresh). */
function dedupe(seqs: number[]): number[] {
  return seqs.filter((s, i) => i === 0 || s !== seqs[i - 1]);
}
