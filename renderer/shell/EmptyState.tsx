// What a new user sees before adding a camera: how to add one, and a live demo wall in one click
// (`demo.start` runs the built-in simulator in the core and adds its cameras).
import { useState } from 'preact/hooks';
import { useServices } from '../app/use-live.ts';
import { FormError } from './FormError.tsx';

export function EmptyState({ onAddCamera }: { onAddCamera: () => void }) {
  const { api } = useServices();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The cameras and the wall arrive with the cameras.changed and layouts.changed events.
  const startDemo = async () => {
    setStarting(true);
    const result = await api.demo.start();
    setStarting(false);
    setError(result.ok ? null : result.error.message);
  };

  return (
    <div class="empty-state" data-testid="empty-state">
      <h2>No cameras yet</h2>
      <p>Add an Axis camera by its address and password, or any camera that serves Motion JPEG over HTTP.</p>
      <button type="button" class="button primary" onClick={onAddCamera}>
        Add a camera
      </button>
      <div class="demo-hint">
        <h3>Just looking?</h3>
        <p>Six simulated cameras, running inside Camwall, show what a live wall looks like. Remove them from the camera list when you are done.</p>
        <button type="button" class="button" disabled={starting} onClick={() => void startDemo()}>
          {starting ? 'Starting the demo…' : 'Show demo cameras'}
        </button>
        <FormError message={error} />
      </div>
    </div>
  );
}
