/** The default RunCommand with node itself as the program (no pip, mvn or network). */
import { describe, expect, it } from 'vitest';
import { spawnCommand } from '../../src/models/run-command.ts';
import { reasonLine } from '../../src/models/source-archive.ts';

const node = process.execPath;

describe('spawnCommand', () => {
  it('returns the exit code and the output, without a shell', async () => {
    const script =
      'process.stdout.write("out"); process.stderr.write("first\\nlast line\\n"); process.exit(3)';
    const result = await spawnCommand(node, ['-e', script, '$HOME'], {
      cwd: process.cwd(),
      timeoutMs: 600_000,
    });
    expect(result).toEqual({ code: 3, stdout: 'out', stderr: 'first\nlast line\n', timedOut: false });
    const echo = await spawnCommand(node, ['-e', 'process.stdout.write(process.argv[1])', '$HOME; echo hi'], {
      cwd: process.cwd(),
      timeoutMs: 600_000,
    });
    expect(echo.stdout).toBe('$HOME; echo hi');
  });

  it('rejects with ENOENT for a program that is not installed', async () => {
    await expect(
      spawnCommand('crisis-desk-no-such-program', [], { cwd: process.cwd(), timeoutMs: 600_000 }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('kills a program that runs past its limit', async () => {
    const result = await spawnCommand(node, ['-e', 'setInterval(() => {}, 1000)'], {
      cwd: process.cwd(),
      timeoutMs: 1,
    });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
  });
});

describe('reasonLine', () => {
  it('prefers the first error line, else the last line of stderr, then stdout', () => {
    expect(
      reasonLine({ stdout: '', stderr: 'Collecting x\nERROR: No matching distribution found for x\n' }),
    ).toBe('ERROR: No matching distribution found for x');
    expect(reasonLine({ stdout: '[ERROR] Failed to execute goal\n[ERROR] -> [Help 1]\n', stderr: '' })).toBe(
      '[ERROR] Failed to execute goal',
    );
    expect(reasonLine({ stdout: 'last of stdout\n', stderr: 'warning\nlast of stderr\n\n' })).toBe(
      'last of stderr',
    );
    expect(reasonLine({ stdout: 'only stdout', stderr: '' })).toBe('only stdout');
    expect(reasonLine({ stdout: '', stderr: '' })).toBe('no output');
    expect(reasonLine({ stdout: '', stderr: 'x'.repeat(400) })).toHaveLength(300);
  });
});
