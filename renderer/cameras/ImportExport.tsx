// The camera list as a JSON file: export downloads it (passwords only when asked for), import
// reads a file the user picks and reports what was added and what was skipped and why.
import { useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { CameraImportResult } from '../../shared/api/index.ts';
import { useServices } from '../app/use-live.ts';
import { downloadBytes } from '../wall/snapshot.ts';
import { FormError } from '../shell/FormError.tsx';

/** What the menu's Import… and Export… commands do here. */
export type ImportExportHandle = { exportCameras(): void; chooseFile(): void };

export function ImportExport({ handle }: { handle?: RefObject<ImportExportHandle | null> }) {
  const { api } = useServices();
  const fileInput = useRef<HTMLInputElement>(null);
  const fileButton = useRef<HTMLLabelElement>(null);
  const [withPasswords, setWithPasswords] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [imported, setImported] = useState<CameraImportResult | null>(null);

  const exportCameras = async () => {
    const result = await api.cameras.export({ includePasswords: withPasswords });
    if (!result.ok) return setMessage(result.error.message);
    downloadBytes(result.value.json, 'application/json', `camwall-cameras-${new Date().toISOString().slice(0, 10)}.json`);
    setMessage(null);
  };

  const importCameras = async (file: File | undefined) => {
    if (!file) return;
    const result = await api.cameras.import({ json: await file.text() });
    if (!result.ok) {
      setImported(null);
      return setMessage(result.error.message);
    }
    setMessage(null);
    setImported(result.value);
  };

  // A file chooser needs a user gesture, which a menu command may not count as. Then the file
  // input (inside the import button) gets the focus, so Enter or a click opens the chooser.
  const chooseFile = () => {
    const input = fileInput.current;
    if (!input) return;
    fileButton.current?.scrollIntoView({ block: 'nearest' });
    try {
      input.showPicker();
    } catch {
      input.focus();
    }
  };
  if (handle) handle.current = { exportCameras: () => void exportCameras(), chooseFile };

  return (
    <div class="import-export">
      <h3>Import and export</h3>
      <div class="row">
        <button type="button" class="button" onClick={() => void exportCameras()}>
          Export cameras
        </button>
        <label class="check">
          <input type="checkbox" checked={withPasswords} onChange={(e) => setWithPasswords((e.currentTarget as HTMLInputElement).checked)} />
          Include passwords (the file will hold them in plain text)
        </label>
      </div>
      <div class="row">
        <label ref={fileButton} class="button file-button">
          Import cameras…
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              void importCameras(input.files?.[0]).finally(() => (input.value = ''));
            }}
          />
        </label>
      </div>
      <FormError message={message} />
      {imported && (
        <p class="import-result" role="status">
          Added {imported.added.length} camera{imported.added.length === 1 ? '' : 's'}, updated {imported.updated.length}.
        </p>
      )}
    </div>
  );
}
