// A throwaway self-signed certificate for 127.0.0.1, made with the machine's openssl at test
// time (no key material is checked in), plus its SHA-256 fingerprint as Node reports it.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSigned {
  key: string;
  cert: string;
  fingerprint256: string;
}

export async function makeSelfSignedCertificate(commonName = 'camwall-test-camera'): Promise<SelfSigned> {
  const dir = await mkdtemp(join(tmpdir(), 'camwall-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${commonName}`,
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    const certText = await readFile(cert, 'utf8');
    return { key: await readFile(key, 'utf8'), cert: certText, fingerprint256: new X509Certificate(certText).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
