/** npm run pg:local -- [--data-dir D] [--port 5432] */
import { intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';
import { startLocalPostgres } from './local-postgres.ts';

runMain(async () => {
  const { flags } = parseArgs(process.argv.slice(2), { 'data-dir': 'string', port: 'string' });
  const port = intFlag(flags.port, '--port', 0, 65535) ?? 5432;
  const dataDir = stringFlag(flags['data-dir']);
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
