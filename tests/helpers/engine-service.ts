/**
 * Runs an engine behind a real search service on 127.0.0.1 and hands back the RemoteEngine client, so a test
 * can run the same assertions in-process and through the service (`ENGINE_MODES`).
 */
import { type EngineSource, inThreadBackend, type GenerationEngine } from '../../src/service/backend.ts';
import { RemoteEngine } from '../../src/service/remote.ts';
import { ServiceClient } from '../../src/service/client.ts';
import { createLogger } from '../../src/log.ts';
import { createSearchService, type SearchService } from '../../src/service/server.ts';
import type { Engine } from '../../src/types.ts';

export const ENGINE_MODES = ['in-process', 'through the service'] as const;
export type EngineMode = (typeof ENGINE_MODES)[number];

export const TEST_SEARCH_TOKEN = 'test-token-0123456789abcdef';

export interface Served {
  url: string;
  client: ServiceClient;
  remote: RemoteEngine;
  service: SearchService;
  /** The service's log lines (JSON). */
  lines: string[];
  close(): Promise<void>;
}

/** `engine` with a generation the test can change, so clients see the service swap generations. */
export function withGeneration(engine: Engine, generation: () => string): GenerationEngine {
  return {
    ask: (q, o) => engine.ask(q, o),
    timeline: (t, o) => engine.timeline(t, o),
    documents: () => engine.documents(),
    stats: () => engine.stats(),
    get generation() {
      return generation();
    },
  };
}

export interface ServeOptions {
  generation?: () => string;
  token?: string | null;
  timeoutMs?: number;
  shutdownGraceMs?: number;
}

export function serveEngine(engine: Engine, options: ServeOptions = {}): Promise<Served> {
  const source = withGeneration(engine, options.generation ?? (() => 'gen-test'));
  return serveSource({ current: () => source }, options);
}

/** Serves whatever `source` holds now: an EngineHost swaps generations under the running service. */
export async function serveSource(source: EngineSource, options: ServeOptions = {}): Promise<Served> {
  const lines: string[] = [];
  const service = createSearchService({
    backend: inThreadBackend(source),
    token: options.token === undefined ? TEST_SEARCH_TOKEN : options.token,
    logger: createLogger({ format: 'json', level: 'debug', write: (line) => lines.push(line) }),
    ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
  });
  const url = await service.listen(0);
  const client = new ServiceClient({
    url,
    token: options.token === undefined ? TEST_SEARCH_TOKEN : options.token,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { url, client, remote: new RemoteEngine(client), service, lines, close: () => service.close() };
}

/** The engine a test in `mode` asks, and how to stop what it started. */
export async function engineFor(
  mode: EngineMode,
  engine: Engine,
): Promise<{ engine: Engine; close(): Promise<void> }> {
  if (mode === 'in-process') return { engine, close: async () => {} };
  const served = await serveEngine(engine);
  return { engine: served.remote, close: served.close };
}
