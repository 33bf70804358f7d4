// The Electron shell's entry (bundled to dist/node/electron-main.js, package.json "main"): the
// only module that imports `electron`. It wires the pieces, each of which takes the Electron
// objects it needs as parameters and is tested with a fake (test/fixtures/electron/):
//   single instance → privileged app:// scheme → (ready) protocol handler, session hardening,
//   secret store on safeStorage → the core (the same service `camwall serve` runs) → IPC,
//   events, frame ports → menu, notifications → the window, its state remembered.
import * as electron from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCommand } from '../../shared/api/pushes.ts';
import { dataFiles } from '../app/data-dir.ts';
import { openCore, type CamwallCore } from '../service/core.ts';
import { createExportDelivery } from './export-delivery.ts';
import { demoCamerasIn, startDemo, type Demo } from '../service/demo.ts';
import { FRAMES_PORT_CHANNEL } from './channels.ts';
import type { BrowserWindowLike, WebContentsLike } from './electron-like.ts';
import { forwardPushes, sendPush } from './push-forwarding.ts';
import { FramesPortSession } from './frames-port.ts';
import { registerApiIpc } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { showCoreNotifications } from './notifications.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.ts';
import { SafeStorageSecretStore } from './safe-storage-secret-store.ts';
import { claimSingleInstance, focusWindow } from './single-instance.ts';
import { openWallWindows, planWallWindows } from './wall-windows.ts';
import { appPageUrl, createMainWindow, hardenSession, hardenWebContents, startsInKiosk } from './window.ts';
import { loadWindowState, placeWindow, trackWindowState, WINDOW_STATE_FILE_NAME } from './window-state.ts';

const { app, BrowserWindow, ipcMain, protocol, session, safeStorage, Menu, Notification, MessageChannelMain, screen, dialog } = electron;

// Beside this bundle in dist/node/ (inside app.asar when packaged).
const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const log = (line: string): void => console.error(`camwall: ${line}`);

let mainWindow: BrowserWindowLike | null = null;
/** Kiosk windows on the other displays (View → Wall on every display). */
let wallWindows: BrowserWindowLike[] = [];
let core: CamwallCore | null = null;
let demo: Demo | null = null;
const framePorts = new Map<number, FramesPortSession>();

// Before `ready`: the scheme must be privileged (standard, secure) before any page uses it.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (claimSingleInstance(app, () => mainWindow)) {
  app.on('web-contents-created', (_event: unknown, contents: WebContentsLike) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', onBeforeQuit);
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  try {
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
    hardenSession(session.defaultSession, log);

    const dataDir = app.getPath('userData');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const files = dataFiles(dataDir);
    const firstStart = !existsSync(files.database);
    const secrets = await SafeStorageSecretStore.open(safeStorage, { choice: () => core?.registry.settings.get('passwordStorage') ?? 'ask' });
    core = await openCore({ dataDir, shell: 'electron', version: app.getVersion(), secrets, log, deliverExport: createExportDelivery(dialog) });
    if ((firstStart && core.registry.cameras.list().length === 0) || demoCamerasIn(core.registry, files.demoState).length > 0) {
      demo = await startDemo(core.registry, files.demoState);
      core.demo = true;
      await core.synced();
    }
    wire(core, dataDir);
  } catch (error) {
    fatal(error);
  }
}

