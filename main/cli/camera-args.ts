// The camera arguments `probe` and `record` share: the URL and the credentials. The rule is the
// one of the stream path: credentials never travel in the URL (it lands in shell history, the
// process list and logs), so a URL that holds any is refused, and an invalid URL is not echoed.
import { readFileSync } from 'node:fs';
import type { CameraTarget } from '../stream/http-source.ts';
import { UsageError } from './args.ts';

/** Environment variable read for the password when neither --password nor --password-file is given. */
export const PASSWORD_ENV = 'CAMWALL_PASSWORD';

export const CREDENTIAL_FLAGS = {
  user: { type: 'string', valueName: 'USER', description: 'user name, when the camera asks for one' },
  password: { type: 'string', valueName: 'PASSWORD', description: 'password (visible to other local users in the process list; prefer --password-file)' },
  'password-file': { type: 'string', valueName: 'FILE', description: 'read the password from the first line of FILE' },
} as const;

export type CredentialFlagValues = { user?: string | undefined; password?: string | undefined; 'password-file'?: string | undefined };

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

/** The target for `parsed` with the credentials of --user and --password, --password-file or $CAMWALL_PASSWORD. */
export function cameraTarget(parsed: URL, flags: CredentialFlagValues): CameraTarget {
  if (flags.password !== undefined && flags['password-file'] !== undefined) {
    throw new UsageError('give either --password or --password-file, not both');
  }
  let password = flags.password;
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

function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--password-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const newline = text.search(/\r?\n/);
  return newline === -1 ? text : text.slice(0, newline);
}
