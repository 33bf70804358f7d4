// What every export container shares: a cancelled clip leaves no file, a finished one takes no more frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AviClipWriter } from '../../../main/export/avi-clip.ts';
import { MovClipWriter } from '../../../main/export/mov-clip.ts';
import { NodeClipFile } from '../../../main/export/clip-file.ts';
import type { ClipFile, ClipWriter } from '../../../main/export/clip-writer.ts';
import { makeJpegs, tempDir } from '../recording/helpers.ts';
import { MemoryClipFile, caption, clipInfo } from './helpers.ts';

const writers: [string, (file: ClipFile) => ClipWriter][] = [
  ['avi', (file) => new AviClipWriter(file, clipInfo())],
  ['mov', (file) => new MovClipWriter(file, clipInfo())],
];

for (const [format, make] of writers) {
  test(`${format}: abort deletes the partial file and never throws; a finished clip takes no more frames`, () => {
    const tmp = tempDir(`camwall-${format}-`);
    try {
      const jpeg = makeJpegs(1)[0]!;
      const path = join(tmp.dir, `cancelled.${format}`);
      const writer = make(new NodeClipFile(path));
      writer.addFrame(jpeg, 0, caption(0));
      writer.abort();
      assert.equal(existsSync(path), false);
      assert.doesNotThrow(() => writer.abort());
      const done = make(new MemoryClipFile());
      done.finish();
      assert.throws(() => done.addFrame(jpeg, 0, caption(0)), /already finished/);
      assert.throws(() => done.finish(), /already finished/);
    } finally { tmp.remove(); }
  });
}