function wire(running: CamwallCore, dataDir: string): void {
  const kiosk = startsInKiosk(process.argv, running.registry.settings.get('startInKiosk'));
  const appContents = (): WebContentsLike[] =>
    [mainWindow, ...wallWindows].filter((w): w is BrowserWindowLike => w !== null && !w.isDestroyed()).map((w) => w.webContents);
  registerApiIpc(ipcMain, {
    dispatch: running.dispatch,
    isAppContents: (contents) => appContents().includes(contents),
    onFramesPortRequest: (contents) => openFramePort(running, contents),
    log,
  });
  forwardPushes(running.events, appContents);

  const command = (appCommand: AppCommand): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    focusWindow(mainWindow);
    sendPush(mainWindow.webContents, 'app.command', { command: appCommand });
  };
  // The core decides (kinds, quiet hours, the rate limit); a click opens the camera in playback.
  showCoreNotifications(running.events, Notification, (clicked) => {
    if (clicked) command(clicked);
    else if (mainWindow !== null && !mainWindow.isDestroyed()) focusWindow(mainWindow);
  });
  const menu = buildMenuTemplate(
    {
      command,
      isKiosk: () => mainWindow?.isKiosk() ?? kiosk,
      toggleKiosk: () => {
        if (mainWindow === null || mainWindow.isDestroyed()) return;
        const kiosk = !mainWindow.isKiosk();
        mainWindow.setKiosk(kiosk);
        void mainWindow.loadURL(appPageUrl(kiosk));
      },
      hasWallWindows: () => wallWindows.length > 0,
      toggleWallWindows: () => {
        if (wallWindows.length > 0) {
          for (const wall of wallWindows) wall.close();
          wallWindows = [];
          return;
        }
        if (mainWindow === null || mainWindow.isDestroyed()) return;
        const mainDisplay = screen.getDisplayMatching(mainWindow.getNormalBounds());
        const plans = planWallWindows(screen.getAllDisplays(), mainDisplay.id, running.registry.layouts.list());
        if (plans.length === 0) log('a wall on every display: there is no other display (or no layout) to show');
        wallWindows = openWallWindows({ BrowserWindow }, plans, preloadPath, log);
        for (const wall of wallWindows) {
          wall.webContents.on('destroyed', () => closeFramePort(wall.webContents.id));
          wall.on('closed', () => (wallWindows = wallWindows.filter((w) => w !== wall)));
        }
      },
      showAbout: () => {
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Camwall',
          message: `Camwall ${app.getVersion()}`,
          detail: `A video wall and recorder for Motion JPEG cameras.\nElectron ${process.versions.electron ?? '?'}, Chromium ${process.versions.chrome ?? '?'}, Node ${process.versions.node}.`,
        });
      },
    },
    process.platform,
    { devTools: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu as electron.MenuItemConstructorOptions[]));

  const stateFile = join(dataDir, WINDOW_STATE_FILE_NAME);
  const saved = loadWindowState(stateFile);
  const bounds = placeWindow(saved?.bounds ?? null, [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea));
  const window = createMainWindow({ BrowserWindow }, { preloadPath, bounds, kiosk }, log);
  mainWindow = window;
  if (saved?.maximized) window.maximize();
  if (saved?.fullScreen && !kiosk) window.setFullScreen(true);
  trackWindowState(window, stateFile, { log });
  window.webContents.on('destroyed', () => closeFramePort(window.webContents.id));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    // The wall windows go with the main window, so closing it still quits the app.
    for (const wall of wallWindows) wall.close();
    wallWindows = [];
  });
}

/** A (re)loaded page asked for its frame port: a fresh channel, the old one closed. */
function openFramePort(running: CamwallCore, contents: WebContentsLike): void {
  closeFramePort(contents.id);
  const { port1, port2 } = new MessageChannelMain();
  framePorts.set(contents.id, new FramesPortSession(port1, running, `window ${contents.id}`, log));
  contents.postMessage(FRAMES_PORT_CHANNEL, null, [port2]);
}

function closeFramePort(contentsId: number): void {
  framePorts.get(contentsId)?.close();
  framePorts.delete(contentsId);
}

let quitting = false;
function onBeforeQuit(event: { preventDefault(): void }): void {
  if (quitting || core === null) return;
  // Close the streams, recorders and database before the process goes.
  quitting = true;
  event.preventDefault();
  for (const id of [...framePorts.keys()]) closeFramePort(id);
  const closing = core.close().then(() => demo?.close());
  closing.catch((error: unknown) => log(`closing failed: ${error instanceof Error ? error.message : String(error)}`)).finally(() => app.quit());
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log(`could not start: ${message}`);
  dialog.showErrorBox('Camwall could not start', message);
  app.exit(1);
}
