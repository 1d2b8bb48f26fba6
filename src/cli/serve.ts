/**
 * npm run serve: the engine as an HTTP service (src/service). SIGINT/SIGTERM stop accepting, finish the
 * questions in flight, then close the engines and exit 0. package.json runs this file with
 * `exec node --import tsx`, so the shell is replaced and npm's child is this process: a signal to npm, to this
 * process or to the whole group reaches it (tsx's own CLI would add a second process in between).
 */
import 'dotenv/config';
import { runMain } from './args.ts';
import { serveUntilSignalled } from '../service/start.ts';

runMain(
  async () => {
    await serveUntilSignalled();
  },
  { service: true },
);
