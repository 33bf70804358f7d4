// The slices of Electron's API the shell uses, as plain structural types. The shell's modules take
// these as parameters, so only index.ts imports the real `electron` (which would try to download
// the binary in a test) and the tests hand in a small fake (test/fixtures/electron/). The real
// objects satisfy these types; index.ts is where the compiler checks that.

export type Listener = (...args: any[]) => unknown;

export interface EmitterLike {
  on(event: string, listener: Listener): unknown;
}

export interface WebFrameLike {
  readonly url: string;
  readonly parent: WebFrameLike | null;
}

export interface WebContentsLike extends EmitterLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMainLike[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: WebContentsLike, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; isMainFrame?: boolean }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: WebContentsLike | null, permission: string, requestingOrigin: string, details: { isMainFrame?: boolean }) => boolean) | null): void;
}

export interface RectangleLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowLike extends EmitterLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isKiosk(): boolean;
  restore(): void;
  focus(): void;
  show(): void;
  maximize(): void;
  setFullScreen(flag: boolean): void;
  setKiosk(flag: boolean): void;
  getNormalBounds(): RectangleLike;
  close(): void;
}

export interface MessagePortMainLike extends EmitterLike {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface NotificationLike {
  show(): void;
}
