// The camera form's motion settings: seconds and percent as typed <-> the MotionConfig the core
// takes, each error naming its field in the user's unit, and the core's errors mapped back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MOTION_CONFIG, motionConfigSchema, motionTuningOf, SENSITIVITY_PRESETS } from '../../../shared/motion.ts';
import { motionConfigOf, motionDraftOf, motionFieldErrorsOf, presetShown } from '../../../renderer/cameras/motion-draft.ts';

describe('motion draft', () => {
  it('round-trips the defaults, and what it makes is what the contract accepts', () => {
    const draft = motionDraftOf(undefined);
    assert.equal(draft.quietS, '30');
    assert.equal(draft.preRollS, '5');
    assert.equal(draft.pixelThreshold, '', 'no override: the preset');
    const made = motionConfigOf(draft);
    assert.ok('config' in made);
    assert.deepEqual(made.config, DEFAULT_MOTION_CONFIG);
    assert.ok(motionConfigSchema.safeParse(made.config).success);
  });

  it('converts seconds to ms, percent to fractions, and keeps only the overrides typed', () => {
    const draft = { ...motionDraftOf(undefined), enabled: true, sensitivity: 'high' as const, quietS: '12.5', preRollS: '8', postRollS: '0', minObjectPct: '0.5', makeFrames: '3', zones: [{ name: ' Drive ', kind: 'include' as const, points: [[0, 0], [1, 0], [1, 1]] as Array<[number, number]> }] };
    const made = motionConfigOf(draft);
    assert.ok('config' in made);
    assert.equal(made.config.quietMs, 12_500);
    assert.equal(made.config.preRollMs, 8_000);
    assert.equal(made.config.postRollMs, 0);
    assert.deepEqual(made.config.tuning, { minObjectFraction: 0.005, makeFrames: 3 });
    assert.equal(made.config.zones[0]!.name, 'Drive');
    assert.ok(motionConfigSchema.safeParse(made.config).success);
    assert.deepEqual(motionDraftOf(made.config).minObjectPct, '0.5', 'and back');
  });

  it('names each field that is wrong, in its unit', () => {
    const made = motionConfigOf({ ...motionDraftOf(undefined), analysedFps: '30', quietS: 'soon', preRollS: '45', pixelThreshold: '2.5' });
    assert.ok('errors' in made);
    assert.equal(made.errors.analysedFps, 'Must be a whole number from 1 to 15 frames a second.');
    assert.equal(made.errors.quietS, 'Enter a number from 1 to 600 s.');
    assert.equal(made.errors.preRollS, 'Must be a number from 0 to 30 s.');
    assert.match(made.errors.pixelThreshold!, /whole number from 1 to 255 gray levels/);
  });

  it("maps the core's motion field errors onto the form's fields", () => {
    const errors = motionFieldErrorsOf([
      { field: 'camera.motion.quietMs', message: 'must be a whole number from 1000 to 600000 ms' },
      { field: 'patch.motion.zones[1].points', message: 'a zone needs at least 3 points' },
      { field: 'patch.motion.tuning.makeFrames', message: 'too many' },
      { field: 'camera.name', message: 'required' },
    ]);
    assert.deepEqual(errors, { quietS: 'must be a whole number from 1000 to 600000 ms', zones: 'Zone 2: a zone needs at least 3 points', makeFrames: 'too many' });
  });

  it('shows the preset behind each Advanced field in the units typed there, and an override reaches the tuning the detector uses', () => {
    const shown = presetShown('high');
    assert.equal(shown.pixelThreshold, String(SENSITIVITY_PRESETS.high.pixelThreshold));
    assert.equal(Number(shown.minObjectPct) / 100, SENSITIVITY_PRESETS.high.minObjectFraction);
    assert.equal(Number(shown.lightSwitchPct) / 100, SENSITIVITY_PRESETS.high.lightSwitchFraction);
    const made = motionConfigOf({ ...motionDraftOf(undefined), sensitivity: 'high', pixelThreshold: '12' });
    assert.ok('config' in made);
    assert.deepEqual(motionTuningOf(made.config), { ...SENSITIVITY_PRESETS.high, pixelThreshold: 12 });
  });
});
