// The persistent notice wherever a camera password is entered or stored while the secret store
// cannot really protect it (app.info reports the protection level; only an OS keychain counts).
import type { AppInfo } from '../../shared/api/index.ts';

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
    </div>
  );
}
