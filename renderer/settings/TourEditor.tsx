// The layout tour's steps in Settings → Wall: which named layouts the tour shows, in the layouts'
// order, and for how many seconds each.
import type { Layout } from '../../shared/layout.ts';
import type { SettingsDraft, SettingsErrors } from './settings-draft.ts';

export const DEFAULT_DWELL_S = '20';

type Steps = SettingsDraft['tour'];

export function TourEditor({ layouts, steps, errors, onChange }: { layouts: Layout[]; steps: Steps; errors: SettingsErrors; onChange: (steps: Steps) => void }) {
  // Rebuilt in the layouts' order on every change; steps of deleted layouts drop out then.
  const update = (layoutId: string, change: { include?: boolean; dwellS?: string }) =>
    onChange(
      layouts.flatMap((layout) => {
        const step = steps.find((s) => s.layoutId === layout.id);
        const include = layout.id === layoutId ? (change.include ?? step !== undefined) : step !== undefined;
        if (!include) return [];
        const dwellS = layout.id === layoutId && change.dwellS !== undefined ? change.dwellS : (step?.dwellS ?? DEFAULT_DWELL_S);
        return [{ layoutId: layout.id, dwellS }];
      }),
    );
  return (
    <fieldset class="tour-editor">
      <legend>Tour: the layouts shown in turn (T or the Tour button starts it; a kiosk starts it by itself)</legend>
      {layouts.map((layout) => {
        const at = steps.findIndex((s) => s.layoutId === layout.id);
        const step = steps[at];
        const id = `settings-tour-${layout.id}`;
        const error = at >= 0 ? errors[`tour.steps.${at}.dwellS`] : undefined;
        return (
          <div key={layout.id} class="tour-step">
            <label class="check">
              <input type="checkbox" id={id} checked={step !== undefined} onChange={(e) => update(layout.id, { include: (e.currentTarget as HTMLInputElement).checked })} />
              {layout.name}
            </label>
            <label class="field-inline">
              <span>for</span>
              <input
                class="dwell"
                id={`${id}-dwell`}
                inputMode="numeric"
                disabled={step === undefined}
                value={step?.dwellS ?? DEFAULT_DWELL_S}
                aria-invalid={error !== undefined}
                aria-label={`Seconds on ${layout.name}`}
                onInput={(e) => update(layout.id, { dwellS: (e.currentTarget as HTMLInputElement).value })}
              />
              <span>s</span>
            </label>
            {error && (
              <span class="field-error" data-field-error={`${id}-dwell`}>
                {error}
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
