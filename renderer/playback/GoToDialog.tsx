// "Go to date and time": a local date and time to the second (LocalTimeField: the zone named,
// the repeated autumn hour asked about).
import { useState } from 'preact/hooks';
import { LocalTimeField } from './LocalTimeField.tsx';

export function GoToDialog({ initialMs, onGo, onCancel }: { initialMs: number; onGo: (atMs: number) => void; onCancel: () => void }) {
  const [chosen, setChosen] = useState<number | null>(initialMs);
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
        <LocalTimeField label="Local time" name="goto" initialMs={initialMs} onInstant={setChosen} autoFocus />
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
