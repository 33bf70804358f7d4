// Who may talk to the browser shell. Three checks, each against a different attack:
//   Host    — DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 sends
//             `Host: evil.example`; on a loopback bind only loopback names are accepted.
//   token   — any other local user or program: the cookie (or ?token= once) must carry the token.
//   Origin  — cross-site WebSocket hijacking: a WebSocket is accepted only from a page of this
//             very server (same scheme, host and port), because browsers let any page open one.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { tokenMatches } from './token.ts';

/** Keep the browser's cookie for this long; the token itself stays valid until its file is deleted. */
export const COOKIE_MAX_AGE_S = 30 * 24 * 3600;

/** Cookies ignore ports, so two servers on one host need two cookie names. */
export function cookieName(port: number): string {
  return `camwall_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}`;
}

export function cookieToken(request: IncomingMessage, port: number): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  const name = cookieName(port);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function hasValidCookie(request: IncomingMessage, port: number, token: string): boolean {
  return tokenMatches(token, cookieToken(request, port));
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackAddress(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/**
 * The Host header names this server: on a loopback bind, a loopback name with our port; on a
 * network bind any name with our port (the token still guards it).
 */
export function hostAllowed(hostHeader: string | undefined, port: number, loopbackOnly: boolean): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d+)$/.exec(hostHeader.trim().toLowerCase());
  if (!match || Number(match[2]) !== port) return false;
  const name = match[1] as string;
  if (!loopbackOnly) return true;
  return LOOPBACK_NAMES.has(name) || (isIP(name) === 4 && name.startsWith('127.'));
}

/** The Origin must be this server as the browser reached it: `http://<Host header>`. */
export function originAllowed(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (!originHeader || !hostHeader) return false;
  return originHeader.toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`;
}
