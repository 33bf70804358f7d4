// An export folder as one .zip, streamed (the browser shell's download): store only (JPEGs do not
// compress), so the bytes inside are the exported files exactly and `camwall verify` works on
// the unpacked folder. CRC-32s are computed in a first pass over the finished files, so every
// header is exact and no data descriptors are needed; ZIP64 records appear when a size or an
// offset passes 4 GiB.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';

const ZIP64_LIMIT = 0xffffffff;
const VERSION_ZIP64 = 45;
const VERSION_STORE = 20;
/** Bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;

type Entry = { path: string; name: Buffer; size: number; crc: number; offset: number };

async function crcOf(path: string): Promise<number> {
  let crc = 0;
  for await (const chunk of createReadStream(path)) crc = crc32(chunk as Buffer, crc);
  return crc;
}

/** The zip's bytes, in order; pipe them to a response with backpressure (stream.Readable.from). */
export async function* zipFiles(paths: readonly string[], dosTime = new Date()): AsyncGenerator<Buffer> {
  const entries: Entry[] = [];
  for (const path of paths) entries.push({ path, name: Buffer.from(basename(path), 'utf8'), size: statSync(path).size, crc: await crcOf(path), offset: 0 });
  const { time, date } = dos(dosTime);
  let offset = 0;
  for (const entry of entries) {
    entry.offset = offset;
    const zip64 = entry.size >= ZIP64_LIMIT || offset >= ZIP64_LIMIT;
    const extra = zip64 ? zip64Extra([entry.size, entry.size]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_STORE, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(zip64 ? ZIP64_LIMIT : entry.size, 18);
    local.writeUInt32LE(zip64 ? ZIP64_LIMIT : entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    yield Buffer.concat([local, entry.name, extra]);
    for await (const chunk of createReadStream(entry.path)) yield chunk as Buffer;
    offset += local.length + entry.name.length + extra.length + entry.size;
  }
  const centralStart = offset;
  for (const entry of entries) {
    const needs = [entry.size >= ZIP64_LIMIT ? [entry.size, entry.size] : [], entry.offset >= ZIP64_LIMIT ? [entry.offset] : []].flat();
    const extra = needs.length > 0 ? zip64Extra(needs) : Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | VERSION_ZIP64, 4);
    central.writeUInt16LE(needs.length > 0 ? VERSION_ZIP64 : VERSION_STORE, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.size >= ZIP64_LIMIT ? ZIP64_LIMIT : entry.size, 20);
    central.writeUInt32LE(entry.size >= ZIP64_LIMIT ? ZIP64_LIMIT : entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE((0o100600 << 16) >>> 0, 38);
    central.writeUInt32LE(entry.offset >= ZIP64_LIMIT ? ZIP64_LIMIT : entry.offset, 42);
    const record = Buffer.concat([central, entry.name, extra]);
    offset += record.length;
    yield record;
  }
  const centralSize = offset - centralStart;
  const zip64End = centralStart >= ZIP64_LIMIT || centralSize >= ZIP64_LIMIT || entries.length >= 0xffff;
  if (zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(VERSION_ZIP64, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(centralSize), 40);
    record.writeBigUInt64LE(BigInt(centralStart), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset), 8);
    locator.writeUInt32LE(1, 16);
    yield Buffer.concat([record, locator]);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(Math.min(centralSize, ZIP64_LIMIT), 12);
  end.writeUInt32LE(Math.min(centralStart, ZIP64_LIMIT), 16);
  yield end;
}

function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

function dos(d: Date): { time: number; date: number } {
  const year = Math.max(d.getFullYear(), 1980);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
