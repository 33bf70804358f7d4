// Playing back a camera that is not on the active layout (the Recordings view's rows): the wall
// shows it alone on a one-tile layout that is never saved, until the user goes back to the
// layout or to live. A removed camera whose recordings remain gets a stand-in camera record
// with the name it last had, disabled, so nothing tries to connect to it.
import type { RecordedCamera } from '../../shared/api/index.ts';
import { cameraInputSchema, type Camera } from '../../shared/camera.ts';
import type { Layout } from '../../shared/layout.ts';

export type Solo = { camera: Camera; removed: boolean };

export function soloLayout(active: Layout, cameraId: string): Layout {
  return { ...active, preset: '1', tiles: [cameraId] };
}

/** The camera record a tile needs, for a camera that no longer has one. */
export function removedCamera(recorded: RecordedCamera): Camera {
  const fields = cameraInputSchema.parse({ name: recorded.name, host: 'removed.invalid', enabled: false });
  return { ...fields, id: recorded.cameraId, position: -1, hasPassword: false, createdMs: 0, updatedMs: 0 };
}
