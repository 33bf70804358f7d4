// The camera form's Recording choice: the core's two settings (recordMode, motion.enabled) as the
// combinations a user picks, and back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RECORD_MODES } from '../../../shared/camera.ts';
import { RECORDING_CHOICES, recordingChoiceOf } from '../../../renderer/cameras/recording-choice.ts';

describe('recording choice', () => {
  it('offers every record mode of the contract, and continuous with motion marked', () => {
    const modes = new Set(RECORDING_CHOICES.map(([, , sets]) => sets.recordMode));
    for (const mode of RECORD_MODES) assert.ok(modes.has(mode), `${mode} is offered`);
    assert.deepEqual(RECORDING_CHOICES.find(([c]) => c === 'continuous-marked')![2], { recordMode: 'continuous', motionEnabled: true });
    assert.equal(RECORDING_CHOICES.find(([c]) => c === 'motion')![2].motionEnabled, true, 'On motion needs detection on');
  });

  it('shows what the camera has: each choice reads back as itself', () => {
    for (const [choice, , sets] of RECORDING_CHOICES) {
      assert.equal(recordingChoiceOf(sets.recordMode, sets.motionEnabled ?? false), choice === 'continuous-marked' ? 'continuous-marked' : choice);
    }
    assert.equal(recordingChoiceOf('continuous', false), 'continuous');
    assert.equal(recordingChoiceOf('off', true), 'off', 'detection without recording is still "Off"');
  });
});
