// What a new user sees before adding a camera: how to add one, and how to get a live demo wall.
import type { AppInfo } from '../../shared/api/index.ts';

export function EmptyState({ info, onAddCamera }: { info: AppInfo | null; onAddCamera: () => void }) {
  return (
    <div class="empty-state" data-testid="empty-state">
      <h2>No cameras yet</h2>
      <p>Add an Axis camera by its address and password, or any camera that serves Motion JPEG over HTTP.</p>
      <button type="button" class="button primary" onClick={onAddCamera}>
        Add a camera
      </button>
      {!info?.demo && (
        <div class="demo-hint">
          <h3>Just looking?</h3>
          <p>Start Camwall with simulated demo cameras to see a live wall:</p>
          <code>npx camwall serve --demo</code>
        </div>
      )}
    </div>
  );
}
