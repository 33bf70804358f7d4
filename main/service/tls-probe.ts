// Reads the certificate an https camera presents, for cameras.test to show and offer to pin.
// A bare TLS handshake with verification off: nothing is sent over it, it is closed at once.
import { connect } from 'node:tls';
import { isIP } from 'node:net';
import type { Clock } from '../base/clock.ts';

export type PresentedCertificate = { sha256: string; trusted: boolean };

export async function presentedCertificate(host: string, port: number, timeoutMs: number, clock: Clock): Promise<PresentedCertificate | null> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      rejectUnauthorized: false,
      // SNI takes host names only (RFC 6066 section 3).
      ...(isIP(host) === 0 ? { servername: host } : {}),
    });
    const done = (value: PresentedCertificate | null): void => {
      timer.cancel();
      socket.destroy();
      resolve(value);
    };
    const timer = clock.setTimer(() => done(null), timeoutMs);
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate()?.fingerprint256;
      done(fingerprint ? { sha256: fingerprint.replace(/:/g, '').toLowerCase(), trusted: socket.authorized } : null);
    });
    socket.once('error', () => done(null));
  });
}
