// The wall's controls in the toolbar: grid preset, the named layout in use, "Save as", "Delete".
import { useState } from 'preact/hooks';
import { LAYOUT_PRESETS, type LayoutPreset } from '../../shared/layout.ts';
import type { LayoutsController } from '../app/use-layouts.ts';
import type { Tour } from '../app/use-tour.ts';

const PRESET_LABELS: Record<LayoutPreset, string> = {
  '1': '1 × 1',
  '2x2': '2 × 2',
  '3x3': '3 × 3',
  '4x4': '4 × 4',
  '5x5': '5 × 5',
  '6x6': '6 × 6',
  '8x8': '8 × 8',
  '1+5': '1 large + 5',
  '1+7': '1 large + 7',
  '1+12': '1 large + 12',
};

export function LayoutBar({ layouts, tour }: { layouts: LayoutsController; tour: Tour }) {
  const [naming, setNaming] = useState(false);
  const active = layouts.active;
  if (!active) return null;
  return (
    <div class="layout-bar">
      <label class="field-inline">
        <span>Grid</span>
        <select
          value={active.preset}
          data-testid="preset"
          onChange={(e) => layouts.changePreset((e.currentTarget as HTMLSelectElement).value as LayoutPreset)}
        >
          {LAYOUT_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label class="field-inline">
        <span>Layout</span>
        <select value={active.id} data-testid="layout" onChange={(e) => layouts.switchTo((e.currentTarget as HTMLSelectElement).value)}>
          {layouts.layouts.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {/* The form opens as a popover under its button, out of the toolbar's flow: opening it
          must not wrap the toolbar and move the wall. */}
      <span class="save-as-anchor">
        <button type="button" class="button" aria-expanded={naming} aria-controls="save-as-form" onClick={() => setNaming((n) => !n)}>
          Save as…
        </button>
        {naming && <SaveAsForm layouts={layouts} onDone={() => setNaming(false)} />}
      </span>
      <button
        type="button"
        class="button"
        disabled={layouts.layouts.length < 2}
        title={layouts.layouts.length < 2 ? 'The last layout cannot be deleted' : `Delete the layout ${active.name}`}
        onClick={() => confirm(`Delete the layout “${active.name}”?`) && layouts.remove(active.id)}
      >
        Delete layout
      </button>
      <TourButton tour={tour} />
      {layouts.error && <span class="inline-error" role="alert">{layouts.error}</span>}
    </div>
  );
}

function SaveAsForm({ layouts, onDone }: { layouts: LayoutsController; onDone: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      id="save-as-form"
      class="save-as"
      aria-label="Save the layout as"
      onSubmit={async (event) => {
        event.preventDefault();
        const problem = await layouts.saveAs(name);
        if (problem) setError(problem);
        else onDone();
      }}
      onKeyDown={(event) => event.key === 'Escape' && onDone()}
    >
      <label class="field-inline">
        <span>Name</span>
        <input
          value={name}
          autoFocus
          required
          maxLength={64}
          aria-invalid={error !== null}
          aria-describedby={error ? 'save-as-error' : undefined}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="button primary">
        Save
      </button>
      <button type="button" class="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span id="save-as-error" class="inline-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** Starts or stops the layout tour (T); set it up in Settings → Wall. */
export function TourButton({ tour }: { tour: Tour }) {
  return (
    <button
      type="button"
      class={`button${tour.running ? ' primary' : ''}`}
      aria-pressed={tour.running}
      disabled={!tour.available}
      title={tour.available ? 'Show the tour’s layouts in turn; it waits while you use the wall (T)' : 'Choose two layouts or more for the tour in Settings → Wall'}
      onClick={tour.toggle}
    >
      Tour
    </button>
  );
}
