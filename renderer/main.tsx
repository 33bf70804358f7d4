// Entry point: reads the start options, connects to the API (whichever shell provides it) and
// mounts the app. A connection failure is shown in the page, not only in the console.
import { render } from 'preact';
import { App } from './app/App.tsx';
import { connectCamwallApi, onReconnected } from './app-api.ts';
import { LiveStore } from './app/live-store.ts';
import { ServicesContext } from './app/use-live.ts';
import { kioskRequested, layoutRequested } from './shell/fullscreen.ts';

// Read before connecting: the browser client may tidy the URL (it drops the token).
const kiosk = kioskRequested();
const layoutId = layoutRequested();
const root = document.getElementById('app')!;

connectCamwallApi().then(
  (api) => {
    const live = new LiveStore();
    live.connect(api);
    // Events sent while the connection was down are lost: ask for the states again.
    onReconnected(api, () => live.refresh(api));
    render(
      <ServicesContext.Provider value={{ api, live }}>
        <App api={api} kiosk={kiosk} layoutId={layoutId} />
      </ServicesContext.Provider>,
      root,
    );
  },
  (error: unknown) => {
    render(
      <div class="fatal" role="alert">
        <h1>Camwall cannot reach its core</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
        <p>If you opened this page from `camwall serve`, use the exact address it printed (it carries the access token).</p>
      </div>,
      root,
    );
  },
);
