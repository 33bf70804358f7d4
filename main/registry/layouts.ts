import type { Database } from './database.ts';
import type { ChangeFeed } from './changes.ts';
import { RegistryError } from './errors.ts';
import { newId } from './ids.ts';
import { layoutInputSchema, type Layout, type LayoutInput, type LayoutPreset } from '../../shared/layout.ts';
import { parseOrThrow, ValidationError, type FieldError } from '../../shared/validation.ts';

interface LayoutRow {
  id: string;
  name: string;
  position: number;
  preset: LayoutPreset;
  tiles: string;
  active: 0 | 1;
  created_ms: number;
  updated_ms: number;
}

export const DEFAULT_LAYOUT: LayoutInput = { name: 'Wall', preset: '2x2' };

/**
 * Named views of the wall. Whenever there is a layout, exactly one is active: the first one
 * saved becomes active, and removing the active one activates the first remaining.
 */
export class LayoutRepository {
  readonly #db: Database;
  readonly #changes: ChangeFeed;
  readonly #now: () => number;

  constructor(db: Database, changes: ChangeFeed, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#changes = changes;
    this.#now = options.now ?? Date.now;
  }

  list(): Layout[] {
    return (this.#db.prepare('SELECT * FROM layouts ORDER BY position, created_ms, id').all() as LayoutRow[]).map(toLayout);
  }

  get(id: string): Layout | null {
    const row = this.#db.prepare('SELECT * FROM layouts WHERE id = ?').get(id) as LayoutRow | undefined;
    return row === undefined ? null : toLayout(row);
  }

  active(): Layout | null {
    const row = this.#db.prepare('SELECT * FROM layouts WHERE active = 1').get() as LayoutRow | undefined;
    return row === undefined ? null : toLayout(row);
  }

  /** The active layout, creating DEFAULT_LAYOUT first when there is none at all. */
  ensureActive(): Layout {
    return this.active() ?? this.save(DEFAULT_LAYOUT);
  }

  /** Adds a layout (no `id`) or replaces the one with that id. Tiles must name existing cameras. */
  save(input: LayoutInput): Layout {
    return this.#changes.batch(() =>
      this.#db.transaction(() => {
        const layout = parseOrThrow(layoutInputSchema, input, 'Layout not saved');
        const problems = this.#unknownCameras(layout.tiles);
        if (problems.length > 0) throw new ValidationError(`Layout ${layout.name} not saved`, problems);
        const now = this.#now();
        const existing = layout.id === undefined ? null : this.get(layout.id);
        if (layout.id !== undefined && existing === null) {
          throw new RegistryError('not-found', `No layout with id ${layout.id}; save it without an id to add it`);
        }
        if (existing !== null) {
          this.#db
            .prepare('UPDATE layouts SET name = ?, preset = ?, tiles = ?, updated_ms = ? WHERE id = ?')
            .run(layout.name, layout.preset, JSON.stringify(layout.tiles), Math.max(now, existing.updatedMs), existing.id);
          const saved = this.#require(existing.id);
          this.#changes.emit({ entity: 'layout', type: 'updated', layout: saved });
          return saved;
        }
        const id = newId('lay');
        const position = (this.#db.prepare('SELECT coalesce(max(position) + 1, 0) AS next FROM layouts').get() as { next: number }).next;
        const first = this.active() === null;
        this.#db
          .prepare('INSERT INTO layouts (id, name, position, preset, tiles, active, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, layout.name, position, layout.preset, JSON.stringify(layout.tiles), first ? 1 : 0, now, now);
        const saved = this.#require(id);
        this.#changes.emit({ entity: 'layout', type: 'added', layout: saved });
        return saved;
      })(),
    );
  }

  remove(id: string): void {
    this.#changes.batch(() =>
      this.#db.transaction(() => {
        const layout = this.#require(id);
        this.#db.prepare('DELETE FROM layouts WHERE id = ?').run(id);
        this.#changes.emit({ entity: 'layout', type: 'removed', layout });
        if (layout.active) {
          const next = this.#db.prepare('SELECT id FROM layouts ORDER BY position, created_ms, id LIMIT 1').get() as { id: string } | undefined;
          if (next !== undefined) this.#activate(next.id);
        }
      })(),
    );
  }

  setActive(id: string): Layout {
    return this.#changes.batch(() =>
      this.#db.transaction(() => {
        this.#require(id);
        return this.#activate(id);
      })(),
    );
  }

  #activate(id: string): Layout {
    // Clear first: the partial unique index allows only one row with active = 1 at any moment.
    this.#db.prepare('UPDATE layouts SET active = 0 WHERE active = 1').run();
    this.#db.prepare('UPDATE layouts SET active = 1 WHERE id = ?').run(id);
    const layout = this.#require(id);
    this.#changes.emit({ entity: 'layout', type: 'activated', layout });
    return layout;
  }

  #require(id: string): Layout {
    const layout = this.get(id);
    if (layout === null) throw new RegistryError('not-found', `No layout with id ${id}; it may have been removed`);
    return layout;
  }

  #unknownCameras(tiles: ReadonlyArray<string | null>): FieldError[] {
    const exists = this.#db.prepare('SELECT 1 FROM cameras WHERE id = ?');
    const problems: FieldError[] = [];
    tiles.forEach((cameraId, index) => {
      if (cameraId !== null && exists.get(cameraId) === undefined) {
        problems.push({ field: `tiles[${index}]`, message: `no camera with id ${cameraId}` });
      }
    });
    return problems;
  }
}

function toLayout(row: LayoutRow): Layout {
  return {
    id: row.id,
    name: row.name,
    preset: row.preset,
    tiles: JSON.parse(row.tiles) as Array<string | null>,
    active: row.active === 1,
    position: row.position,
    createdMs: row.created_ms,
    updatedMs: row.updated_ms,
  };
}
