/** Runs a CLI entry point (`src/cli/<name>.ts`) or a script (`scripts/<name>.ts`) as a child process, as npm run does. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './articles.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type RunOptions = { env?: Record<string, string>; input?: string };

export function runCli(
  script: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliResult> {
  return runFile(path.join('src', 'cli', script), args, options);
}

/** A script of scripts/ (e.g. `eval-dated.ts`). */
export function runScript(
  script: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliResult> {
  return runFile(path.join('scripts', script), args, options);
}

function runFile(file: string, args: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
