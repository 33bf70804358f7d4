// The camera list beside the wall: each camera with its live state, dragged onto a tile to show
// it there.
import type { Camera } from '../../shared/camera.ts';
import { describeState } from '../app/camera-state.ts';
import { useCameraLive } from '../app/use-live.ts';
import { setDragPayload } from './drag.ts';

export function CameraDrawer({ cameras, onManage }: { cameras: Camera[]; onManage: () => void }) {
  return (
    <aside class="drawer" aria-label="Cameras">
      <div class="drawer-head">
        <h2>Cameras</h2>
        <button type="button" class="button small" onClick={onManage}>
          Manage
        </button>
      </div>
      <p class="hint">Drag a camera onto a tile.</p>
      <ul class="drawer-list">
        {cameras.map((camera) => (
          <DrawerItem key={camera.id} camera={camera} />
        ))}
      </ul>
    </aside>
  );
}

function DrawerItem({ camera }: { camera: Camera }) {
  const live = useCameraLive(camera.id);
  const state = describeState(live?.status ?? null, false, camera.enabled);
  return (
    <li
      class="drawer-item"
      draggable
      data-camera-id={camera.id}
      onDragStart={(event) => setDragPayload(event, { kind: 'camera', cameraId: camera.id })}
      title={state.reason ?? state.label}
    >
      <span class={`dot tone-${state.tone}`} aria-hidden="true" />
      <span class="drawer-name">{camera.name}</span>
      <span class="drawer-state">{state.label}</span>
    </li>
  );
}
