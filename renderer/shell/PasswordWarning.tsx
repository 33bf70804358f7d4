// Notices about how camera passwords are kept, from app.info's protection level (only an OS
// keychain counts as safe): the warning wherever a password is entered or stored, and the
// app-wide notice while saved passwords are only obfuscated or kept for this session.
import type { AppInfo } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { offersPasswordChoice, persistentNotice } from './password-storage.ts';

export function PasswordWarning({ info }: { info: AppInfo | null }) {
  if (!info || info.secretStore.protection === 'os') return null;
  const title = {
    obfuscated: 'Passwords are only obfuscated',
    session: 'Passwords are kept for this session only',
    none: 'Passwords are not saved',
    'key-file': 'Passwords are not in an OS keychain',
  }[info.secretStore.protection];
  return (
    <div class="warning" role="note" data-testid="password-warning">
      <strong>{title}.</strong> {info.secretStore.description}
      {offersPasswordChoice(info) && <span class="hint"> You can change this in Settings.</span>}
    </div>
  );
}

export function PasswordNotice({ info, cameras, onChoose }: { info: AppInfo | null; cameras: Camera[]; onChoose: () => void }) {
  const notice = persistentNotice(info, cameras);
  if (notice === null) return null;
  return (
    <p class="banner-warning" role="note" data-testid="password-notice">
      {notice === 'obfuscated'
        ? 'Camera passwords are only obfuscated on this desktop: anyone who can read your files can read them.'
        : 'Camera passwords are kept for this session only: after a restart, cameras need their passwords again.'}{' '}
      <button type="button" class="button small" onClick={onChoose}>
        Password settings
      </button>
    </p>
  );
}
