/**
 * Runs one benchmark task in a fresh Node process (same loader flags as this one, so TypeScript sources
 * load under tsx), so each measurement starts from an empty heap and has its own peak RSS.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply } from './child.ts';
import type { BenchTask } from './types.ts';
import { CrisisDeskError } from '../errors.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export function runInChild<T>(task: BenchTask): Promise<T> {
  return new Promise((resolve, reject) => {
    // Children write progress to stderr only: stdout carries the report. --expose-gc lets them measure settled RSS.
    const execArgv = [...process.execArgv, '--expose-gc'];
    const child = fork(CHILD, [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let replied = false;
    child.once('message', (message: ChildReply) => {
      replied = true;
      if (message.ok) resolve(message.result as T);
      else
        reject(
          new CrisisDeskError(
            'BenchError',
            `bench ${task.kind} failed in its child process:\n${message.error}`,
          ),
        );
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!replied)
        reject(
          new CrisisDeskError(
            'BenchError',
            `bench ${task.kind} child exited (${signal ?? `code ${code}`}) without a result`,
          ),
        );
    });
    child.send(task);
  });
}
