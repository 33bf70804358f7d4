// Camera management: the list with each camera's live state, the add/edit form, removal, and
// import/export of the camera list as a JSON file.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppInfo } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { cameraOrigin } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import type { CamerasRequest } from '../app/app-commands.ts';
import { describeState } from '../app/camera-state.ts';
import { useCameraLive, useServices } from '../app/use-live.ts';
import { PasswordWarning } from '../shell/PasswordWarning.tsx';
import { CameraForm } from './CameraForm.tsx';
import { ImportExport, type ImportExportHandle } from './ImportExport.tsx';
import { FormError } from '../shell/FormError.tsx';

type Props = {
  cameras: Camera[];
  settings: Settings | null;
  info: AppInfo | null;
  /** A menu command to carry out once (add, import, export); `onRequestHandled` consumes it. */
  request?: CamerasRequest | null;
  onRequestHandled?: () => void;
  onAdded: (camera: Camera) => void;
};

export function CamerasView({ cameras, settings, info, request = null, onRequestHandled, onAdded }: Props) {
  const { api } = useServices();
  // null: no form; 'new': adding; otherwise the id being edited.
  const [editing, setEditing] = useState<string | null>(cameras.length === 0 ? 'new' : null);
  const [error, setError] = useState<string | null>(null);
  const edited = editing && editing !== 'new' ? (cameras.find((c) => c.id === editing) ?? null) : null;
  const importExport = useRef<ImportExportHandle | null>(null);

  useEffect(() => {
    if (!request) return;
    onRequestHandled?.();
    if (request.kind === 'add') setEditing('new');
    else if (request.kind === 'edit') setEditing(cameras.some((c) => c.id === request.cameraId) ? request.cameraId : null);
    else if (request.kind === 'export') importExport.current?.exportCameras();
    else importExport.current?.chooseFile();
  }, [request?.seq]);

  const remove = async (camera: Camera) => {
    if (!confirm(`Remove the camera “${camera.name}”? Its recordings stay on disk.`)) return;
    const result = await api.cameras.remove({ id: camera.id });
    setError(result.ok ? null : result.error.message);
    if (result.ok && editing === camera.id) setEditing(null);
  };

  return (
    <div class="page cameras-page">
      <section class="panel camera-list-panel" aria-labelledby="camera-list-title">
        <div class="panel-head">
          <h2 id="camera-list-title">Cameras</h2>
          <button type="button" class="button primary" onClick={() => setEditing('new')}>
            Add camera
          </button>
        </div>
        {!editing && <PasswordWarning info={info} />}
        <FormError message={error} />
        {cameras.length === 0 ? (
          <p class="hint">No cameras yet. Add one with its address and password.</p>
        ) : (
          <table class="camera-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">State</th>
                <th scope="col">Stream</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cameras.map((camera) => (
                <CameraRow key={camera.id} camera={camera} onEdit={() => setEditing(camera.id)} onRemove={() => void remove(camera)} />
              ))}
            </tbody>
          </table>
        )}
        <ImportExport handle={importExport} />
      </section>
      {editing && (
        <section class="panel camera-form-panel">
          <CameraForm
            key={editing}
            camera={edited}
            cameras={cameras}
            settings={settings}
            info={info}
            onSaved={(camera, added) => {
              setEditing(null);
              if (added) onAdded(camera);
            }}
            onAddedMany={(added) => {
              setEditing(null);
              for (const camera of added) onAdded(camera);
            }}
            onCancel={() => setEditing(null)}
          />
        </section>
      )}
    </div>
  );
}

function CameraRow({ camera, onEdit, onRemove }: { camera: Camera; onEdit: () => void; onRemove: () => void }) {
  const live = useCameraLive(camera.id);
  const state = describeState(live?.status ?? null, false, camera.enabled);
  const stats = live?.stats;
  return (
    <tr data-camera-id={camera.id}>
      <th scope="row">{camera.name}</th>
      <td class="mono">
        {cameraOrigin(camera)}
        {camera.kind === 'vapix' && camera.channel !== null && <span class="row-reason">channel {camera.channel}</span>}
      </td>
      <td>
        <span class={`state-badge tone-${state.tone}`}>{state.label}</span>
        {state.reason && state.tone !== 'live' && <span class="row-reason">{state.reason}</span>}
      </td>
      <td class="mono">{stats && stats.state === 'live' ? `${stats.width}×${stats.height} · ${stats.fps.toFixed(1)} fps` : '—'}</td>
      <td class="row-actions">
        <button type="button" class="button small" onClick={onEdit} aria-label={`Edit ${camera.name}`}>
          Edit
        </button>
        <button type="button" class="button small danger" onClick={onRemove} aria-label={`Remove ${camera.name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}
