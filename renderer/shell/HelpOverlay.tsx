// The keyboard shortcuts, shown with '?' (and the toolbar's help button); Escape or the close
// button hides it.
import { useEffect, useRef } from 'preact/hooks';
import { PLAYBACK_SHORTCUTS } from '../playback/playback-keys.ts';
import { ZONE_SHORTCUTS } from '../motion/zone-edit.ts';

export const SHORTCUTS: Array<[string, string]> = [
  ['1 – 7', 'Grid 1×1, 2×2, 3×3, 4×4, 5×5, 6×6, 8×8'],
  ['8', 'Focus layouts: 1 large + 5, + 7, + 12 (press again for the next)'],
  ['← ↑ → ↓', 'Move the selection between tiles'],
  ['Enter', 'Maximize the selected tile (or double-click it)'],
  ['Escape', 'Restore the wall; leave wall mode; close this help'],
  ['S', 'Save a snapshot of the selected tile'],
  ['+  −  0', 'Zoom the selected tile in, out, back to the whole picture (or the wheel, a pinch; drag to pan)'],
  ['R', 'Recording of the selected tile’s camera on or off'],
  ['[  ]', 'Previous or next named layout'],
  ['T', 'Tour on or off: the tour’s layouts in turn (Settings → Wall), waiting while you use the wall'],
  ['L', 'To the camera list: ↑ ↓ move, Enter shows the camera in the selected tile'],
  ['W C P E ,', 'Show the wall, cameras, recordings (playback), events, settings'],
  ['Shift+X', 'Show the exports: progress, Save…, cancel, retry'],
  ['F', 'Wall mode on or off: the tiles alone, full screen (in a kiosk: full screen only)'],
  ['?', 'Show or hide this help'],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <div class="modal-backdrop" onClick={onClose}>
      <div class="modal help-modal" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={(e) => e.stopPropagation()}>
        <div class="panel-head">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button ref={closeButton} type="button" class="button small" onClick={onClose}>
            Close
          </button>
        </div>
        <div class="help-columns">
          <section aria-label="Wall">
            <h3>Wall</h3>
            <ShortcutList list={SHORTCUTS} />
          </section>
          <section aria-label="Playback">
            <h3>Playback</h3>
            <ShortcutList list={PLAYBACK_SHORTCUTS} />
            <h3>Motion zones (camera form)</h3>
            <ShortcutList list={ZONE_SHORTCUTS} />
          </section>
        </div>
        <p class="hint">Drag a camera from the list onto a tile, or a tile onto another to swap them.</p>
      </div>
    </div>
  );
}

function ShortcutList({ list }: { list: Array<[string, string]> }) {
  return (
    <dl class="shortcuts">
      {list.map(([keys, what]) => (
        <div key={keys} class="shortcut">
          <dt>
            <kbd>{keys}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
