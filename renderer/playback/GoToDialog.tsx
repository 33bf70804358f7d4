// "Go to date and time": a local date and time to the second, in the zone the page runs in
// (named beside the field). In the autumn hour that happens twice, the user picks which.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fromLocalInput, localOffsetMs, toLocalInput, zoneName } from './time-scale.ts';

const HOUR = 3_600_000;

export function GoToDialog({ initialMs, onGo, onCancel }: { initialMs: number; onGo: (atMs: number) => void; onCancel: () => void }) {
  const [value, setValue] = useState(() => toLocalInput(initialMs));
  const [later, setLater] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const first = fromLocalInput(value);
  // The same clock time an offset change later (the repeated hour) is a second instant.
  const second = first === null ? null : ([first + HOUR, first + HOUR / 2].find((t) => toLocalInput(t) === toLocalInput(first) && localOffsetMs(t) !== localOffsetMs(first)) ?? null);
  const chosen = second !== null && later ? second : first;
  return (
    <div class="modal-backdrop" onClick={onCancel}>
      <div class="modal goto-dialog" role="dialog" aria-modal="true" aria-labelledby="goto-title" onClick={(e) => e.stopPropagation()}>
      <form
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen !== null) onGo(chosen);
        }}
      >
        <div class="panel-head">
          <h2 id="goto-title">Go to a date and time</h2>
        </div>
        <label class="field">
          <span>Local time ({zoneName(chosen ?? Date.now())})</span>
          <input ref={input} type="datetime-local" step="1" value={value} required onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        </label>
        {second !== null && first !== null && (
          <fieldset class="goto-twice">
            <legend>This time happened twice (the clocks went back)</legend>
            <label class="check">
              <input type="radio" name="occurrence" checked={!later} onChange={() => setLater(false)} /> the first time ({zoneName(first)})
            </label>
            <label class="check">
              <input type="radio" name="occurrence" checked={later} onChange={() => setLater(true)} /> the second time ({zoneName(second)})
            </label>
          </fieldset>
        )}
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={chosen === null}>
            Go
          </button>
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      </div>
    </div>
  );
}
