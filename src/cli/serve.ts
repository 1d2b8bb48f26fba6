/**
 * npm run serve: the engine as an HTTP service (src/service). SIGINT/SIGTERM stop accepting, finish the
 * questions in flight, then close the engines and exit 0. package.json runs this file with
 * `exec node --import tsx`, so the shell is replaced and npm's child is this process: a signal to npm, to this
 * process or to the whole group reaches it (tsx's own CLI would add a second process in between).
 */
import 'dotenv/config';
import { serveUntilSignalled } from '../service/start.ts';
import { defineCommand } from './args.ts';
import { runCommand } from './run.ts';

export const command = defineCommand({
  usage: ['npm run serve'],
  summary: [
    'Serves the index over HTTP for bots and shards (SEARCH_URL): POST /v1/ask, GET /v1/documents, /v1/stats,',
    '/v1/health (liveness), /v1/ready (readiness). Settings: SERVE_HOST (default 127.0.0.1), SERVE_PORT (8787), SEARCH_TOKEN (bearer token; required',
    'off loopback), SERVE_WORKERS (threads that each hold the index; default: the cores), SERVE_MAX_BODY_BYTES,',
    'SERVE_RATE_LIMIT (requests/s per address), DATA_DIR. Logs are JSON lines on stderr.',
  ].join('\n'),
  options: {},
});

runCommand(
  command,
  async () => {
    await serveUntilSignalled();
  },
  { service: true },
);
