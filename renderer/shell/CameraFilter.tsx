// The "Camera" choice above a list that can show one camera or all: '' stands for all cameras.
import type { Camera } from '../../shared/camera.ts';

export function CameraFilter({ cameras, value, onChange }: { cameras: Array<Pick<Camera, 'id' | 'name'>>; value: string; onChange: (cameraId: string) => void }) {
  return (
    <label class="field-inline">
      <span>Camera</span>
      <select value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">All cameras</option>
        {cameras.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
