// Regression: the progress of an export of several cameras counted only the camera being written,
// so the frames and bytes the Exports view shows dropped back to zero when the next camera began.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runExport, type ExportSetProgress } from '../../../main/export/export-set.ts';
import { clipWriters } from '../../../main/export/formats.ts';
import { keyFingerprint, type SigningKey } from '../../../main/export/signing-key.ts';
import { FolderCatalog } from '../../../main/playback/catalogs.ts';
import { recordArchive } from '../../support/recorded-archive.ts';
import { tempDir } from '../../unit/recording/helpers.ts';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);

test('the progress of a two-camera export counts the frames and bytes of both, never dropping back', async (t) => {
  const tmp = tempDir('camwall-export-progress-');
  t.after(tmp.remove);
  const root = join(tmp.dir, 'recordings');
  mkdirSync(root);
  const cameras = ['cam-a', 'cam-b'].map((id, i) => ({ id, channel: i + 1, fps: 10, spans: [{ fromMs: T0, toMs: T0 + 20_000 }] }));
  (await recordArchive({ root, segmentMs: 10_000, cameras })).db.close();
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const key: SigningKey = { publicKey, fingerprint: keyFingerprint(publicKey), sign: (bytes) => sign(null, bytes, pair.privateKey) };
  const seen: ExportSetProgress[] = [];
  const result = await runExport({
    catalog: new FolderCatalog(root), recordingsRoot: root,
    cameras: cameras.map((c) => ({ cameraId: c.id, name: c.id, model: null, serial: null })),
    fromMs: T0, toMs: T0 + 20_000, format: 'mkv', target: { kind: 'folder', dir: join(tmp.dir, 'out') },
    writers: clipWriters(), key, camwallVersion: 'test', now: () => T0 + 60_000, onProgress: (p) => seen.push(p),
  });
  const frames = seen.map((p) => p.frames);
  assert.ok(seen.some((p) => p.cameraId === 'cam-b'), 'progress came while the second camera was written');
  assert.deepEqual(frames, [...frames].sort((a, b) => a - b), 'frames never drop back');
  assert.equal(frames.at(-1), 400, 'both cameras, 20 s at 10 fps each');
  const files = result.manifest.cameras.flatMap((c) => c.files);
  assert.equal(seen.at(-1)!.bytes, files.reduce((sum, f) => sum + f.bytes, 0));
});
