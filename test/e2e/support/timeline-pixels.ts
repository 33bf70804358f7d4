// What the playback timeline's canvas shows at an instant, read from its pixels as a person sees
// them: the colour in the lower third of each camera's row (where motion spans go) and at the
// foot of the motion activity graph under the rows. Rows are found from the names beside the
// canvas, which have the rows' heights.
import type { Page } from 'playwright-core';
import type { PageDocument, PageElement } from './page-dom.ts';

declare const document: PageDocument;
type Rect = { top: number; left: number; width: number; height: number };
type PageCanvas2d = PageElement & { width: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }; getBoundingClientRect(): Rect };

/** RGBA of each camera row's motion strip, and of the activity graph's foot, at `atMs`. */
export function timelinePixelsAt(page: Page, atMs: number): Promise<{ rows: number[][]; graph: number[] }> {
  return page.evaluate((at) => {
    const track = document.querySelector('.timeline-track')!;
    const canvas = document.querySelector<PageCanvas2d>('.timeline-canvas')!;
    const box = canvas.getBoundingClientRect();
    const x = ((at - Number(track.dataset.viewStart)) / Number(track.dataset.viewSpan)) * box.width;
    const ctx = canvas.getContext('2d');
    const ratio = canvas.width / box.width;
    const pixel = (y: number) => Array.from(ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data);
    const names = [...document.querySelectorAll<PageCanvas2d>('.timeline-name')].map((n) => n.getBoundingClientRect());
    const rows = names.slice(0, -1).map((r) => pixel(r.top - box.top + r.height * 0.8));
    const graph = names.at(-1)!;
    // The graph's bars stand on its last drawn row of pixels, just above the name's foot.
    return { rows, graph: pixel(graph.top - box.top + graph.height - 1.5) };
  }, atMs);
}

/**
 * The motion colour (#f2c94c, the graph's #d9b444), mostly opaque: the canvas is transparent where
 * nothing is drawn (the track's dark is CSS), and the graph's own track is the same colour at 6%.
 */
export const isMotion = ([r, g, b, a]: number[]): boolean => r! > 180 && g! > 150 && b! < 110 && a! > 160;
