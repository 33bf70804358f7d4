// A local date and time to the second, in the zone the page runs in (named in the label). In the
// autumn hour that happens twice, the user picks which; `onInstant` gets the chosen instant, or
// null while the field holds no valid time. "Go to" and the export's range use it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fromLocalInput, localOffsetMs, toLocalInput, zoneName } from './time-scale.ts';

const HOUR = 3_600_000;

type Props = { label: string; initialMs: number; onInstant: (atMs: number | null) => void; autoFocus?: boolean; name: string };

export function LocalTimeField({ label, initialMs, onInstant, autoFocus = false, name }: Props) {
  const [value, setValue] = useState(() => toLocalInput(initialMs));
  const [later, setLater] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const first = fromLocalInput(value);
  // The same clock time an offset change later (the repeated hour) is a second instant.
  const second = first === null ? null : ([first + HOUR, first + HOUR / 2].find((t) => toLocalInput(t) === toLocalInput(first) && localOffsetMs(t) !== localOffsetMs(first)) ?? null);
  const chosen = second !== null && later ? second : first;
  useEffect(() => onInstant(chosen), [chosen]);
  return (
    <>
      <label class="field">
        <span>
          {label} ({zoneName(chosen ?? Date.now())})
        </span>
        <input ref={input} type="datetime-local" step="1" name={name} value={value} required onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
      </label>
      {second !== null && first !== null && (
        <fieldset class="goto-twice">
          <legend>This time happened twice (the clocks went back)</legend>
          <label class="check">
            <input type="radio" name={`${name}-occurrence`} checked={!later} onChange={() => setLater(false)} /> the first time ({zoneName(first)})
          </label>
          <label class="check">
            <input type="radio" name={`${name}-occurrence`} checked={later} onChange={() => setLater(true)} /> the second time ({zoneName(second)})
          </label>
        </fieldset>
      )}
    </>
  );
}
