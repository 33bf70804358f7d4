// When the UI offers the choice of how camera passwords are kept, and when it keeps a notice up.
// Only the Electron shell has the choice: where the OS has no keychain safeStorage can use, the
// user picks 'never', 'session' or 'obfuscated' (the `passwordStorage` setting; 'ask' until then).
// The browser shell always uses its key file and keeps its own warning. Pure, tested without a page.
import type { AppInfo } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { PasswordStorageChoice, Settings } from '../../shared/settings.ts';

export type ChosenStorage = Exclude<PasswordStorageChoice, 'ask'>;

export const STORAGE_CHOICES: ReadonlyArray<{ value: ChosenStorage; label: string; detail: string }> = [
  { value: 'never', label: "Don't save passwords", detail: 'Cameras that need a password cannot be saved with one.' },
  { value: 'session', label: 'Keep them for this session only', detail: 'Passwords stay in memory; after a restart each camera needs its password again.' },
  { value: 'obfuscated', label: 'Store them obfuscated', detail: 'Saved on disk under a fixed key: anyone who can read your files can read them.' },
];

/** The Electron shell on a desktop without a usable keychain. */
export function offersPasswordChoice(info: AppInfo | null): boolean {
  return info !== null && info.shell === 'electron' && info.secretStore.protection !== 'os';
}

/** The camera form asks once a password is typed, until the user has chosen. */
export function asksForPasswordChoice(info: AppInfo | null, settings: Settings | null, passwordEntered: boolean): boolean {
  return passwordEntered && offersPasswordChoice(info) && settings !== null && settings.passwordStorage === 'ask';
}

/**
 * The notice that stays on every view while saved passwords are weakly kept: only obfuscated, or
 * only until exit (which 'ask' means too), and some camera has a password. null: no notice.
 */
export function persistentNotice(info: AppInfo | null, cameras: ReadonlyArray<Pick<Camera, 'hasPassword'>>): 'obfuscated' | 'session' | null {
  if (!offersPasswordChoice(info) || !cameras.some((c) => c.hasPassword)) return null;
  const protection = info!.secretStore.protection;
  return protection === 'obfuscated' || protection === 'session' ? protection : null;
}
