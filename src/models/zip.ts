/**
 * Reads named members out of a zip file (a Python wheel, a Java JAR). Only what those need: one disk, stored or
 * deflated members, under 4 GB. The central directory is the source of truth (local headers may leave sizes to
 * a data descriptor), and each member's CRC-32 and size are checked. Only the wanted members are read.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { CrisisDeskError } from '../errors.ts';

const inflate = promisify(inflateRaw);

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const METHODS: Record<number, string> = { 0: 'stored', 8: 'deflate' };

/** A member as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when read. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  encrypted: boolean;
  localHeaderOffset: number;
}

/** Thrown for a file that is not a zip this reader handles, or a member that is missing or damaged. */
class ZipError extends CrisisDeskError {
  constructor(file: string, message: string) {
    super('ZipError', `${file}: ${message}`);
  }
}

/** Every member listed in the central directory of `file`, in order. */
export async function listZipEntries(file: string): Promise<ZipEntry[]> {
  const handle = await open(file, 'r');
  try {
    return await readCentralDirectory(handle, file);
  } finally {
    await handle.close();
  }
}

/**
 * The contents of the members named in `names`, keyed by name. A name the archive lacks is an error that
 * lists what was wanted; a member with a wrong size or CRC-32 is an error too.
 */
export async function readZipMembers(file: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const handle = await open(file, 'r');
  try {
    const entries = new Map((await readCentralDirectory(handle, file)).map((e) => [e.name, e]));
    const missing = names.filter((n) => !entries.has(n));
    if (missing.length > 0) {
      throw new ZipError(
        file,
        `expected member${missing.length > 1 ? 's' : ''} ${missing.map((n) => JSON.stringify(n)).join(', ')}, found no such entry among ${entries.size}`,
      );
    }
    const out = new Map<string, Buffer>();
    for (const name of names) out.set(name, await readMember(handle, file, entries.get(name)!));
    return out;
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

async function readCentralDirectory(handle: FileHandle, file: string): Promise<ZipEntry[]> {
  const { size } = await handle.stat();
  // The end record sits in the last 22 bytes plus a comment of up to 64 KiB; scan backwards for it.
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = await readAt(handle, tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (
      tail.readUInt32LE(i) === EOCD_SIGNATURE &&
      i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length
    ) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    throw new ZipError(
      file,
      `expected a zip file (an end-of-central-directory record), got ${size} bytes without one`,
    );
  }
  if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR_SIGNATURE) throw zip64(file);
  const disk = tail.readUInt16LE(at + 4);
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw zip64(file);
  if (disk !== 0) throw new ZipError(file, `expected a single-disk zip, got disk number ${disk}`);
  if (cdOffset + cdSize > tailStart + at) {
    throw new ZipError(
      file,
      `expected the central directory before byte ${tailStart + at}, got it ending at ${cdOffset + cdSize} (truncated file?)`,
    );
  }
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      throw new ZipError(
        file,
        `expected central directory entry ${i + 1} of ${count} at byte ${cdOffset + p}, got something else`,
      );
    }
    const nameLength = cd.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      crc32: cd.readUInt32LE(p + 16),
      encrypted: (cd.readUInt16LE(p + 8) & 1) === 1,
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    if (
      entry.compressedSize === 0xffffffff ||
      entry.size === 0xffffffff ||
      entry.localHeaderOffset === 0xffffffff
    )
      throw zip64(file);
    entries.push(entry);
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}

function zip64(file: string): ZipError {
  return new ZipError(
    file,
    'expected a zip under 4 GB with under 65,535 members, got a zip64 archive (not supported)',
  );
}

async function readMember(handle: FileHandle, file: string, entry: ZipEntry): Promise<Buffer> {
  const what = `member ${JSON.stringify(entry.name)}`;
  if (entry.encrypted) {
    throw new ZipError(file, `${what}: expected an unencrypted member, got an encrypted one`);
  }
  const method = METHODS[entry.method];
  if (method === undefined) {
    throw new ZipError(file, `${what}: expected method 0 (stored) or 8 (deflate), got ${entry.method}`);
  }
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
    throw new ZipError(
      file,
      `${what}: expected a local header at byte ${entry.localHeaderOffset}, got something else`,
    );
  }
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = await readAt(handle, dataStart, entry.compressedSize);
  if (raw.length !== entry.compressedSize) {
    throw new ZipError(
      file,
      `${what}: expected ${entry.compressedSize} bytes of data, got ${raw.length} (truncated file?)`,
    );
  }
  const data =
    method === 'stored'
      ? raw
      : await inflateMember(
          raw,
          entry.size,
          () =>
            new ZipError(
              file,
              `${what}: expected deflate data of ${entry.size} bytes, got data that does not inflate to that`,
            ),
        );
  if (data.length !== entry.size) {
    throw new ZipError(file, `${what}: expected ${entry.size} bytes, got ${data.length}`);
  }
  const crc = crc32(data);
  if (crc !== entry.crc32) {
    throw new ZipError(file, `${what}: expected CRC-32 ${hex(entry.crc32)}, got ${hex(crc)}`);
  }
  return data;
}

/** Inflates at most one byte more than expected, so a lying header cannot make us allocate without bound. */
async function inflateMember(raw: Buffer, size: number, damaged: () => ZipError): Promise<Buffer> {
  try {
    return await inflate(raw, { maxOutputLength: size + 1 });
  } catch {
    throw damaged();
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip uses). Kept here because node:zlib only has it from Node 20.15. */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
