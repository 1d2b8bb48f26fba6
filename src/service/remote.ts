/**
 * The Engine over the search service (SEARCH_URL): the same interface as the in-process SearchEngine, so
 * commands do not know which one they hold. documents() and stats() are cached per index generation: every
 * answer names the generation it came from, and a new one (the service swapped in a re-index) drops the cache.
 */
import { ReindexElsewhereError, type EngineHostLike } from '../host/contract.ts';
import type { ServiceClient, Served } from './client.ts';
import type {
  Answer,
  AskOptions,
  CorpusStats,
  DocumentInfo,
  Engine,
  Timeline,
  TimelineOptions,
} from '../types.ts';

export class RemoteEngine implements Engine {
  private seen: string | null = null;
  private cache: { generation: string; documents?: DocumentInfo[]; stats?: CorpusStats } | null = null;

  constructor(private readonly client: ServiceClient) {}

  /** The last generation the service answered from (null before the first answer). */
  get generation(): string | null {
    return this.seen;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    return this.note(await this.client.ask(question, options));
  }

  async timeline(topic: string, options: TimelineOptions = {}): Promise<Timeline> {
    return this.note(await this.client.timeline(topic, options));
  }

  async documents(): Promise<DocumentInfo[]> {
    return this.cached('documents', () => this.client.documents());
  }

  async stats(): Promise<CorpusStats> {
    return this.cached('stats', () => this.client.stats());
  }

  private note<T>(served: Served<T>): T {
    if (served.generation !== null) this.seen = served.generation;
    return served.value;
  }

  private async cached<K extends 'documents' | 'stats'>(
    key: K,
    fetch: () => Promise<Served<NonNullable<NonNullable<RemoteEngine['cache']>[K]>>>,
  ): Promise<NonNullable<NonNullable<RemoteEngine['cache']>[K]>> {
    const hit = this.cache?.generation === this.seen ? this.cache?.[key] : undefined;
    if (hit !== undefined) return hit;
    const served = await fetch();
    const value = this.note(served);
    if (served.generation !== null) {
      if (this.cache?.generation !== served.generation) this.cache = { generation: served.generation };
      this.cache[key] = value;
    }
    return value;
  }
}

/**
 * The bot's host when it searches through the service. Re-indexing is the service host's job (it has the
 * corpus and the model, and one service serves every shard, so one run replaces the index for all of them);
 * the service picks the new generation up by itself, and this client notices it in the next answer.
 */
export function remoteEngineHost(client: ServiceClient, url: string): EngineHostLike {
  const engine = new RemoteEngine(client);
  return {
    current: () => engine,
    isReindexing: () => false,
    reindex: () => Promise.reject(new ReindexElsewhereError(url)),
  };
}
