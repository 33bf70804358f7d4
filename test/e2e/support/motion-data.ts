// Motion as Camwall's detector leaves it in the registry, written into a data folder before
// `camwall serve` starts on it (beside recordings made with recorded-data.ts): events with the
// JPEG of their peak frame as thumbnail, a score and a grid for every second of each event, and
// the spans the detector covered (where a search answers from the stored grid). The store is the
// core's own MotionStore, so the rows are exactly what the app writes.
import { dataFiles } from '../../../main/app/data-dir.ts';
import { openDatabase } from '../../../main/registry/database.ts';
import { MotionStore } from '../../../main/registry/motion-store.ts';
import { CameraFrameSource } from '../../../main/simulator/frame-source.ts';
import { ACTIVITY_GRID_BYTES, ACTIVITY_GRID_SIDE, type MotionBox, type MotionSource } from '../../../shared/motion.ts';

export type SeededEvent = { cameraId: string; channel: number; source?: MotionSource; startMs: number; endMs: number; peakScore: number; box: MotionBox; zones?: string[]; thumbnail?: boolean };
export type SeededCoverage = { cameraId: string; fromMs: number; toMs: number };

/** The grid cells (16x16, shared/motion.ts) a box of the picture touches. */
export function gridOf(box: MotionBox): Uint8Array {
  const grid = new Uint8Array(ACTIVITY_GRID_BYTES);
  const cell = (v: number) => Math.min(ACTIVITY_GRID_SIDE - 1, Math.floor(v * ACTIVITY_GRID_SIDE));
  for (let row = cell(box.y); row <= cell(box.y + box.h); row++) {
    for (let col = cell(box.x); col <= cell(box.x + box.w); col++) {
      const bit = row * ACTIVITY_GRID_SIDE + col;
      grid[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return grid;
}

/** Writes the events (ended, with activity each second) and the coverage; returns the events' ids in order. */
export function seedMotion(dataDir: string, events: SeededEvent[], coverage: SeededCoverage[]): number[] {
  const db = openDatabase(dataFiles(dataDir).database);
  try {
    const store = new MotionStore(db);
    for (const c of coverage) store.extendCoverage(store.openCoverage(c.cameraId, c.fromMs), c.toMs);
    return events.map((e) => {
      const id = store.startEvent({ cameraId: e.cameraId, source: e.source ?? 'camwall', startMs: e.startMs, peakScore: e.peakScore, box: e.box, zones: e.zones ?? [] });
      const thumbnail = e.thumbnail === false ? null : new CameraFrameSource('320x240', e.channel).compose(1, e.startMs).jpeg;
      store.endEvent(id, { endMs: e.endMs, thumbnail });
      if ((e.source ?? 'camwall') === 'camwall') {
        // Scores rise to the peak mid-event: the graph has a shape, not a block.
        const seconds = Math.max(1, Math.round((e.endMs - e.startMs) / 1000));
        for (let s = 0; s < seconds; s++) {
          const score = e.peakScore * (1 - Math.abs(s - seconds / 2) / seconds);
          store.addActivity(e.cameraId, Math.floor(e.startMs / 1000) * 1000 + s * 1000, Math.max(0.001, score), gridOf(e.box));
        }
      }
      return id;
    });
  } finally {
    db.close();
  }
}
