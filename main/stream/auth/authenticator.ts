// Answers a camera's 401 challenges for one connection attempt. The first request goes out
// without credentials (so a camera with none configured never sees them, and we learn which
// schemes it accepts); on a 401 the strongest offered scheme is chosen; a later 401 is either a
// `stale=true` re-challenge (same credentials, new nonce: answered again) or a rejection.
import { StreamError } from '../errors.ts';
import { basicAuthorization } from './basic.ts';
import { DIGEST_ALGORITHMS_BY_STRENGTH, DigestSession, readDigestChallenge, type DigestChallenge } from './digest.ts';
import { parseWwwAuthenticate } from './www-authenticate.ts';

export type AuthScheme = 'none' | 'basic' | 'digest-md5' | 'digest-md5-sess' | 'digest-sha256' | 'digest-sha256-sess';

export interface Credentials {
  username: string;
  password: string;
}

/** Consecutive stale re-challenges answered before giving up: a camera that always says stale is broken. */
export const MAX_STALE_RETRIES = 2;

const SCHEME_OF: Record<DigestChallenge['algorithm'], AuthScheme> = {
  MD5: 'digest-md5',
  'MD5-sess': 'digest-md5-sess',
  'SHA-256': 'digest-sha256',
  'SHA-256-sess': 'digest-sha256-sess',
};

const SCHEME_LABEL: Record<AuthScheme, string> = {
  none: 'no authentication',
  basic: 'Basic',
  'digest-md5': 'Digest MD5',
  'digest-md5-sess': 'Digest MD5-sess',
  'digest-sha256': 'Digest SHA-256',
  'digest-sha256-sess': 'Digest SHA-256-sess',
};

export function describeScheme(scheme: AuthScheme): string {
  return SCHEME_LABEL[scheme];
}

export type AuthenticatorOptions = {
  /**
   * The camera answered Digest before on this plain-http URL: a challenge offering only Basic is
   * refused (Basic would send the password readable to anyone on the path; a camera rarely
   * drops Digest by itself, someone in between may strip it).
   */
  refuseBasic?: boolean;
};

export class Authenticator {
  #credentials: Credentials | null;
  #refuseBasic: boolean;
  #digest: DigestSession | null = null;
  #basic: string | null = null;
  #staleRetries = 0;
  scheme: AuthScheme = 'none';

  constructor(credentials: Credentials | null, options: AuthenticatorOptions = {}) {
    this.#credentials = credentials;
    this.#refuseBasic = options.refuseBasic === true;
  }

  /** The Authorization header for the next request, or undefined before any challenge. */
  authorization(method: string, uri: string): string | undefined {
    if (this.#digest) return this.#digest.authorization(method, uri);
    return this.#basic ?? undefined;
  }

  /**
   * Called with every WWW-Authenticate value of a 401. Returns when the request should be sent
   * again with the new authorization; throws StreamError('auth') when it should not.
   */
  onUnauthorized(wwwAuthenticate: readonly string[]): void {
    const challenges = parseWwwAuthenticate(wwwAuthenticate);
    const digests: DigestChallenge[] = [];
    const unsupported: string[] = [];
    let basicOffered = false;
    for (const c of challenges) {
      if (c.scheme === 'digest') {
        const read = readDigestChallenge(c);
        if (read.ok) digests.push(read.challenge);
        else unsupported.push(read.reason);
      } else if (c.scheme === 'basic') {
        basicOffered = true;
      } else {
        unsupported.push(`the ${c.scheme} scheme`);
      }
    }
    const rank = (d: DigestChallenge): number => DIGEST_ALGORITHMS_BY_STRENGTH.indexOf(d.algorithm);
    const bestDigest = digests.sort((a, b) => rank(a) - rank(b))[0];

    if (!bestDigest && !basicOffered) {
      const seen = unsupported.length > 0 ? `it offers only ${unsupported.join('; ')}` : 'it sent no usable WWW-Authenticate challenge';
      throw new StreamError('auth', `the camera asks for authentication that Camwall cannot answer: ${seen}`, { status: 401 });
    }
    if (!bestDigest && this.#refuseBasic) {
      throw new StreamError(
        'auth',
        'the camera now offers only Basic authentication, but it used Digest before: over http, Basic would send the password ' +
          'readable to anyone on the network, so Camwall did not send it (a changed camera setting, or someone in between). ' +
          "Use https, switch Digest on again in the camera, or allow Basic for this camera in its settings",
        { status: 401 },
      );
    }
    const credentials = this.#credentials;
    if (!credentials) {
      const wanted = bestDigest ? describeScheme(SCHEME_OF[bestDigest.algorithm]) : 'Basic';
      throw new StreamError('auth', `the camera requires a user name and password (${wanted}); none were given`, { status: 401 });
    }

    if (this.scheme !== 'none') {
      const stale = this.#digest !== null && bestDigest?.stale === true;
      if (!stale || this.#staleRetries >= MAX_STALE_RETRIES) {
        throw new StreamError('auth', `the camera rejected the user name or password (${describeScheme(this.scheme)}); check them`, { status: 401 });
      }
      this.#staleRetries++;
    }

    if (bestDigest) {
      this.#digest = new DigestSession(bestDigest, credentials.username, credentials.password);
      this.#basic = null;
      this.scheme = SCHEME_OF[bestDigest.algorithm];
    } else {
      this.#basic = basicAuthorization(credentials.username, credentials.password);
      this.scheme = 'basic';
    }
  }

  /** A request went through: a later stale re-challenge starts a fresh count. */
  onAuthorized(): void {
    this.#staleRetries = 0;
  }
}
