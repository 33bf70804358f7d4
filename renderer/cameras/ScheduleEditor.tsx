// The weekly schedule of a camera that records by schedule: tick the days, give one time range
// for them. A saved schedule with different times per day is shown as it is, and replaced only
// when the user chooses to edit it here.
import { DAY_NAMES, describeRanges, type ScheduleDraft } from './schedule-draft.ts';

type Props = {
  schedule: ScheduleDraft;
  error: string | undefined;
  onChange: (schedule: ScheduleDraft) => void;
};

export function ScheduleEditor({ schedule, error, onChange }: Props) {
  if (schedule.custom) {
    return (
      <div class="field schedule-editor" data-schedule="custom">
        <span class="label">Schedule</span>
        <span class="hint">{describeRanges(schedule.custom)}</span>
        <button type="button" class="button" onClick={() => onChange({ ...schedule, custom: null })}>
          Replace with one time range for chosen days
        </button>
        {error && <span class="field-error" data-field-error="camera-schedule">{error}</span>}
      </div>
    );
  }
  const toggleDay = (day: number, ticked: boolean) => onChange({ ...schedule, days: schedule.days.map((d, i) => (i === day ? ticked : d)) });
  return (
    <fieldset class={`field schedule-editor${error ? ' field-invalid' : ''}`} aria-describedby={error ? 'camera-schedule-error' : undefined}>
      <legend>Record on</legend>
      <div class="schedule-days">
        {DAY_NAMES.map((name, day) => (
          <label key={name} class="check">
            <input type="checkbox" data-day={day} checked={schedule.days[day] ?? false} onChange={(e) => toggleDay(day, (e.currentTarget as HTMLInputElement).checked)} />
            {name}
          </label>
        ))}
      </div>
      <div class="schedule-times">
        <label>
          From{' '}
          <input type="text" id="camera-schedule-from" class="time-text" inputMode="numeric" value={schedule.from} placeholder="HH:MM" onInput={(e) => onChange({ ...schedule, from: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        <label>
          to{' '}
          <input type="text" id="camera-schedule-to" class="time-text" inputMode="numeric" value={schedule.to} placeholder="HH:MM, 24:00 = midnight"
            onInput={(e) => onChange({ ...schedule, to: (e.currentTarget as HTMLInputElement).value })} />
        </label>
      </div>
      <span class="hint">Local time. For a range across midnight, use two: e.g. 22:00-24:00, then 00:00-06:00 the next day.</span>
      {error && (
        <span id="camera-schedule-error" class="field-error" data-field-error="camera-schedule">
          {error}
        </span>
      )}
    </fieldset>
  );
}
