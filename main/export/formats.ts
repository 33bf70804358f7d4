// The containers this build exports to, by format.
import type { ClipWriterFactory } from './exporter.ts';
import { defaultWriters } from './exporter.ts';
import { AviClipWriter } from './avi-clip.ts';
import { MovClipWriter } from './mov-clip.ts';

export function clipWriters(): ClipWriterFactory {
  return defaultWriters({
    avi: (file, info) => new AviClipWriter(file, info),
    mov: (file, info) => new MovClipWriter(file, info),
  });
}
