// A data folder with registered cameras and real recordings of them, made before `camwall serve`
// starts on it: the cameras are imported with fixed ids (disabled, so the core neither connects
// to them nor records more), and test/support/recorded-archive.ts records their spans into the
// recordings folder and the segment index of the same database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataFiles } from '../../../main/app/data-dir.ts';
import { KeyFileSecretStore } from '../../../main/registry/key-file-secret-store.ts';
import { CAMERA_EXPORT_FORMAT, CAMERA_EXPORT_VERSION } from '../../../main/registry/import-export.ts';
import { openRegistry } from '../../../main/registry/registry.ts';
import { recordArchive, type ArchiveCamera, type RecordedFrameInfo } from '../../support/recorded-archive.ts';

export type RecordedCameraSpec = ArchiveCamera & { name: string };

export async function makeRecordedDataDir(cameras: RecordedCameraSpec[], options: { segmentMs?: number } = {}): Promise<{ dataDir: string; frames: Map<string, RecordedFrameInfo[]> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'camwall-e2e-playback-'));
  const files = dataFiles(dataDir);
  const registry = openRegistry({ file: files.database, secrets: await KeyFileSecretStore.open(dataDir) });
  try {
    await registry.importCameras({
      format: CAMERA_EXPORT_FORMAT,
      version: CAMERA_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      includesPasswords: false,
      cameras: cameras.map((c) => ({ id: c.id, name: c.name, host: '127.0.0.1', port: 9, enabled: false, hasPassword: false })),
    });
    const { frames } = await recordArchive({ root: files.recordings, db: registry.db, cameras, noSync: true, ...(options.segmentMs ? { segmentMs: options.segmentMs } : {}) });
    return { dataDir, frames };
  } finally {
    registry.close();
  }
}
