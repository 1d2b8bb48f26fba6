/**
 * Starts a search service from settings: the engines (a worker pool, or one engine on this thread when one
 * worker is asked for), then the HTTP server. Used by `npm run serve` and by the sharding manager, which
 * runs one in its own process when SEARCH_URL is not set.
 */
import { installLifecycle } from '../host/lifecycle.ts';
import { loadServiceConfig, type ServiceConfig } from '../config.ts';
import { inThreadBackend, type SearchBackend } from './backend.ts';
import { createLogger, type Logger } from '../log.ts';
import { openServiceHost, type HostSpec } from './open-host.ts';
import { createEnginePool } from './pool.ts';
import { createSearchService, type SearchService } from './server.ts';
import { withoutPrefix } from '../errors.ts';

export async function startSearchService(
  config: Pick<
    ServiceConfig,
    'dataDir' | 'host' | 'port' | 'token' | 'workers' | 'maxBodyBytes' | 'rateLimit'
  >,
  spec: HostSpec,
  logger: Logger,
): Promise<{ service: SearchService; url: string }> {
  const log = (message: string): void => logger.info(withoutPrefix(message));
  let backend: SearchBackend;
  if (config.workers > 1) backend = await createEnginePool(spec, { workers: config.workers, log });
  else {
    const { host, close } = await openServiceHost(spec, log);
    backend = inThreadBackend(host, close);
  }
  const service = createSearchService({
    backend,
    token: config.token,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    rateLimit: { perSecond: config.rateLimit, burst: config.rateLimit * 2 },
  });
  try {
    const url = await service.listen(config.port, config.host);
    logger.info('listening', {
      url,
      engines: backend.health().engines,
      generation: backend.health().generation,
      auth: config.token !== null,
    });
    return { service, url };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

/**
 * `npm run serve`: reads the settings, starts the service and drains it on SIGINT/SIGTERM (exit 0). `fake`
 * serves with the deterministic FakeEmbedder instead of the settings' model: for tests that spawn a real
 * service process (tests/helpers/serve-child.ts), never set by the CLI.
 */
export async function serveUntilSignalled(fake?: HostSpec['fake']): Promise<void> {
  const config = loadServiceConfig();
  const logger = createLogger({
    format: 'json',
    level: config.logLevel,
    secrets: config.token ? [config.token] : [],
  });
  const spec: HostSpec = fake
    ? { dataDir: config.dataDir, config: null, fake }
    : { dataDir: config.dataDir, config };
  const { service } = await startSearchService(config, spec, logger);
  installLifecycle({ logger, stop: () => service.close() });
}
