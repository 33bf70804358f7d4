// The settings form's conversions: text fields to the settings.set patch and the core's field
// errors back to the fields.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, settingsPatchSchema } from '../../../shared/settings.ts';
import { draftOf, patchOf, sameDraft, settingsErrorsOf } from '../../../renderer/settings/settings-draft.ts';

const GIB = 1024 ** 3;

describe('settings draft', () => {
  it('round-trips the settings unchanged, and the patch passes the schema', () => {
    const { patch, errors } = patchOf(draftOf(DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    assert.deepEqual(errors, {});
    assert.equal(settingsPatchSchema.safeParse(patch).success, true);
    assert.deepEqual({ ...DEFAULT_SETTINGS, ...patch }, DEFAULT_SETTINGS);
    assert.equal('passwordStorage' in patch, false, 'an unchanged password choice is not sent');
  });

  it('reads empty limits as no limit, GB as bytes, and the new-camera defaults', () => {
    const draft = { ...draftOf(DEFAULT_SETTINGS), globalRetentionGb: '', minFreeDiskGb: '5', newRetentionDays: '30', newRetentionGb: ' 2.5 ', passwordStorage: 'obfuscated' as const };
    const { patch } = patchOf(draft, DEFAULT_SETTINGS);
    assert.equal(patch.globalRetentionGb, null);
    assert.equal(patch.minFreeDiskBytes, 5 * GIB);
    assert.deepEqual(patch.newCameraDefaults, { enabled: true, recordMode: 'off', retentionDays: 30, retentionGb: 2.5 });
    assert.equal(patch.passwordStorage, 'obfuscated');
  });

  it('refuses a free disk size that is not a number of GB before sending', () => {
    for (const minFreeDiskGb of ['', 'lots', '-1']) {
      assert.deepEqual(patchOf({ ...draftOf(DEFAULT_SETTINGS), minFreeDiskGb }, DEFAULT_SETTINGS).errors, { minFreeDiskBytes: 'must be a number of GB, 0 or more' }, minFreeDiskGb);
    }
  });

  it('hands text that is not a number to the core, which names the field', () => {
    const { patch } = patchOf({ ...draftOf(DEFAULT_SETTINGS), stallTimeoutS: 'soon', newRetentionDays: '0' }, DEFAULT_SETTINGS);
    const parsed = settingsPatchSchema.safeParse(patch);
    assert.equal(parsed.success, false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('stallTimeoutS') && paths.includes('newCameraDefaults.retentionDays'), paths.join(', '));
  });

  it('maps the core field errors to key paths', () => {
    const errors = settingsErrorsOf({
      code: 'invalid-argument',
      message: 'Settings not saved',
      fields: [
        { field: 'patch.stallTimeoutS', message: 'must be an integer from 2 to 300 seconds' },
        { field: 'patch.newCameraDefaults.retentionDays', message: 'must be an integer from 1 to 3650 days' },
      ],
    });
    assert.deepEqual(errors, { stallTimeoutS: 'must be an integer from 2 to 300 seconds', 'newCameraDefaults.retentionDays': 'must be an integer from 1 to 3650 days' });
  });

  it('tells an edited draft from the pristine one', () => {
    const draft = draftOf(DEFAULT_SETTINGS);
    assert.equal(sameDraft(draft, draftOf(DEFAULT_SETTINGS)), true);
    assert.equal(sameDraft({ ...draft, stallTimeoutS: '11' }, draft), false);
  });
});
