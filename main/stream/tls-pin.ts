// The connector every camera connection goes through: plain TCP for http, and for https either
// normal CA verification or, when the camera has a pinned certificate fingerprint, acceptance of
// exactly that certificate (the way to trust a camera's self-signed certificate without turning
// verification off for anything else).
//
// Verification happens here, in the connect callback, after the TLS handshake and before undici
// writes a single request byte, so neither the request nor credentials reach a server that
// failed the check. Node runs the handshake with rejectUnauthorized:false so that we see the
// certificate and can name its fingerprint in the error; we then refuse any socket that is
// neither CA-verified (no pin) nor a match (pin). TLS session resumption is off so every
// connection presents its certificate again.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { StreamError } from './errors.ts';

const SHA256_HEX_DIGITS = 64;

/**
 * A SHA-256 fingerprint in Node's form (`AB:CD:...`, upper case) from what a user may paste:
 * any case, with or without colons, spaces or a `sha256` prefix. Throws on anything else.
 */
export function normalizeFingerprint(input: string): string {
  const hex = input.trim().replace(/^sha-?256[:=\s]*/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]*$/.test(hex) || hex.length !== SHA256_HEX_DIGITS) {
    throw new StreamError('tls', `the pinned certificate fingerprint is not a SHA-256 fingerprint (expected ${SHA256_HEX_DIGITS} hex digits, colons optional)`);
  }
  return hex.match(/../g)!.join(':');
}

export interface CameraConnectorOptions {
  /** Pinned SHA-256 fingerprint; undefined means ordinary CA verification. */
  fingerprint256: string | undefined;
  connectTimeoutMs: number;
  /** Every new socket, before it is handed to undici. */
  onSocket?(socket: Socket): void;
}

export function cameraConnector(options: CameraConnectorOptions): buildConnector.connector {
  const pinned = options.fingerprint256 === undefined ? undefined : normalizeFingerprint(options.fingerprint256);
  const base = buildConnector({
    timeout: options.connectTimeoutMs,
    maxCachedSessions: 0,
    allowH2: false,
    rejectUnauthorized: false,
  });
  return (connectOptions, callback) => {
    base(connectOptions, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error('connect failed without a socket'), null);
        return;
      }
      if (connectOptions.protocol === 'https:') {
        const refusal = verifyPeer(socket as TLSSocket, pinned);
        if (refusal) {
          socket.destroy();
          callback(refusal, null);
          return;
        }
      }
      options.onSocket?.(socket);
      callback(null, socket);
    });
  };
}

function verifyPeer(socket: TLSSocket, pinned: string | undefined): StreamError | null {
  const presented = socket.getPeerCertificate()?.fingerprint256;
  if (!presented) return new StreamError('tls', 'the camera presented no TLS certificate; the connection was closed before anything was sent');
  const details = { presentedFingerprint256: presented };
  if (pinned !== undefined) {
    if (presented.toUpperCase() === pinned) return null;
    return new StreamError(
      'tls',
      `the camera's TLS certificate does not match the pinned fingerprint (it presented SHA-256 ${presented}); nothing was sent. If the camera's certificate was renewed on purpose, pin the new fingerprint; otherwise something is intercepting the connection`,
      details,
    );
  }
  if (socket.authorized) return null;
  return new StreamError(
    'tls',
    `the camera's TLS certificate is not trusted (${String(socket.authorizationError)}); nothing was sent. If this is the camera's own self-signed certificate, pin its SHA-256 fingerprint ${presented}`,
    details,
  );
}
