// The desktop's way to hand over a finished export: the user picks a folder in the system's
// dialog, and the export's folder (its clips, manifest and signature) is copied into it under
// its own name. Nothing is overwritten: a folder of that name already there is an error.
import { copyFileSync, constants, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ExportDelivery, ExportJob } from '../../shared/api/calls.ts';

/** The part of Electron's dialog module this needs (electron-like: tests pass a fake). */
export interface FolderDialogLike {
  showOpenDialog(options: { title: string; buttonLabel: string; properties: Array<'openDirectory' | 'createDirectory'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export function createExportDelivery(dialog: FolderDialogLike): (job: ExportJob, paths: string[]) => Promise<ExportDelivery> {
  return async (job, paths) => {
    const choice = await dialog.showOpenDialog({ title: `Save export ${job.id}`, buttonLabel: 'Save here', properties: ['openDirectory', 'createDirectory'] });
    const chosen = choice.filePaths[0];
    if (choice.canceled || chosen === undefined) return { url: null, savedTo: null };
    const target = join(chosen, basename(job.folder));
    mkdirSync(target, { mode: 0o700 });
    for (const path of paths) copyFileSync(path, join(target, basename(path)), constants.COPYFILE_EXCL);
    return { url: null, savedTo: target };
  };
}
