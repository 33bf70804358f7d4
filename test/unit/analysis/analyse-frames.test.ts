// analyseFrames over frames as a recording holds them (the simulator's walker scene at 15 fps):
// the crossings come back as hits within 1 s of the truth; a region away from the walker finds
// nothing and one on its path finds it; activity seconds stream out; cancel stops it; a gap in
// the recording starts the detector over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseFrames, ANALYSE_RECORDINGS_FPS, MAX_FRAME_GAP_MS, type RecordedFrame } from '../../../main/analysis/analyse-frames.ts';
import { SceneFrameSource } from '../../../main/simulator/scene-source.ts';
import { sceneMotionTruth, type SceneLayer } from '../../../main/simulator/scenes.ts';
import { DEFAULT_MOTION_CONFIG } from '../../../shared/motion.ts';
import { SETTLE_FRAMES } from '../../../main/analysis/motion-detector.ts';
import { assertMatchesTruth } from '../../integration/analysis/motion-scenes.ts';

const EPOCH = 1_800_000_000_000;
const FPS = 15;
const config = { ...DEFAULT_MOTION_CONFIG, enabled: true, quietMs: 1_000 };

/** `seconds` of a scene at 15 fps from its epoch, as a recording would give them back. */
async function* recorded(layers: SceneLayer[], seconds: number, skip?: { fromMs: number; toMs: number }): AsyncGenerator<RecordedFrame> {
  const source = new SceneFrameSource('320x240', 1, layers, EPOCH);
  for (let seq = 0; seq < seconds * FPS; seq++) {
    const capturedAtMs = EPOCH + Math.round((seq * 1000) / FPS);
    if (skip && capturedAtMs >= skip.fromMs && capturedAtMs < skip.toMs) continue;
    yield { jpeg: source.compose(seq, capturedAtMs).jpeg, capturedAtMs };
  }
}

test('analyseFrames finds the walker\'s crossings within 1 s of the truth, at ANALYSE_RECORDINGS_FPS', async () => {
  const seconds = 40;
  const progress: number[] = [];
  const activity: number[] = [];
  const result = await analyseFrames(recorded(['walker', 'noise'], seconds), config, {
    onProgress: (p) => progress.push(p.framesAnalysed),
    onActivity: (second) => activity.push(second.secondMs),
  });
  const truth = sceneMotionTruth(['walker'], EPOCH, EPOCH, EPOCH + seconds * 1000);
  assertMatchesTruth('recorded walker', result.hits, truth, EPOCH);
  assert.equal(result.framesRead, seconds * FPS);
  assert.ok(Math.abs(result.framesAnalysed - seconds * ANALYSE_RECORDINGS_FPS) <= 2, `analysed ${result.framesAnalysed}`);
  assert.equal(result.truncated, false);
  assert.ok(progress.length >= 4 && progress.at(-1) === result.framesAnalysed, 'progress every 10 s of recording and at the end');
  // Every second the walker moved in has activity (the first of each crossing may fall before the analysed frame).
  for (const { startMs, endMs } of truth) {
    for (let s = Math.ceil(startMs / 1000) * 1000; s < endMs - 1000; s += 1000) assert.ok(activity.includes(s), `activity in second +${(s - EPOCH) / 1000}`);
  }
});

test('analyseFrames with a region: none away from the walker\'s path, the crossings on it', async () => {
  const away = await analyseFrames(recorded(['walker'], 20), config, { region: { x: 0, y: 0, w: 1, h: 0.4 } });
  assert.deepEqual(away.hits, []);
  const onPath = await analyseFrames(recorded(['walker'], 20), config, { region: { x: 0.4, y: 0.5, w: 0.3, h: 0.2 } });
  assert.equal(onPath.hits.length, 2, JSON.stringify(onPath.hits));
});

test('analyseFrames stops with the signal\'s reason when cancelled', async () => {
  const abort = new AbortController();
  await assert.rejects(
    analyseFrames(recorded(['walker'], 30), config, { signal: abort.signal, onProgress: (p) => { if (p.framesAnalysed > 10) abort.abort(new Error('cancelled by the user')); } }),
    /cancelled by the user/,
  );
});

test('analyseFrames starts the detector over after a gap in the recording: it learns the picture again before it reports', async () => {
  // The walker crosses from 3 s to 7 s and from 23 s to 27 s; nothing was recorded from 5 s to 23.5 s.
  const gap = { fromMs: EPOCH + 5_000, toMs: EPOCH + 23_500 };
  assert.ok(gap.toMs - gap.fromMs > MAX_FRAME_GAP_MS);
  const result = await analyseFrames(recorded(['walker'], 30, gap), config, {});
  assert.equal(result.hits.length, 2, JSON.stringify(result.hits));
  const [before, after] = result.hits;
  assert.ok(before!.endMs < gap.fromMs, 'the first crossing ends before the gap');
  const settledMs = (SETTLE_FRAMES / ANALYSE_RECORDINGS_FPS) * 1000;
  assert.ok(after!.startMs >= gap.toMs + settledMs - 100, `after the gap the detector settles first (hit at +${after!.startMs - gap.toMs} ms)`);
});

test('the detector ends an event whose frames stopped for longer than the quiet period, even if the next frame moves', async () => {
  // The same gap shorter than MAX_FRAME_GAP_MS (no restart), longer than the quiet period.
  const gap = { fromMs: EPOCH + 5_000, toMs: EPOCH + 12_500 };
  const result = await analyseFrames(recorded(['walker'], 20, gap), config, {});
  for (const hit of result.hits) assert.ok(hit.endMs < gap.fromMs || hit.startMs >= gap.toMs, `hit [${hit.startMs - EPOCH}, ${hit.endMs - EPOCH}] spans the gap`);
});
