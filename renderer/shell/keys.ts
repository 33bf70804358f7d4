// The page's keyboard shortcuts: the listener pattern the wall and the playback bar share, and
// the rule that shortcuts stay out of the way while a form field has the focus.
import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Whether a key goes to a field the user types into (shortcuts then do nothing). */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/**
 * Listens to the document's keydown while `active`, calling whatever `onKey.current` is then: the
 * listener is added once and reads the latest render's handler through the ref. An effect that
 * re-added it after each render left the old closure in place between a render's paint and its
 * effect (an Escape pressed right after Enter saw the state before the Enter). A layout effect,
 * so the listener is in place before the view that owns it is painted: a key pressed as soon as
 * the view shows is not lost.
 */
export function useDocumentKeys(onKey: RefObject<(event: KeyboardEvent) => void>, active: boolean): void {
  useLayoutEffect(() => {
    if (!active) return;
    const listener = (event: KeyboardEvent) => onKey.current?.(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [active]);
}
