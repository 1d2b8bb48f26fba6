/**
 * Posts what watches find after each feed update: for every watch, the new articles that answer its query
 * (src/watch/match.ts), one message per story in the watch's channel, within a per-channel budget; what the
 * budget leaves out goes into one message of links when room remains. Every new article a watch does not post
 * is logged with the reason (below the line, already posted, rate limit, a failed post). A failure in one watch
 * or channel is logged and the others go on.
 */
import { Routes, type Client } from 'discord.js';
import type { Engine, IndexSummary } from '../types.ts';
import { watchMatches } from '../watch/match.ts';
import { ChannelBudget } from '../watch/rate.ts';
import type { WatchStore } from '../state/watch-store.ts';
import { formatWatchHit, formatWatchOverflow } from './format/watch.ts';
import { fitReply, type ReplyDraft } from './limits.ts';
import type { Logger } from '../log.ts';

export interface WatchNotifierOptions {
  client: Client;
  store: WatchStore;
  engine: () => Engine;
  logger: Logger;
  /** Messages per channel per `windowMs`. Default 6. */
  perChannel?: number;
  /** Default one hour. */
  windowMs?: number;
  now?: () => number;
}

export interface WatchNotifier {
  /** Runs the watches over what `summary` added; resolves when every post was sent or failed. */
  notify(summary: IndexSummary): Promise<number>;
}

export function createWatchNotifier(options: WatchNotifierOptions): WatchNotifier {
  const budget = new ChannelBudget(options.perChannel ?? 6, options.windowMs ?? 3_600_000, options.now);
  const { logger } = options;
  // Article ids each watch has posted (this process): a story that comes back as "new" is not posted twice.
  const announced = new Map<string, Set<string>>();
  const send = async (channelId: string, draft: ReplyDraft): Promise<boolean> => {
    try {
      // Raw REST takes the API's own field names: `allowed_mentions`, not discord.js' `allowedMentions`.
      const { allowedMentions, ...message } = fitReply(draft);
      await options.client.rest.post(Routes.channelMessages(channelId), {
        body: { ...message, allowed_mentions: allowedMentions },
      });
      budget.spend(channelId);
      return true;
    } catch (error) {
      logger.warn(`crisis-desk: could not post a /watch message in channel ${channelId}`, { error });
      return false;
    }
  };
  return {
    async notify(summary) {
      const fresh = summary.newFeedArticles ?? [];
      if (fresh.length === 0) return 0;
      let posted = 0;
      for (const watch of await options.store.all()) {
        // Every new article this watch does not post gets one log line saying why.
        const skip = (id: string, reason: string) =>
          logger.info(`crisis-desk: /watch ${watch.id}: not posting ${id}: ${reason}`);
        try {
          const match = await watchMatches(options.engine(), watch, fresh);
          for (const s of match.skipped) skip(s.id, s.reason);
          const seen = announced.get(watch.id) ?? new Set<string>();
          announced.set(watch.id, seen);
          const hits = match.hits.filter((hit) => {
            if (!seen.has(hit.citation.id)) return true;
            skip(hit.citation.id, 'already posted in this channel');
            return false;
          });
          const room = budget.left(watch.channelId);
          // When not all fit, the last message the budget allows lists the rest as links.
          const shown = hits.length <= room ? hits : hits.slice(0, Math.max(0, room - 1));
          for (const hit of shown) {
            if (await send(watch.channelId, formatWatchHit(watch, hit))) {
              posted++;
              seen.add(hit.citation.id);
            } else skip(hit.citation.id, 'the post failed (logged above)');
          }
          const rest = hits.slice(shown.length);
          if (rest.length > 0 && budget.left(watch.channelId) > 0) {
            if (await send(watch.channelId, formatWatchOverflow(watch, rest))) {
              posted++;
              for (const hit of rest) {
                seen.add(hit.citation.id);
                skip(
                  hit.citation.id,
                  `rate limit: listed as a link in one message (channel ${watch.channelId} is at its limit)`,
                );
              }
            } else
              for (const hit of rest)
                skip(hit.citation.id, 'rate limit, and the message of links failed (logged above)');
          } else {
            for (const hit of rest)
              skip(hit.citation.id, `rate limit: channel ${watch.channelId} had no message left this hour`);
          }
        } catch (error) {
          logger.error(`crisis-desk: /watch ${watch.id} failed`, { error });
        }
      }
      return posted;
    },
  };
}
