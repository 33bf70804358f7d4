// The desktop hands a finished export over by copying its folder where the user chooses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExportDelivery } from '../../../main/electron/export-delivery.ts';
import type { ExportJob } from '../../../shared/api/calls.ts';
import { tempDir } from '../recording/helpers.ts';

test('export delivery: copies the export folder into the folder chosen, refuses to overwrite, and does nothing when the dialog is cancelled', async (t) => {
  const tmp = tempDir('camwall-deliver-');
  t.after(tmp.remove);
  const folder = join(tmp.dir, 'exports', 'export-7-20261121T090000Z');
  mkdirSync(folder, { recursive: true });
  const paths = ['a.mkv', 'manifest.json', 'manifest.sig'].map((name) => join(folder, name));
  paths.forEach((p, i) => writeFileSync(p, `file ${i}`));
  const chosen = join(tmp.dir, 'usb');
  mkdirSync(chosen);
  let answer = { canceled: false, filePaths: [chosen] };
  const asked: string[] = [];
  const deliver = createExportDelivery({ showOpenDialog: async (options) => (asked.push(options.title), answer) });
  const job = { id: 7, folder } as ExportJob;
  const saved = await deliver(job, paths);
  assert.equal(saved.savedTo, join(chosen, 'export-7-20261121T090000Z'));
  assert.equal(readFileSync(join(saved.savedTo!, 'manifest.sig'), 'utf8'), 'file 2');
  assert.deepEqual(asked, ['Save export 7']);
  await assert.rejects(deliver(job, paths), /EEXIST/);
  answer = { canceled: true, filePaths: [] };
  assert.deepEqual(await deliver(job, paths), { url: null, savedTo: null });
});
