// Named views of the wall: a grid preset and which camera sits in each tile. The geometry table
// is the one the renderer draws from, so the registry and the wall agree on tile counts.
import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, CONTROL_CHARS_RE } from './validation.ts';
import { cameraIdSchema } from './camera.ts';

export const LAYOUT_PRESETS = ['1', '2x2', '3x3', '4x4', '5x5', '6x6', '8x8', '1+5', '1+7', '1+12'] as const;
export type LayoutPreset = (typeof LAYOUT_PRESETS)[number];

export const MAX_LAYOUT_NAME_LENGTH = 64;
export const LAYOUT_ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A tile's cell in the preset's grid, in grid units from the top left. */
export interface TileGeometry {
  readonly col: number;
  readonly row: number;
  readonly colSpan: number;
  readonly rowSpan: number;
}

export interface PresetGeometry {
  readonly cols: number;
  readonly rows: number;
  /** In tile order: tiles[i] of a layout is drawn at tiles[i] here; the big tile comes first. */
  readonly tiles: readonly TileGeometry[];
}

function uniform(n: number): PresetGeometry {
  const tiles: TileGeometry[] = [];
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) tiles.push({ col, row, colSpan: 1, rowSpan: 1 });
  return { cols: n, rows: n, tiles };
}

/** One big tile of `span`×`span` at (`at`, `at`) in an `n`×`n` grid, then the small cells row by row. */
function featured(n: number, span: number, at: number): PresetGeometry {
  const tiles: TileGeometry[] = [{ col: at, row: at, colSpan: span, rowSpan: span }];
  const inBig = (col: number, row: number) => col >= at && col < at + span && row >= at && row < at + span;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) if (!inBig(col, row)) tiles.push({ col, row, colSpan: 1, rowSpan: 1 });
  }
  return { cols: n, rows: n, tiles };
}

export const PRESET_GEOMETRY: Readonly<Record<LayoutPreset, PresetGeometry>> = {
  '1': uniform(1),
  '2x2': uniform(2),
  '3x3': uniform(3),
  '4x4': uniform(4),
  '5x5': uniform(5),
  '6x6': uniform(6),
  '8x8': uniform(8),
  '1+5': featured(3, 2, 0),
  '1+7': featured(4, 3, 0),
  '1+12': featured(4, 2, 1),
};

export function presetTileCount(preset: LayoutPreset): number {
  return PRESET_GEOMETRY[preset].tiles.length;
}

export const layoutIdSchema = z
  .string({ error: 'must be a layout id such as lay-k3x9a2bq' })
  .regex(LAYOUT_ID_RE, { error: 'must be a layout id such as lay-k3x9a2bq' });

/**
 * What layouts.save takes: without `id` it adds a layout, with one it replaces that layout.
 * `tiles` defaults to all empty and must have exactly the preset's number of entries.
 */
export const layoutInputSchema = z
  .strictObject({
    id: layoutIdSchema.optional(),
    name: z
      .string({ error: 'must be text' })
      .transform((s) => s.trim())
      .refine((s) => s.length > 0, { error: 'required' })
      .refine((s) => s.length <= MAX_LAYOUT_NAME_LENGTH, { error: `must be at most ${MAX_LAYOUT_NAME_LENGTH} characters` })
      .refine((s) => !CONTROL_CHARS_RE.test(s), { error: CONTROL_CHARS_MESSAGE }),
    preset: z.enum(LAYOUT_PRESETS, { error: `must be one of ${LAYOUT_PRESETS.join(', ')}` }),
    tiles: z.array(cameraIdSchema.nullable(), { error: 'must be a list of camera ids or null' }).optional(),
  })
  .transform((layout, ctx) => {
    const count = presetTileCount(layout.preset);
    const tiles = layout.tiles ?? Array.from({ length: count }, () => null);
    if (tiles.length !== count) {
      ctx.addIssue({ code: 'custom', path: ['tiles'], message: `must have ${count} entries for preset ${layout.preset} (got ${tiles.length})` });
      return z.NEVER;
    }
    return { ...layout, tiles };
  });
export type LayoutInput = z.input<typeof layoutInputSchema>;

export interface Layout {
  readonly id: string;
  readonly name: string;
  readonly preset: LayoutPreset;
  /** One camera id or null per tile, in PRESET_GEOMETRY order. */
  readonly tiles: ReadonlyArray<string | null>;
  readonly active: boolean;
  readonly position: number;
  readonly createdMs: number;
  readonly updatedMs: number;
}
