/**
 * Entry point of a benchmark child process: receives one BenchTask over IPC, runs it, sends the result back
 * and exits. Started by runInChild(); not meant to be run by hand.
 */
import { runTask } from './tasks.ts';
import type { BenchTask } from './types.ts';

export type ChildReply = { ok: true; result: unknown } | { ok: false; error: string };

if (!process.send) {
  console.error('crisis-desk: src/bench/child.ts runs only as a child of `npm run bench`');
  process.exit(2);
}

process.once('message', (task: BenchTask) => {
  const reply = (message: ChildReply, code: number): void => {
    process.send!(message, () => process.exit(code));
  };
  runTask(task).then(
    (result) => reply({ ok: true, result }, 0),
    (error: unknown) => reply({ ok: false, error: (error as Error).stack ?? String(error) }, 1),
  );
});
