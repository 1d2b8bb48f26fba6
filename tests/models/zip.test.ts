import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, listZipEntries, readZipMembers } from '../../src/models/zip.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { type ZipWriterEntry, type ZipWriterOptions, slowCrc32, writeZip } from '../helpers/zip-writer.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

async function zipFile(entries: readonly ZipWriterEntry[], options?: ZipWriterOptions): Promise<string> {
  const file = path.join(await temp.make(), 'test.zip');
  await writeFile(file, writeZip(entries, options));
  return file;
}

const TEXT = 'the quick brown fox jumps over the lazy dog\n'.repeat(200);

describe('crc32', () => {
  it('matches the standard check value and an independent implementation', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const bytes = Buffer.from(TEXT);
    expect(crc32(bytes)).toBe(slowCrc32(bytes));
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('readZipMembers', () => {
  it('reads stored, deflated and data-descriptor members by name, and only those asked for', async () => {
    const file = await zipFile([
      { name: 'a/stored.txt', data: 'stored bytes', method: 'stored' },
      { name: 'b/deflated.txt', data: TEXT },
      { name: 'c/descriptor.bin', data: new Uint8Array([0, 1, 2, 255]), dataDescriptor: true },
      { name: 'empty', data: '', method: 'stored' },
    ]);
    const members = await readZipMembers(file, [
      'b/deflated.txt',
      'a/stored.txt',
      'c/descriptor.bin',
      'empty',
    ]);
    expect(members.get('a/stored.txt')!.toString()).toBe('stored bytes');
    expect(members.get('b/deflated.txt')!.toString()).toBe(TEXT);
    expect([...members.get('c/descriptor.bin')!]).toEqual([0, 1, 2, 255]);
    expect(members.get('empty')!.length).toBe(0);
    expect((await readZipMembers(file, ['a/stored.txt'])).size).toBe(1);
  });

  it('finds the directory behind an archive comment', async () => {
    const file = await zipFile([{ name: 'x', data: 'y' }], { comment: 'built by a test' });
    expect((await readZipMembers(file, ['x'])).get('x')!.toString()).toBe('y');
  });

  it('refuses a comment that holds the end signature (yauzl reads the last one it finds)', async () => {
    const file = await zipFile([{ name: 'x', data: 'y' }], { comment: 'PK\x05\x06 looks like a signature' });
    await expect(readZipMembers(file, ['x'])).rejects.toThrow(
      `crisis-desk: ${file}: expected the end-of-central-directory record and its comment to end the file, got bytes after them or an end signature inside the comment`,
    );
  });

  it('lists the entries with their methods and sizes', async () => {
    const file = await zipFile([
      { name: 'one', data: 'abc', method: 'stored' },
      { name: 'two', data: TEXT },
    ]);
    const entries = await listZipEntries(file);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['one', 0, 3],
      ['two', 8, TEXT.length],
    ]);
    expect(entries[1]!.compressedSize).toBeLessThan(TEXT.length);
  });

  it('names the missing members', async () => {
    const file = await zipFile([{ name: 'present', data: 'x' }]);
    await expect(readZipMembers(file, ['present', 'gone', 'also/gone'])).rejects.toThrow(
      `crisis-desk: ${file}: expected members "gone", "also/gone", found no such entry among 1`,
    );
  });

  it('refuses a file that is not a zip', async () => {
    const file = path.join(await temp.make(), 'not.zip');
    await writeFile(file, 'just text, no central directory');
    await expect(readZipMembers(file, ['x'])).rejects.toThrow(
      `crisis-desk: ${file}: expected a zip file (an end-of-central-directory record), got 31 bytes without one`,
    );
  });

  it('refuses a directory that claims more entries than it holds', async () => {
    // 0xFFFF entries without a zip64 locator: yauzl reads real zip64 archives, but this one is not.
    const file = await zipFile([{ name: 'x', data: 'y' }], { zip64Marker: true });
    await expect(readZipMembers(file, ['x'])).rejects.toThrow(
      `crisis-desk: ${file}: expected central directory entry 2 of 65535, got the end of the file (truncated file?)`,
    );
  });

  it('refuses unknown methods, encrypted members and wrong CRCs', async () => {
    const file = await zipFile([
      { name: 'bzip', data: 'x', method: 12 },
      { name: 'secret', data: 'x', encrypted: true },
      { name: 'crc', data: 'x', crc32: 1234 },
    ]);
    await expect(readZipMembers(file, ['bzip'])).rejects.toThrow(
      'member "bzip": expected method 0 (stored) or 8 (deflate), got 12',
    );
    await expect(readZipMembers(file, ['secret'])).rejects.toThrow(
      'member "secret": expected an unencrypted member, got an encrypted one',
    );
    await expect(readZipMembers(file, ['crc'])).rejects.toThrow(
      `member "crc": expected CRC-32 000004d2, got ${slowCrc32(Buffer.from('x')).toString(16).padStart(8, '0')}`,
    );
  });

  it('refuses deflate data that does not inflate to the recorded size', async () => {
    const good = writeZip([{ name: 'x', data: TEXT }]);
    // The central directory's uncompressed size is at 24 bytes into its entry.
    const cdOffset = good.readUInt32LE(good.length - 6);
    good.writeUInt32LE(10, cdOffset + 24);
    const file = path.join(await temp.make(), 'short.zip');
    await writeFile(file, good);
    await expect(readZipMembers(file, ['x'])).rejects.toThrow(
      'member "x": expected deflate data of 10 bytes, got data that does not inflate to that',
    );
  });

  it('refuses a truncated file', async () => {
    const whole = writeZip([{ name: 'x', data: TEXT, method: 'stored' }]);
    const file = path.join(await temp.make(), 'cut.zip');
    // Keep the end record but drop most of the data before it.
    await writeFile(file, Buffer.concat([whole.subarray(0, 40), whole.subarray(whole.length - 22)]));
    await expect(readZipMembers(file, ['x'])).rejects.toThrow('(truncated file?)');
  });
});
