/** npm run pg:local -- [--data-dir D] [--port 5432] */
import { defineCommand, UsageError } from './args.ts';
import { startLocalPostgres } from './local-postgres.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';

export const command = defineCommand({
  usage: ['npm run pg:local -- [--data-dir D] [--port 5432]'],
  summary: [
    'A local PostgreSQL (PGlite with pgvector and pg_textsearch) on 127.0.0.1 for trying STORE=postgres; prints',
    'its DATABASE_URL. One backend: for development and tests, not production.',
  ].join('\n'),
  options: {
    'data-dir': {
      type: 'string',
      value: 'D',
      help: 'keep the database in this folder (default: in memory, gone when it stops)',
    },
    port: {
      type: 'string',
      value: 'P',
      parse: int(0, 65535),
      default: 5432,
      help: 'the port (0 picks a free one)',
    },
  },
});

runCommand(command, async ({ values }) => {
  const { port, 'data-dir': dataDir } = values;
  const server = await startLocalPostgres('npm run pg:local', {
    port,
    ...(dataDir ? { dataDir } : {}),
  }).catch((error: unknown) => {
    // A port another process holds is the user's to change: one line, exit 2.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(
        `--port: expected a free port on 127.0.0.1, got ${port}, which another process is listening on; pass another --port`,
      );
    }
    throw error;
  });
  console.log(`DATABASE_URL=${server.url}`);
  console.error(
    `PostgreSQL (PGlite, pgvector, pg_textsearch) on 127.0.0.1, ${dataDir ? `data in ${dataDir}` : 'in memory'}; Ctrl-C stops it.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
});
