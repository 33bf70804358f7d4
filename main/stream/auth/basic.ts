// HTTP Basic (RFC 7617). The user-pass is encoded as UTF-8, which is what cameras that declare
// `charset="UTF-8"` ask for and what every current client sends anyway.
import { StreamError } from '../errors.ts';

export function basicAuthorization(username: string, password: string): string {
  if (username.includes(':')) {
    // RFC 7617 section 2: the first colon separates user from password, so the server would
    // read a different user. Refuse rather than send credentials that cannot work.
    throw new StreamError('auth', "the camera asks for Basic authentication, which cannot carry a user name containing ':'; use a user name without ':'");
  }
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
