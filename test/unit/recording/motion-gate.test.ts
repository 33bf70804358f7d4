import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MotionGate, motionGateSettingsOf, PRE_ROLL_SLACK_MS, MAX_PRE_ROLL_BYTES } from '../../../main/recording/motion-gate.ts';

/** A recorder that notes what it is given: frames by capture time, and where segments end. */
function fakeRecorder() {
  const log: Array<number | 'end'> = [];
  return { log, pushFrame: (_jpeg: Uint8Array, wallMs: number) => void log.push(wallMs), endSegment: () => void log.push('end') };
}
/** 10 fps, 1000-byte frames, capture time = 1_000_000 + 100 * i. */
const frame = (i: number, bytes = 1000) => ({ jpeg: Buffer.alloc(bytes, i & 0xff), receivedAtWallMs: 1_000_000 + 100 * i, monoMs: 100 * i, width: 320, height: 240 });
const at = (i: number) => 1_000_000 + 100 * i;

test('nothing is written without motion; motion writes the pre-roll before its first moving frame, then live, then the post-roll', () => {
  const recorder = fakeRecorder();
  const gate = new MotionGate(recorder, { preRollMs: 2000, postRollMs: 1000, maxBufferBytes: MAX_PRE_ROLL_BYTES });
  for (let i = 0; i < 100; i++) gate.pushFrame(frame(i));
  assert.deepEqual(recorder.log, []);
  // The buffer holds the pre-roll and its slack, not the 10 s seen.
  assert.equal(gate.bufferedFrames, (2000 + PRE_ROLL_SLACK_MS) / 100 + 1);
  // Motion began at frame 90 (its news comes at frame 99): frames from 70 (2 s before) on are written.
  gate.control({ motion: true, startWallMs: at(90) });
  assert.deepEqual(recorder.log, Array.from({ length: 30 }, (_, k) => at(70 + k)));
  assert.ok((recorder.log[0] as unknown as number) <= at(90) - 2000);
  assert.equal(gate.bufferedBytes, 0);
  for (let i = 100; i < 120; i++) gate.pushFrame(frame(i));
  // Motion ended at frame 110: the post-roll runs to frame 120 inclusive, then the segment ends.
  gate.control({ motion: false, endWallMs: at(110) });
  for (let i = 120; i < 130; i++) gate.pushFrame(frame(i));
  const written = recorder.log.filter((x) => x !== 'end');
  assert.equal(written.at(-1), at(120));
  assert.deepEqual(recorder.log.slice(-1), ['end']);
  assert.equal(gate.recording, false);
  assert.equal(gate.bufferedFrames, 9);
});

test("the frame just before the pre-roll's edge is written too, so the pre-roll is whole", () => {
  const recorder = fakeRecorder();
  const gate = new MotionGate(recorder, { preRollMs: 250, postRollMs: 0, maxBufferBytes: MAX_PRE_ROLL_BYTES });
  for (let i = 0; i < 10; i++) gate.pushFrame(frame(i));
  gate.control({ motion: true, startWallMs: at(9) }); // the edge falls at 6.5 frames: frame 6 starts it
  assert.deepEqual(recorder.log, [at(6), at(7), at(8), at(9)]);
});

test('motion coming back during the post-roll keeps the same recording going', () => {
  const recorder = fakeRecorder();
  const gate = new MotionGate(recorder, { preRollMs: 0, postRollMs: 500, maxBufferBytes: MAX_PRE_ROLL_BYTES });
  gate.pushFrame(frame(0));
  gate.control({ motion: true, startWallMs: at(0) });
  gate.control({ motion: false, endWallMs: at(0) });
  for (let i = 1; i <= 4; i++) gate.pushFrame(frame(i));
  gate.control({ motion: true, startWallMs: at(4) });
  for (let i = 5; i <= 20; i++) gate.pushFrame(frame(i));
  assert.equal(recorder.log.includes('end'), false);
  assert.equal(recorder.log.length, 21);
});

test('the byte bound holds: the oldest pre-roll frames go first', () => {
  const recorder = fakeRecorder();
  const gate = new MotionGate(recorder, { preRollMs: 5000, postRollMs: 0, maxBufferBytes: 10_000 });
  let peak = 0;
  for (let i = 0; i < 50; i++) {
    gate.pushFrame(frame(i, 3000));
    peak = Math.max(peak, gate.bufferedBytes);
  }
  assert.ok(peak <= 10_000, `held ${peak} bytes`);
  assert.equal(gate.bufferedFrames, 3);
  gate.control({ motion: true, startWallMs: at(49) });
  assert.deepEqual(recorder.log, [at(47), at(48), at(49)]);
});

test('onMotion settings are checked, naming the field', () => {
  assert.equal(motionGateSettingsOf(undefined), null);
  assert.deepEqual(motionGateSettingsOf({ preRollMs: 5000, postRollMs: 5000 }), { preRollMs: 5000, postRollMs: 5000, maxBufferBytes: MAX_PRE_ROLL_BYTES });
  assert.throws(() => motionGateSettingsOf({ preRollMs: -1, postRollMs: 0 }), /onMotion\.preRollMs must be a number of ms/);
});
