// HTTP Digest (RFC 7616) with MD5, SHA-256 and their -sess variants, qop=auth, and the
// RFC 2069 form without qop that old cameras still send. SHA-512-256 is not offered: Node's
// hash names vary with the OpenSSL build and no camera we know of uses it; such a challenge is
// reported as unsupported rather than guessed at.
import { createHash, randomBytes } from 'node:crypto';
import type { Challenge } from './www-authenticate.ts';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

/** Strongest first; the authenticator picks the first one the camera offers. */
export const DIGEST_ALGORITHMS_BY_STRENGTH: readonly DigestAlgorithm[] = ['SHA-256-sess', 'SHA-256', 'MD5-sess', 'MD5'];

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  /** 'auth' when the camera offers it; null for an RFC 2069 challenge without qop. */
  qop: 'auth' | null;
  stale: boolean;
  userhash: boolean;
}

export type DigestChallengeResult = { ok: true; challenge: DigestChallenge } | { ok: false; reason: string };

export function readDigestChallenge(challenge: Challenge): DigestChallengeResult {
  const p = challenge.params;
  if (p.nonce === undefined || p.realm === undefined) {
    return { ok: false, reason: 'a Digest challenge without realm or nonce' };
  }
  const named = (p.algorithm ?? 'MD5').toUpperCase();
  const algorithm = DIGEST_ALGORITHMS_BY_STRENGTH.find((a) => a.toUpperCase() === named);
  if (!algorithm) return { ok: false, reason: `Digest algorithm ${p.algorithm} (supported: ${DIGEST_ALGORITHMS_BY_STRENGTH.join(', ')})` };
  let qop: 'auth' | null = null;
  if (p.qop !== undefined) {
    const offered = p.qop.split(',').map((q) => q.trim().toLowerCase());
    if (!offered.includes('auth')) return { ok: false, reason: `Digest qop="${p.qop}" (only qop=auth is supported)` };
    qop = 'auth';
  }
  return {
    ok: true,
    challenge: {
      realm: p.realm,
      nonce: p.nonce,
      opaque: p.opaque,
      algorithm,
      qop,
      stale: p.stale?.toLowerCase() === 'true',
      userhash: p.userhash?.toLowerCase() === 'true',
    },
  };
}

function hashHex(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(text, 'utf8').digest('hex');
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  cnonce: string;
  /** Eight hex digits, e.g. '00000001'. */
  nc: string;
  qop: 'auth' | null;
  method: string;
  uri: string;
}

/** The `response` value of RFC 7616 section 3.4.1 (or RFC 2069 when qop is null). */
export function digestResponse(i: DigestResponseInput): string {
  let ha1 = hashHex(i.algorithm, `${i.username}:${i.realm}:${i.password}`);
  if (i.algorithm.endsWith('-sess')) ha1 = hashHex(i.algorithm, `${ha1}:${i.nonce}:${i.cnonce}`);
  const ha2 = hashHex(i.algorithm, `${i.method}:${i.uri}`);
  return i.qop === null
    ? hashHex(i.algorithm, `${ha1}:${i.nonce}:${ha2}`)
    : hashHex(i.algorithm, `${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`);
}

const quote = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** RFC 8187 ext-value: UTF-8, percent-encoding everything but attr-char. */
function extValue(value: string): string {
  const encoded = encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `UTF-8''${encoded}`;
}

const needsExtValue = (value: string): boolean => /[^\x20-\x7e]/.test(value);

/**
 * One Digest conversation with a camera: a challenge, the credentials, and the nonce count.
 * Each request gets a fresh cnonce and the next nc, as RFC 7616 asks of a client that reuses a
 * nonce.
 */
export class DigestSession {
  readonly challenge: DigestChallenge;
  readonly #username: string;
  readonly #password: string;
  #nonceCount = 0;

  constructor(challenge: DigestChallenge, username: string, password: string) {
    this.challenge = challenge;
    this.#username = username;
    this.#password = password;
  }

  authorization(method: string, uri: string, cnonce: string = randomBytes(16).toString('hex')): string {
    const c = this.challenge;
    this.#nonceCount++;
    const nc = this.#nonceCount.toString(16).padStart(8, '0');
    const response = digestResponse({
      algorithm: c.algorithm, username: this.#username, password: this.#password, realm: c.realm,
      nonce: c.nonce, cnonce, nc, qop: c.qop, method, uri,
    });
    const parts: string[] = [];
    if (c.userhash) parts.push(`username=${quote(hashHex(c.algorithm, `${this.#username}:${c.realm}`))}`);
    else if (needsExtValue(this.#username)) parts.push(`username*=${extValue(this.#username)}`);
    else parts.push(`username=${quote(this.#username)}`);
    parts.push(`realm=${quote(c.realm)}`, `uri=${quote(uri)}`, `algorithm=${c.algorithm}`, `nonce=${quote(c.nonce)}`);
    if (c.qop) parts.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${c.qop}`);
    parts.push(`response=${quote(response)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    if (c.userhash) parts.push('userhash=true');
    return `Digest ${parts.join(', ')}`;
  }
}
