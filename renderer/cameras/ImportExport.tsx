// The camera list as a JSON file: export downloads it (passwords only when asked for), import
// reads a file the user picks and reports what was added and what was skipped and why.
import { useState } from 'preact/hooks';
import type { CameraImportResult } from '../../shared/api/index.ts';
import { useServices } from '../app/use-live.ts';
import { downloadBytes } from '../wall/snapshot.ts';

export function ImportExport() {
  const { api } = useServices();
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
        <label class="button file-button">
          Import cameras…
          <input
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
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      {imported && (
        <p class="import-result" role="status">
          Added {imported.added.length} camera{imported.added.length === 1 ? '' : 's'}, updated {imported.updated.length}.
        </p>
      )}
    </div>
  );
}
