// Recording on (continuous) or off for a camera, from the tile's button or the R key. A scheduled
// camera turns off; the schedule stays saved in the camera and comes back when its mode is set
// to scheduled again.
import type { CamwallApi } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';

export async function toggleRecording(api: CamwallApi, camera: Camera): Promise<void> {
  const on = camera.recordMode !== 'off';
  const result = await api.cameras.update({ id: camera.id, patch: { recordMode: on ? 'off' : 'continuous' } });
  if (!result.ok) alert(`Could not change recording of ${camera.name}: ${result.error.message}`);
}
