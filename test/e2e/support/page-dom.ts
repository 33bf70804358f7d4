// Types for the code the tests run inside the page (page.evaluate, waitForFunction). That code
// executes in Chromium, but it is type-checked in the Node project, which must not include the
// DOM library (main/ would then compile against `document`). A test file declares
// `declare const document: PageDocument;` locally, with only what the tests touch.
export type PageElement = {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  blur(): void;
};

export type PageCanvas = PageElement & { toDataURL(type: string): string; width: number; height: number };

export type PageSelect = PageElement & { selectedOptions: ArrayLike<PageElement> };

export type PageDocument = {
  activeElement: PageElement | null;
  body: PageElement & { dispatchEvent(event: PageKeyboardEvent): boolean };
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  querySelectorAll<T extends PageElement = PageElement>(selector: string): Iterable<T> & ArrayLike<T>;
};

/** A keyboard event made in the page: `declare const KeyboardEvent: PageKeyboardEventConstructor;`. */
export type PageKeyboardEvent = { readonly key: string };
export type PageKeyboardEventConstructor = new (type: 'keydown', init: { key: string; bubbles: boolean }) => PageKeyboardEvent;

/** `declare const getComputedStyle: PageGetComputedStyle;` for the few properties the tests read. */
export type PageGetComputedStyle = (element: PageElement) => { opacity: string; visibility: string; display: string };
