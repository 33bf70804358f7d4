// Keys the wall's shortcuts take (z zooms the timeline, v goes back to live, space pauses): they
// act only when no control has the focus, as a person's key press on the wall does.
import type { Page } from 'playwright-core';
import type { PageDocument } from './page-dom.ts';

declare const document: PageDocument;

/** Takes the focus off any control, then presses `key` on the wall. */
export async function pressOnWall(page: Page, key: string): Promise<void> {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(key);
}
