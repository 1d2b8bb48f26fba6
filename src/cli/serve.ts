/**
 * npm run serve: the engine as an HTTP service (src/service). SIGINT/SIGTERM stop accepting, finish the
 * questions in flight, then close the engines.
 */
import 'dotenv/config';
import { installLifecycle } from '../bot/lifecycle.ts';
import { loadServiceConfig } from '../config.ts';
import { createJsonLogger } from '../service/log.ts';
import { startSearchService } from '../service/start.ts';
import { runMain } from './args.ts';

runMain(async () => {
  const config = loadServiceConfig();
  const logger = createJsonLogger({ level: config.logLevel, secrets: config.token ? [config.token] : [] });
  const { service } = await startSearchService(config, { dataDir: config.dataDir, config }, logger);
  installLifecycle({ logger, stop: () => service.close() });
}, { service: true });
