// The camera list beside the wall: each camera with its live state, dragged onto a tile to show
// it there, or chosen (click, Enter) to show it in the selected tile. The keyboard reaches it
// with L; Up and Down move between cameras.
import type { Camera } from '../../shared/camera.ts';
import { describeState } from '../app/camera-state.ts';
import { useCameraLive } from '../app/use-live.ts';
import { setDragPayload } from './drag.ts';

const ITEM_SELECTOR = '.drawer-item-button';

/** Puts the keyboard focus on the first camera of the list (the L key). */
export function focusCameraList(): void {
  document.querySelector<HTMLElement>(ITEM_SELECTOR)?.focus();
}

type Props = { cameras: Camera[]; onManage: () => void; onPlace: (cameraId: string) => void };

export function CameraDrawer({ cameras, onManage, onPlace }: Props) {
  // Up and Down stay in the list: the wall's arrows (tile selection) must not move as well.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    const list = event.currentTarget as HTMLElement;
    const items = [...list.querySelectorAll<HTMLElement>(ITEM_SELECTOR)];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[Math.min(items.length - 1, Math.max(0, at + step))]?.focus();
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <aside class="drawer" aria-label="Cameras">
      <div class="drawer-head">
        <h2>Cameras</h2>
        <button type="button" class="button small" onClick={onManage}>
          Manage
        </button>
      </div>
      <p class="hint">Drag a camera onto a tile, or choose one to show it in the selected tile.</p>
      <ul class="drawer-list" onKeyDown={onKeyDown}>
        {cameras.map((camera) => (
          <DrawerItem key={camera.id} camera={camera} onPlace={onPlace} />
        ))}
      </ul>
    </aside>
  );
}

function DrawerItem({ camera, onPlace }: { camera: Camera; onPlace: (cameraId: string) => void }) {
  const live = useCameraLive(camera.id);
  const state = describeState(live?.status ?? null, false, camera.enabled);
  return (
    <li class="drawer-item" draggable data-camera-id={camera.id} onDragStart={(event) => setDragPayload(event, { kind: 'camera', cameraId: camera.id })}>
      <button
        type="button"
        class="drawer-item-button"
        title={`${state.reason ?? state.label}. Enter shows ${camera.name} in the selected tile.`}
        aria-label={`${camera.name}, ${state.label}: show in the selected tile`}
        onClick={() => onPlace(camera.id)}
      >
        <span class={`dot tone-${state.tone}`} aria-hidden="true" />
        <span class="drawer-name">{camera.name}</span>
        <span class="drawer-state">{state.label}</span>
      </button>
    </li>
  );
}
