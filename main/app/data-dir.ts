// Where Camwall keeps its database, key file, token and recordings when no --data is given,
// following each platform's convention for per-user application data:
//   Linux and other Unix: $XDG_DATA_HOME/camwall, else ~/.local/share/camwall
//   macOS:                ~/Library/Application Support/Camwall
//   Windows:              %APPDATA%\Camwall, else ~\AppData\Roaming\Camwall
// Pure (environment, platform and home folder are parameters) so tests need not touch $HOME.
import { homedir } from 'node:os';
import { isAbsolute, join, posix, win32 } from 'node:path';
import { SECRET_KEY_FILE_NAME } from '../registry/key-file-secret-store.ts';
import { DATABASE_FILE_NAME } from '../registry/registry.ts';

export type DataDirEnvironment = {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
};

export function defaultDataDir(environment: DataDirEnvironment = { platform: process.platform, env: process.env, home: homedir() }): string {
  const { platform, env, home } = environment;
  if (platform === 'win32') {
    const appData = env['APPDATA'];
    return win32.join(appData && win32.isAbsolute(appData) ? appData : win32.join(home, 'AppData', 'Roaming'), 'Camwall');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Camwall');
  // XDG Base Directory: a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env['XDG_DATA_HOME'];
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share'), 'camwall');
}

/** The data folder's files, named in one place. */
export function dataFiles(dataDir: string) {
  if (!isAbsolute(dataDir)) throw new Error(`the data folder must be an absolute path, got '${dataDir}'`);
  return {
    database: join(dataDir, DATABASE_FILE_NAME),
    keyFile: join(dataDir, SECRET_KEY_FILE_NAME),
    serveToken: join(dataDir, 'serve-token'),
    demoState: join(dataDir, 'demo.json'),
    recordings: join(dataDir, 'recordings'),
  };
}
