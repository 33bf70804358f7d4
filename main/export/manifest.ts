// The evidence beside every export: a manifest (what was exported, from which recordings, each
// file's SHA-256) and its signature (Ed25519 over the manifest's exact bytes, by this
// installation's key, whose public half is in the manifest). A folder export has manifest.json
// and manifest.sig; a single clip FILE has FILE.manifest.json and FILE.manifest.sig beside it.
// `verifyExport` checks both and names every file that changed or went missing.
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ClipFormat, TimingReport } from './clip-writer.ts';
import { hashFile, type ExportSpan } from './exporter.ts';
import { keyFingerprint, type SigningKey } from './signing-key.ts';

export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_SUFFIX = '.manifest.json';
export const MANIFEST_FORMAT = 'camwall-export';

export type ManifestFile = {
  /** The file's name in the export folder (no folders). */
  name: string;
  format: ClipFormat;
  bytes: number;
  sha256: string;
  frames: number;
  width: number;
  height: number;
  firstFrameUtc: string;
  lastFrameUtc: string;
  gaps: Array<{ fromUtc: string; toUtc: string }>;
  timing: TimingReport;
  /** The recorded segments the frames came from, relative to the recordings folder. */
  sourceSegments: string[];
};

export type ManifestCamera = { cameraId: string; name: string; model: string | null; serial: string | null; files: ManifestFile[] };

export type ExportManifest = {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  camwallVersion: string;
  exportedAtUtc: string;
  timeZone: string;
  range: { fromUtc: string; toUtc: string; fromLocal: string; toLocal: string };
  cameras: ManifestCamera[];
  signature: { algorithm: 'ed25519'; publicKey: string; keyFingerprint: string };
};

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function gapsOf(gaps: readonly ExportSpan[]): ManifestFile['gaps'] {
  return gaps.map((g) => ({ fromUtc: iso(g.fromMs), toUtc: iso(g.toMs) }));
}

/** The manifest of a folder export (`dir/manifest.json`) or of one clip (`FILE.manifest.json`). */
export function manifestPathFor(exported: string, kind: 'folder' | 'clip'): string {
  return kind === 'folder' ? join(exported, MANIFEST_FILE) : `${exported}${MANIFEST_SUFFIX}`;
}

/** The signature file beside a manifest: manifest.json → manifest.sig. */
export function signaturePathFor(manifestPath: string): string {
  return manifestPath.replace(/\.json$/, '.sig');
}

/** Writes the manifest and its signature (neither may exist yet); file names in it are relative to its folder. */
export function writeManifest(manifestPath: string, manifest: Omit<ExportManifest, 'signature' | 'format' | 'version'>, key: SigningKey): ExportManifest {
  const full: ExportManifest = {
    format: MANIFEST_FORMAT, version: 1, ...manifest,
    signature: { algorithm: 'ed25519', publicKey: key.publicKey, keyFingerprint: key.fingerprint },
  };
  const bytes = Buffer.from(`${JSON.stringify(full, null, 2)}\n`, 'utf8');
  writeFileSync(manifestPath, bytes, { mode: 0o600, flag: 'wx' });
  writeFileSync(signaturePathFor(manifestPath), `${key.sign(bytes).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return full;
}

export type FileVerdict = { name: string; status: 'intact' | 'changed' | 'missing'; detail: string | null };

export type VerifyReport = {
  /** Everything intact and the signature valid. */
  ok: boolean;
  signature: 'valid' | 'invalid' | 'missing';
  keyFingerprint: string | null;
  files: FileVerdict[];
  problems: string[];
};

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The manifest an export path names: a folder, a clip, or a manifest itself. */
export function findManifest(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) return join(path, MANIFEST_FILE);
  if (path.endsWith('.json')) return path;
  return `${path}${MANIFEST_SUFFIX}`;
}

/** Verifies an export (folder, clip or manifest). Throws ManifestError when there is no readable manifest at all. */
export async function verifyExport(path: string): Promise<VerifyReport> {
  const manifestPath = findManifest(path);
  const dir = dirname(manifestPath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(manifestPath);
  } catch {
    throw new ManifestError(`${manifestPath} cannot be read: give an export folder, an exported clip or its manifest`);
  }
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as ExportManifest;
  } catch {
    throw new ManifestError(`${manifestPath} is not JSON: it is damaged or not a Camwall manifest`);
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.cameras)) throw new ManifestError(`${manifestPath} is not a Camwall export manifest`);
  const problems: string[] = [];
  let signature: VerifyReport['signature'] = 'missing';
  const publicKey = manifest.signature?.publicKey;
  const sigPath = signaturePathFor(manifestPath);
  if (!existsSync(sigPath)) {
    problems.push(`${basename(sigPath)} is missing: nothing proves who made this export`);
  } else if (typeof publicKey !== 'string') {
    signature = 'invalid';
    problems.push('the manifest has no public key to check its signature with');
  } else {
    try {
      const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
      signature = verify(null, bytes, key, Buffer.from(readFileSync(sigPath, 'utf8').trim(), 'base64')) ? 'valid' : 'invalid';
    } catch {
      signature = 'invalid';
    }
    if (signature === 'invalid') problems.push(`the signature does not match ${basename(manifestPath)}: the manifest was changed after the export, or signed by another key`);
  }
  const fingerprint = typeof publicKey === 'string' ? keyFingerprint(publicKey) : null;
  if (fingerprint !== null && manifest.signature.keyFingerprint !== fingerprint) problems.push('the key fingerprint written in the manifest is not that of its public key');
  const files: FileVerdict[] = [];
  for (const camera of manifest.cameras) {
    for (const file of camera.files ?? []) {
      const name = String(file.name);
      if (name !== basename(name) || name === '..' || name === '.') {
        files.push({ name, status: 'changed', detail: 'the manifest names a file outside the export folder' });
        continue;
      }
      const filePath = join(dir, name);
      if (!existsSync(filePath)) {
        files.push({ name, status: 'missing', detail: null });
        continue;
      }
      const sha256 = await hashFile(filePath);
      files.push(sha256 === file.sha256 ? { name, status: 'intact', detail: null } : { name, status: 'changed', detail: `SHA-256 ${sha256}, the manifest says ${file.sha256}` });
    }
  }
  for (const f of files) if (f.status !== 'intact') problems.push(`${f.name} ${f.status === 'missing' ? 'is missing' : `was changed (${f.detail})`}`);
  return { ok: problems.length === 0 && signature === 'valid', signature, keyFingerprint: fingerprint, files, problems };
}
