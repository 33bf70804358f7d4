// Wall mode's only chrome: a bar that comes down when the pointer reaches the top edge of the
// screen (or the keyboard reaches it with Tab), and for a few seconds when wall mode starts so a
// user learns where it is. It leaves wall mode, and offers kiosk mode.
import { useEffect, useState } from 'preact/hooks';
import type { Tour } from '../app/use-tour.ts';
import { TourButton } from '../wall/LayoutBar.tsx';
import { kioskUrl } from './fullscreen.ts';

/** How long the bar shows when wall mode starts. */
export const WALL_MODE_HINT_MS = 3_000;

export function WallModeBar({ shell, tour, onExit }: { shell: 'electron' | 'browser' | null; tour: Tour; onExit: () => void }) {
  const [hint, setHint] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setHint(false), WALL_MODE_HINT_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div class={`wall-mode-edge${hint ? ' wall-mode-hint' : ''}`}>
      <div class="wall-mode-bar" role="toolbar" aria-label="Wall mode">
        <span class="wall-mode-title">Wall mode</span>
        <span class="hint">Escape or F leaves it</span>
        <TourButton tour={tour} />
        {shell === 'electron' ? (
          <span class="hint">Kiosk: View → Kiosk (Ctrl+Shift+K)</span>
        ) : (
          <a class="button small" href={kioskUrl()} title="The wall alone, locked: leave by opening the address without kiosk=1">
            Kiosk
          </a>
        )}
        <button type="button" class="button small primary" onClick={onExit}>
          Exit wall mode
        </button>
      </div>
    </div>
  );
}
