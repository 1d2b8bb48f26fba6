/**
 * Member ids are never stored: votes carry HMAC-SHA256(secret, id), so one member's votes on one answer can be
 * matched (one vote each, changeable) but the database alone does not say who voted. The secret is made at
 * first start and kept beside the database, readable by its owner only (0600).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CrisisDeskError } from '../errors.ts';

const SECRET_BYTES = 32;

/** Reads the secret at `file`, creating it (and its folder) when missing. A short or unreadable file is an error. */
export function loadOrCreateSecret(file: string): Buffer {
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(SECRET_BYTES);
    // 'wx' fails if another process created it meanwhile; then read theirs.
    try {
      writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return loadOrCreateSecret(file);
    }
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new CrisisDeskError(
      'DataFileError',
      `${file}: expected ${SECRET_BYTES * 2} hex digits (the key for member hashes), found ${hex.length} characters of something else`,
    );
  }
  chmodSync(file, 0o600);
  return Buffer.from(hex, 'hex');
}

/** The keyed hash stored in place of a member id (hex, 64 characters). */
export function hashUser(secret: Buffer, userId: string): string {
  return createHmac('sha256', secret).update(`user:${userId}`).digest('hex');
}
