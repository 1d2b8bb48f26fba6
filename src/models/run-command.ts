/**
 * Runs an external program (pip, mvn) without a shell, with a time limit, keeping the end of its output for
 * error messages. Injectable, so tests fake the programs instead of reaching a registry.
 */
import { spawn } from 'node:child_process';

export interface CommandOptions {
  /** Working folder of the program. */
  cwd: string;
  /** The program is killed after this long. */
  timeoutMs: number;
}

export interface CommandResult {
  /** Exit code; null when a signal ended it. */
  code: number | null;
  /** The last few KB the program wrote to stdout (mvn prints its errors there). */
  stdout: string;
  /** The last few KB the program wrote to stderr. */
  stderr: string;
  /** True when it was killed for running past `timeoutMs`. */
  timedOut?: boolean;
}

/**
 * Runs `command` with `args`. Rejects only when the program cannot be started (e.g. an error with
 * `code: 'ENOENT'` when it is not installed); a non-zero exit resolves with that code.
 */
export type RunCommand = (
  command: string,
  args: readonly string[],
  options: CommandOptions,
) => Promise<CommandResult>;

/** Long enough for a 35 MB download on a slow line, short enough that a hung registry does not hang a run. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5 * 60_000;

const KEEP = 16 * 1024;

/** The default RunCommand: node:child_process spawn, no shell, SIGKILL at the time limit. */
export const spawnCommand: RunCommand = (command, args, { cwd, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-KEEP)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-KEEP)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
