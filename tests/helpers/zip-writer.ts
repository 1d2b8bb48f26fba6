/**
 * A tiny zip writer for tests of src/models/zip.ts: stored and deflated members, data descriptors, an archive
 * comment, and the damage a reader must notice (a wrong CRC, an unknown method, a zip64 marker). Its CRC-32
 * is a separate bitwise implementation, so it checks the reader's table one rather than echoing it.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipWriterEntry {
  name: string;
  data: Uint8Array | string;
  /** Default `deflate`. A number writes the data as it is under that method id. */
  method?: 'stored' | 'deflate' | number;
  /** Write this CRC instead of the right one. */
  crc32?: number;
  /** Leave sizes and CRC out of the local header and put them in a data descriptor, as many JAR tools do. */
  dataDescriptor?: boolean;
  /** Set the "encrypted" flag. */
  encrypted?: boolean;
}

export interface ZipWriterOptions {
  comment?: string;
  /** Write 0xFFFF as the entry count, as a zip64 archive does. */
  zip64Marker?: boolean;
}

export function slowCrc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function writeZip(entries: readonly ZipWriterEntry[], options: ZipWriterOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data);
    const method =
      e.method === 'stored' ? 0 : e.method === undefined || e.method === 'deflate' ? 8 : e.method;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = e.crc32 ?? slowCrc32(data);
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.dataDescriptor ? 8 : 0) | (e.encrypted ? 1 : 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.dataDescriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.dataDescriptor ? 0 : data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const parts = [local, name, body];
    if (e.dataDescriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
      parts.push(descriptor);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    const local_ = Buffer.concat(parts);
    locals.push(local_);
    offset += local_.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const count = options.zip64Marker ? 0xffff : entries.length;
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, eocd, comment]);
}
