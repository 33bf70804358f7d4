// The app's window and the rules every web contents lives under: sandboxed, context-isolated,
// no Node, content only from app://camwall/, no navigation away, no new windows, no webview, and
// no permission except full screen for the app's own page. Electronegativity misses some of
// these (nodeIntegration when a `sandbox` key is present), so test/unit/electron/window.test.ts
// checks the options themselves.
import type { BrowserWindowLike, RectangleLike, SessionLike, WebContentsLike } from './electron-like.ts';
import { APP_INDEX_URL, isAppUrl } from './protocol.ts';

export const MIN_WINDOW_WIDTH = 480;
export const MIN_WINDOW_HEIGHT = 320;
/** The wall's background, shown before the first paint (no white flash on a dark wall). */
const BACKGROUND_COLOR = '#111417';

/** Permissions the app's own page may have: the wall's full-screen button. Everything else is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen']);

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  } as const;
}

export type MainWindowOptions = {
  preloadPath: string;
  /** Restored bounds (already clamped onto a display), or null for the default size. */
  bounds: RectangleLike | null;
  kiosk: boolean;
  /** Show this named layout rather than the active one (a wall window on another display). */
  layoutId?: string;
  title?: string;
  show?: boolean;
};

export function mainWindowOptions(options: MainWindowOptions) {
  const bounds: { x?: number; y?: number; width: number; height: number } = options.bounds ?? { width: 1280, height: 800 };
  return {
    ...bounds,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: options.title ?? 'Camwall',
    backgroundColor: BACKGROUND_COLOR,
    show: options.show ?? false,
    kiosk: options.kiosk,
    autoHideMenuBar: options.kiosk,
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}

/** Whether the window opens as a kiosk: `--kiosk` on the command line, or the startInKiosk setting. */
export function startsInKiosk(argv: readonly string[], setting: boolean): boolean {
  return argv.includes('--kiosk') || setting;
}

/** The page a window loads: the wall, in its kiosk form when asked, pinned to a layout when given (renderer/shell/fullscreen.ts). */
export function appPageUrl(kiosk: boolean, layoutId?: string): string {
  const query = new URLSearchParams();
  if (kiosk) query.set('kiosk', '1');
  if (layoutId !== undefined) query.set('layout', layoutId);
  const search = query.toString();
  return search === '' ? APP_INDEX_URL : `${APP_INDEX_URL}?${search}`;
}

export type WindowFactory = { BrowserWindow: new (options: ReturnType<typeof mainWindowOptions>) => BrowserWindowLike };

/** Creates the window (hidden until its first paint), hardens it and loads the app. */
export function createMainWindow(electron: WindowFactory, options: MainWindowOptions, log: (line: string) => void = () => {}): BrowserWindowLike {
  const window = new electron.BrowserWindow(mainWindowOptions(options));
  hardenWebContents(window.webContents, log);
  window.on('ready-to-show', () => window.show());
  window.loadURL(appPageUrl(options.kiosk, options.layoutId)).catch((error: unknown) => log(`the app page did not load: ${error instanceof Error ? error.message : String(error)}`));
  return window;
}

/**
 * Navigation, redirects, new windows and webviews are denied for any web contents, the app's
 * own included (it is a single page; a link to a camera's page must not replace the wall, and
 * nothing is opened externally either). Called for every web contents (`web-contents-created`).
 */
export function hardenWebContents(contents: WebContentsLike, log: (line: string) => void = () => {}): void {
  // The app window is hardened when created and again by `web-contents-created`: once is enough.
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const deny = (what: string) => (event: { preventDefault(): void }, url?: unknown) => {
    event.preventDefault();
    log(`denied ${what} of web contents ${contents.id} to ${describeUrl(url)}`);
  };
  contents.on('will-navigate', deny('navigation'));
  contents.on('will-frame-navigate', (event: { preventDefault(): void; url?: string }) => deny('frame navigation')(event, event.url));
  contents.on('will-redirect', deny('redirect'));
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => deny('a webview')(event));
  contents.setWindowOpenHandler(({ url }) => {
    log(`denied a new window of web contents ${contents.id} for ${describeUrl(url)}`);
    return { action: 'deny' };
  });
}

const hardened = new WeakSet<WebContentsLike>();

/** Every permission request and check of the session is denied, but full screen for the app's page. */
export function hardenSession(session: SessionLike, log: (line: string) => void = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionAllowed(permission, details.requestingUrl ?? '', details.isMainFrame ?? false);
    if (!granted) log(`denied the permission '${permission}' to ${describeUrl(details.requestingUrl)}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, `${requestingOrigin}/`, details.isMainFrame ?? false),
  );
}

export function permissionAllowed(permission: string, requestingUrl: string, isMainFrame: boolean): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isMainFrame && isAppUrl(requestingUrl);
}

/** Origin only: a denied URL may carry a camera's address with credentials in it. */
export function describeUrl(url: unknown): string {
  if (typeof url !== 'string') return 'an unknown address';
  try {
    const parsed = new URL(url);
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unparsable address';
  }
}
