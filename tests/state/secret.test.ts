import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashUser, loadOrCreateSecret } from '../../src/state/secret.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('member hashes', () => {
  it('makes a 32-byte secret at first start, owner-only, and reads the same one back', async () => {
    const file = path.join(await temp.make(), 'bot', 'member-key');
    const made = loadOrCreateSecret(file);
    expect(made).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(file).equals(made)).toBe(true);
  });

  it('hashes a member id with the key: stable, different per key, never containing the id', async () => {
    const a = loadOrCreateSecret(path.join(await temp.make(), 'k'));
    const b = loadOrCreateSecret(path.join(await temp.make(), 'k'));
    const id = '400000000000000001';
    expect(hashUser(a, id)).toBe(hashUser(a, id));
    expect(hashUser(a, id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUser(a, id)).not.toBe(hashUser(b, id));
    expect(hashUser(a, id)).not.toBe(hashUser(a, '400000000000000002'));
    expect(hashUser(a, id)).not.toContain(id);
  });

  it('a key file that is not 64 hex digits is an error saying what was expected, and is left alone', async () => {
    const file = path.join(await temp.make(), 'member-key');
    writeFileSync(file, 'oops');
    expect(() => loadOrCreateSecret(file)).toThrow(
      `crisis-desk: ${file}: expected 64 hex digits (the key for member hashes), found 4 characters of something else`,
    );
    expect(readFileSync(file, 'utf8')).toBe('oops');
  });
});
