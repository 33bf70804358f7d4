// The camera arguments `probe` and `record` share: the URL and the credentials. The rule is the
// one of the stream path: credentials never travel in the URL (it lands in shell history, the
// process list and logs), so a URL that holds any is refused, and an invalid URL is not echoed.
import { readFileSync } from 'node:fs';
import type { CameraTarget } from '../stream/http-source.ts';
import { UsageError } from './args.ts';

/** Environment variable read for the password when --password-file is not given. */
export const PASSWORD_ENV = 'CAMWALL_PASSWORD';

export const CREDENTIAL_FLAGS = {
  user: { type: 'string', valueName: 'USER', description: 'user name, when the camera asks for one' },
  'password-file': { type: 'string', valueName: 'FILE', description: 'read the password from the first line of FILE' },
} as const;

export type CredentialFlagValues = { user?: string | undefined; 'password-file'?: string | undefined };

/**
 * `--password` is not an option: a password on the command line is readable by every local user
 * in the process list, and lands in shell history. Checked before the flags are parsed, so the
 * refusal says what to use instead (and never echoes the value).
 */
export function refusePasswordOnCommandLine(argv: readonly string[]): void {
  if (argv.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
    throw new UsageError(
      `--password is not accepted: a password on the command line is visible to every user in the process list. Use --password-file FILE (its first line) or $${PASSWORD_ENV}`,
    );
  }
}

/** The camera's http(s) URL, without user name or password. */
export function parseCameraUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text may hold a password; do not echo it.
    throw new UsageError('<url> is not a valid URL; write it as http://host[:port]/path');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UsageError('the URL contains a user name or password; remove them from the URL and use --user with --password-file (or $CAMWALL_PASSWORD), so they never land in shell history or logs');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`<url> must start with http:// or https://, not ${parsed.protocol}//`);
  }
  return parsed;
}

/** The target for `parsed` with the credentials of --user and --password-file or $CAMWALL_PASSWORD. */
export function cameraTarget(parsed: URL, flags: CredentialFlagValues): CameraTarget {
  let password: string | undefined;
  if (flags['password-file'] !== undefined) password = readPasswordFile(flags['password-file']);
  if (password === undefined && flags.user !== undefined) password = process.env[PASSWORD_ENV];
  if (password !== undefined && flags.user === undefined) {
    throw new UsageError('a password was given without --user');
  }
  const target: CameraTarget = { url: parsed.href };
  if (flags.user !== undefined) {
    target.username = flags.user;
    target.password = password ?? '';
  }
  return target;
}

/** The first line of a password file; `flag` names the option in the error. */
export function readPasswordFile(path: string, flag = '--password-file'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const newline = text.search(/\r?\n/);
  return newline === -1 ? text : text.slice(0, newline);
}
