/**
 * The notifier posts every hit within the channel's budget and logs every new article it does not post, with the
 * reason: below the line, already posted, rate limit.
 */
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log.ts';
import { createWatchNotifier } from '../../src/bot/watch-notifier.ts';
import type { Engine, IndexSummary } from '../../src/types.ts';
import type { Watch, WatchStore } from '../../src/state/watch-store.ts';
import { answerOf, citation, fakeEngine, passage } from '../helpers/fake-engine.ts';

const watch: Watch = {
  id: 'abc123',
  guildId: '200000000000000001',
  channelId: '300000000000000001',
  query: 'grain exports',
  source: null,
  createdBy: '400000000000000001',
  createdAt: '2022-08-01T00:00:00.000Z',
};
const store = { all: async () => [watch] } as unknown as WatchStore;

/** Answers every ask with the new articles named "g…" (grain stories); "f…" articles are about football. */
const engine: Engine = {
  ...fakeEngine(),
  async ask(question, options = {}) {
    const ids = options.ids ?? ['g1', 'g2', 'g3', 'f1'];
    const grain = ids
      .filter((id) => id.startsWith('g'))
      .map((id, i) => passage(i + 1, { citation: citation({ id, title: `Grain story ${id}` }) }));
    return answerOf(question, grain.length > 0 ? 'answer' : 'none', grain);
  },
};

function summary(newFeedArticles: string[]): IndexSummary {
  return {
    added: newFeedArticles.length,
    changed: 0,
    moved: 0,
    removed: 0,
    unchanged: 0,
    kept: 0,
    skipped: [],
    warnings: [],
    articles: 4,
    chunks: 8,
    embedded: 4,
    seconds: 0,
    generation: 'g',
    newFeedArticles,
  };
}

describe('createWatchNotifier', () => {
  it('posts each matching story once, and logs each skip with its reason', async () => {
    const bodies: unknown[] = [];
    const client = {
      rest: { post: async (_route: string, { body }: { body: unknown }) => void bodies.push(body) },
    } as unknown as Client;
    const logger = createMemoryLogger();
    const notifier = createWatchNotifier({ client, store, engine: () => engine, logger, perChannel: 2 });

    expect(await notifier.notify(summary(['g1', 'f1']))).toBe(1);
    expect(bodies).toHaveLength(1);
    expect(logger.lines.some((l) => l.includes('/watch abc123: not posting f1: below the line'))).toBe(true);

    // The same article reported as new again is not posted twice.
    expect(await notifier.notify(summary(['g1']))).toBe(0);
    expect(
      logger.lines.some((l) => l.includes('/watch abc123: not posting g1: already posted in this channel')),
    ).toBe(true);

    // One message left this hour: two new stories go into one message of links, each logged as rate-limited.
    expect(await notifier.notify(summary(['g2', 'g3']))).toBe(1);
    expect(bodies).toHaveLength(2);
    expect(
      logger.lines.filter((l) => /not posting g[23]: rate limit: listed as a link/.test(l)),
    ).toHaveLength(2);

    // None left: the next story is logged, not silently dropped.
    expect(await notifier.notify(summary(['g4']))).toBe(0);
    expect(
      logger.lines.some((l) =>
        l.includes('not posting g4: rate limit: channel 300000000000000001 had no message left this hour'),
      ),
    ).toBe(true);
  });
});
