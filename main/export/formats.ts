// The containers this build exports to, by format.
import type { ClipWriterFactory } from './exporter.ts';
import { defaultWriters } from './exporter.ts';

export function clipWriters(): ClipWriterFactory {
  return defaultWriters();
}
