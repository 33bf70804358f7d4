// "Go to date and time": a local date and time to the second (LocalTimeField: the zone named,
// the repeated autumn hour asked about).
import { useState } from 'preact/hooks';
import { FormDialog } from '../shell/FormDialog.tsx';
import { LocalTimeField } from './LocalTimeField.tsx';

export function GoToDialog({ initialMs, onGo, onCancel }: { initialMs: number; onGo: (atMs: number) => void; onCancel: () => void }) {
  const [chosen, setChosen] = useState<number | null>(initialMs);
  return (
    <FormDialog name="goto-dialog" title="Go to a date and time" submitLabel="Go" submitDisabled={chosen === null} onSubmit={() => chosen !== null && onGo(chosen)} onCancel={onCancel}>
      <LocalTimeField label="Local time" name="goto" initialMs={initialMs} onInstant={setChosen} autoFocus />
    </FormDialog>
  );
}
