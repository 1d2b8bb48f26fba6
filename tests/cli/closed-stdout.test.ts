/**
 * A reader that stops early (`npm run names -- count seeds | head -2`) closes the pipe while the command still
 * writes: the command ends quietly with exit 0, as `cat` or `grep` would, not with `Error: write EPIPE`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/articles.ts';

/** Runs a CLI whose stdout reader reads `keep` bytes, then closes its end of the pipe. */
function runIntoEarlyClose(
  script: string,
  args: string[],
  keep: number,
): Promise<{ code: number | null; stderr: string; read: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'cli', script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let read = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      read += d;
      if (read.length >= keep) child.stdout.destroy();
    });
    if (keep === 0) child.stdout.destroy();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('a stdout closed early', () => {
  it.each([0, 40])('names count, reader closing after %i bytes: exit 0, nothing on stderr', async (keep) => {
    const { code, stderr } = await runIntoEarlyClose(
      'names.ts',
      ['count', 'seeds', '--min-count', '1', '--top', '5000'],
      keep,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--help into a closed pipe: exit 0, nothing on stderr', async () => {
    const { code, stderr } = await runIntoEarlyClose('sources.ts', ['--help'], 0);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
