// The weekly schedule of a camera that records by schedule: for each day any number of time
// ranges, a range may run past midnight (22:00-06:00 records until 06:00 the next morning), and
// "Copy to all days" gives every day the ranges of one.
import { MAX_SCHEDULE_RANGES } from '../../shared/camera.ts';
import { addRange, copyToAllDays, DAY_NAMES, DAYS_IN_ORDER, overnightNote, rangeCount, removeRange, setRange, type ScheduleDraft } from './schedule-draft.ts';

type Props = {
  schedule: ScheduleDraft;
  error: string | undefined;
  onChange: (schedule: ScheduleDraft) => void;
};

export function ScheduleEditor({ schedule, error, onChange }: Props) {
  const full = rangeCount(schedule) >= MAX_SCHEDULE_RANGES;
  return (
    <fieldset class={`field schedule-editor${error ? ' field-invalid' : ''}`} aria-describedby={error ? 'camera-schedule-error' : undefined}>
      <legend>Record on</legend>
      <span class="hint">Local time. A range may end the next morning: 22:00 to 06:00 records through the night. 24:00 is midnight at the end of the day.</span>
      <div class="schedule-week">
        {DAYS_IN_ORDER.map((day) => {
          const ranges = schedule[day] ?? [];
          const name = DAY_NAMES[day];
          return (
            <div key={day} class="schedule-day" data-day={day} role="group" aria-label={name}>
              <span class="schedule-day-name">{name}</span>
              <div class="schedule-ranges">
                {ranges.length === 0 && <span class="hint">not recorded</span>}
                {ranges.map((range, index) => {
                  const note = overnightNote(range, day);
                  return (
                    <span key={index} class="schedule-range" data-range={index}>
                      <input type="text" class="time-text" inputMode="numeric" placeholder="HH:MM" aria-label={`${name} range ${index + 1} from`} data-edge="from"
                        value={range.from} onInput={(e) => onChange(setRange(schedule, day, index, 'from', (e.currentTarget as HTMLInputElement).value))} />
                      {' to '}
                      <input type="text" class="time-text" inputMode="numeric" placeholder="HH:MM" aria-label={`${name} range ${index + 1} to`} data-edge="to"
                        value={range.to} onInput={(e) => onChange(setRange(schedule, day, index, 'to', (e.currentTarget as HTMLInputElement).value))} />
                      {note && <span class="hint overnight-note">{note}</span>}
                      <button type="button" class="button small ghost" aria-label={`Remove ${name} range ${index + 1}`} onClick={() => onChange(removeRange(schedule, day, index))}>
                        ✕
                      </button>
                    </span>
                  );
                })}
              </div>
              <span class="schedule-day-actions">
                <button type="button" class="button small" disabled={full} aria-label={`Add a range on ${name}`} onClick={() => onChange(addRange(schedule, day))}>
                  + Range
                </button>
                <button type="button" class="button small ghost" aria-label={`Copy ${name} to all days`} title={`Give every day the ranges of ${name}`}
                  disabled={(schedule[day]?.length ?? 0) * 7 > MAX_SCHEDULE_RANGES} onClick={() => onChange(copyToAllDays(schedule, day))}>
                  Copy to all days
                </button>
              </span>
            </div>
          );
        })}
      </div>
      {error && (
        <span id="camera-schedule-error" class="field-error" data-field-error="camera-schedule">
          {error}
        </span>
      )}
    </fieldset>
  );
}
