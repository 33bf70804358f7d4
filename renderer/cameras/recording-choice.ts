// The camera form's "Recording" choices. The core has two settings, when to record
// (`recordMode`) and whether to detect motion (`motion.enabled`); the form offers the
// combinations a user thinks in: "Continuous, motion marked" is continuous recording with
// detection on, and "On motion" turns detection on (the core refuses it without).
import type { RecordMode } from '../../shared/camera.ts';

export type RecordingChoice = RecordMode | 'continuous-marked';
/** [choice, label, what it sets: the mode, and detection on/off (null: left as it is)]. */
export const RECORDING_CHOICES: Array<[RecordingChoice, string, { recordMode: RecordMode; motionEnabled: boolean | null }]> = [
  ['off', 'Off', { recordMode: 'off', motionEnabled: null }],
  ['continuous', 'Continuous', { recordMode: 'continuous', motionEnabled: false }],
  ['continuous-marked', 'Continuous, motion marked', { recordMode: 'continuous', motionEnabled: true }],
  ['motion', 'On motion', { recordMode: 'motion', motionEnabled: true }],
  ['scheduled', 'Scheduled (weekly)', { recordMode: 'scheduled', motionEnabled: null }],
];

export function recordingChoiceOf(recordMode: RecordMode, motionEnabled: boolean): RecordingChoice {
  return recordMode === 'continuous' && motionEnabled ? 'continuous-marked' : recordMode;
}
