/**
 * What the bot and the search service agree on about an engine host: the part of it the bot uses, and the error
 * a host that does not index gives. Kept apart from the host itself so a bot that searches through the service
 * (src/service/remote.ts) and the commands need not load it.
 */
import type { Engine, FeedStatus, IndexProgress, IndexSummary } from '../types.ts';
import { CrisisDeskError } from '../errors.ts';

/** The part of the lead's engine host (src/host/engine-host.ts) the bot uses; structural, so fakes fit. */
export interface EngineHostLike {
  /** The generation to search now; replaced when a re-index (here or in another process) finishes. */
  current(): Engine;
  reindex(onProgress: (progress: IndexProgress) => void): Promise<IndexSummary>;
  isReindexing(): boolean;
  /** The configured feeds with their last successful read; absent when the host reads none. */
  feeds?(): Promise<FeedStatus[]>;
}

/** Thrown by a host that does not index (the bot of a search service): indexing is done where the service runs. */
export class ReindexElsewhereError extends CrisisDeskError {
  constructor(readonly serviceUrl: string) {
    super(
      'ReindexElsewhereError',
      `this bot searches through ${serviceUrl}; expected re-indexing on that service's host (npm run index there)`,
    );
  }
}
