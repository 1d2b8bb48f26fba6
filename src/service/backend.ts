/**
 * What the HTTP layer asks an engine to do. Two backends: one engine on the server's own thread (tests, one
 * core), and a pool of worker threads that each hold the index (./pool.ts), so questions use every core.
 * Adding a verb to the service is a case in `runVerb` plus a route in ./routes.ts and a method in the client.
 */
import type { Engine } from '../types.ts';
import { HttpError, type EngineVerb } from './protocol.ts';

export interface VerbResult {
  value: unknown;
  /** The index generation that answered. */
  generation: string;
}

export interface SearchBackend {
  run(verb: EngineVerb, args: unknown[]): Promise<VerbResult>;
  /** The generation a new question would be answered from, and how many engines serve. */
  health(): { generation: string; engines: number };
  /**
   * Why no question could be answered now (no engine running, the database unreachable, the index broken), or
   * null when one could. Short and free of paths and URLs: the readiness route answers it without a token.
   */
  ready(): Promise<string | null>;
  close(): Promise<void>;
}

/** An engine that knows its generation: a SearchEngine, or a test's fake with one added. */
export type GenerationEngine = Engine & { readonly generation: string };

/** What hands out the engine to search now (an EngineHost); structural, so a test's fake fits too. */
export interface EngineSource {
  current(): GenerationEngine;
  /** As SearchBackend.ready; a source without it (a test's fixed engine) is always ready. */
  readiness?(): Promise<string | null>;
}

/** Runs one verb on one engine; AskInputError and friends keep their name so they cross a worker boundary. */
export async function runVerb(engine: Engine, verb: EngineVerb, args: unknown[]): Promise<unknown> {
  switch (verb) {
    case 'ask':
      return engine.ask(args[0] as string, (args[1] ?? {}) as Parameters<Engine['ask']>[1]);
    case 'timeline':
      return engine.timeline(args[0] as string, (args[1] ?? {}) as Parameters<Engine['timeline']>[1]);
    case 'documents':
      return engine.documents();
    case 'stats':
      return engine.stats();
    default:
      throw new HttpError(
        404,
        'not_found',
        `expected a verb among ask, timeline, documents, stats; got ${JSON.stringify(verb)}`,
      );
  }
}

/** The engine on the HTTP server's own thread. */
export function inThreadBackend(
  source: EngineSource,
  onClose: () => Promise<void> = async () => {},
): SearchBackend {
  return {
    async run(verb, args) {
      // Take the engine once: a swap in the middle must not mix two generations in one answer.
      const engine = source.current();
      return { value: await runVerb(engine, verb, args), generation: engine.generation };
    },
    health: () => ({ generation: source.current().generation, engines: 1 }),
    ready: async () => (source.readiness ? source.readiness() : null),
    close: onClose,
  };
}
