// Server side of HTTP authentication for the simulator: Basic (RFC 7617) and Digest (RFC 7616,
// qop=auth, SHA-256 and MD5, offered as two WWW-Authenticate headers the way Axis cameras do).
// Nonces are stateless: the issue time plus an HMAC of it under a per-server secret, so a nonce
// we did not issue is rejected and an expired one is answered with stale=true.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthMode = 'none' | 'basic' | 'digest';

export interface AuthConfig {
  mode: AuthMode;
  user: string;
  password: string;
  realm: string;
  /** How long a Digest nonce stays valid before the answer is stale=true. */
  nonceLifetimeMs: number;
  /** Fault: reject every credential. */
  rejectAll: boolean;
}

export type AuthResult = { ok: true } | { ok: false; challenges: string[] };

export const DEFAULT_NONCE_LIFETIME_MS = 5 * 60_000;
/** Longer Authorization headers are not credentials anyone sends; refuse before parsing. */
const MAX_AUTHORIZATION_LENGTH = 4096;

type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';
const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'];
/** Offered in this order: strongest first, as Axis does. */
const OFFERED_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(text, 'utf8').digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Parses `name=token, name="quoted \" string"` auth-params (RFC 7235 section 2.1). */
export function parseAuthParams(text: string): Map<string, string> | null {
  const params = new Map<string, string>();
  let i = 0;
  const skip = (pattern: RegExp) => { while (i < text.length && pattern.test(text[i]!)) i++; };
  while (i < text.length) {
    skip(/[\s,]/);
    if (i >= text.length) break;
    const nameStart = i;
    skip(/[^=\s,]/);
    const name = text.slice(nameStart, i).toLowerCase();
    skip(/\s/);
    if (text[i] !== '=' || name === '') return null;
    i++;
    skip(/\s/);
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return null; // unterminated quoted string
        const c = text[i++]!;
        if (c === '"') break;
        value += c === '\\' && i < text.length ? text[i++]! : c;
      }
    } else {
      const valueStart = i;
      skip(/[^\s,]/);
      value = text.slice(valueStart, i);
    }
    if (params.has(name)) return null; // a repeated parameter is ambiguous; refuse it
    params.set(name, value);
  }
  return params;
}

export class Authenticator {
  private readonly config: AuthConfig;
  private readonly now: () => number;
  private readonly secret = randomBytes(32);

  constructor(config: AuthConfig, now: () => number = Date.now) {
    this.config = config;
    this.now = now;
  }

  /** Checks one request; `uri` is the request target exactly as sent (Digest signs it). */
  check(method: string, uri: string, authorization: string | undefined): AuthResult {
    const { mode, rejectAll } = this.config;
    if (mode === 'none' && !rejectAll) return { ok: true };
    if (rejectAll) return this.challenge(false);
    if (authorization === undefined || authorization.length > MAX_AUTHORIZATION_LENGTH) return this.challenge(false);
    const space = authorization.indexOf(' ');
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : authorization.slice(space + 1).trim();
    if (mode === 'basic') return scheme === 'basic' && this.basicMatches(rest) ? { ok: true } : this.challenge(false);
    if (scheme !== 'digest') return this.challenge(false);
    return this.checkDigest(method, uri, rest);
  }

  private basicMatches(token: string): boolean {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    return sameText(decoded, `${this.config.user}:${this.config.password}`);
  }

  private checkDigest(method: string, uri: string, text: string): AuthResult {
    const p = parseAuthParams(text);
    if (!p) return this.challenge(false);
    const algorithm = DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === (p.get('algorithm') ?? 'MD5').toLowerCase());
    const username = p.get('username');
    const nonce = p.get('nonce');
    const cnonce = p.get('cnonce');
    const nc = p.get('nc');
    const response = p.get('response');
    if (!algorithm || username === undefined || nonce === undefined || cnonce === undefined || nc === undefined ||
      response === undefined || p.get('qop') !== 'auth' || p.get('realm') !== this.config.realm ||
      p.get('uri') !== uri || (p.has('userhash') && p.get('userhash') !== 'false') || !/^[0-9a-f]{8}$/i.test(nc)) {
      return this.challenge(false);
    }
    const issuedAt = this.verifyNonce(nonce);
    if (issuedAt === null) return this.challenge(false);
    const { user, password, realm } = this.config;
    let ha1 = hash(algorithm, `${user}:${realm}:${password}`);
    if (algorithm.endsWith('-sess')) ha1 = hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
    const ha2 = hash(algorithm, `${method}:${uri}`);
    const expected = hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    if (!sameText(username, user) || !sameText(response.toLowerCase(), expected)) return this.challenge(false);
    // Right credentials on an old nonce: tell the client to retry with a fresh one, no prompt.
    if (this.now() - issuedAt > this.config.nonceLifetimeMs) return this.challenge(true);
    return { ok: true };
  }

  private challenge(stale: boolean): AuthResult {
    const { realm, mode } = this.config;
    if (mode !== 'digest') return { ok: false, challenges: [`Basic realm="${realm}"`] };
    const nonce = this.issueNonce();
    return {
      ok: false,
      challenges: OFFERED_ALGORITHMS.map(
        (algorithm) => `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`,
      ),
    };
  }

  private issueNonce(): string {
    const issued = this.now().toString(16);
    return `${issued}.${this.sign(issued)}`;
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.secret).update(issued).digest('base64url');
  }

  /** Returns the nonce's issue time, or null when we did not issue it. */
  private verifyNonce(nonce: string): number | null {
    const [issued, signature, ...rest] = nonce.split('.');
    if (issued === undefined || signature === undefined || rest.length > 0 || !/^[0-9a-f]{1,16}$/.test(issued)) return null;
    return sameText(signature, this.sign(issued)) ? parseInt(issued, 16) : null;
  }
}
