/**
 * The help of a command in src/cli, read from its `command` export. Importing an entry point runs it, so it is
 * imported as `<command> --help` runs: it prints its help (caught here) and returns without running.
 */
import path from 'node:path';
import { vi } from 'vitest';
import { REPO_ROOT } from './articles.ts';

export const CLI_DIR = path.join(REPO_ROOT, 'src', 'cli');

/** What `src/cli/<file> --help` printed, and the help its `command` declares. */
export async function importForHelp(file: string): Promise<{ printed: unknown[][]; help: string }> {
  const argv = process.argv;
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  // runMain listens for a closed output on stdout and stderr; keep only the listeners that were there before.
  const streams = [process.stdout, process.stderr];
  const before = streams.map((stream) => stream.listeners('error'));
  try {
    process.argv = [argv[0]!, path.join(CLI_DIR, file), '--help'];
    const { command } = (await import(path.join(CLI_DIR, file))) as { command: { help: string } };
    return { printed: log.mock.calls, help: command.help };
  } finally {
    process.argv = argv;
    log.mockRestore();
    streams.forEach((stream, i) => {
      for (const listener of stream.listeners('error'))
        if (!before[i]!.includes(listener)) stream.off('error', listener as () => void);
    });
  }
}
