/**
 * What the end-to-end bot tests share: wire types, a hostile passage, the fake engine and a started harness,
 * in either mode: the engine in the bot's process, or behind a search service on 127.0.0.1 (SEARCH_URL).
 */
import { remoteEngineHost } from '../../src/service/remote.ts';
import type { Engine } from '../../src/types.ts';
import { startHarness, type Harness } from './bot-harness.ts';
import { type EngineMode, serveEngine } from './engine-service.ts';
import { citation, fakeEngine, fakeHost, passage, timelineEvent } from './fake-engine.ts';

export { ENGINE_MODES, type EngineMode } from './engine-service.ts';

export const EPHEMERAL = 64;
export type Body = { type: number; data?: Record<string, unknown> };
export type Message = {
  content?: string;
  flags?: number;
  embeds?: {
    title?: string;
    url?: string;
    description?: string;
    fields?: { name: string; value: string }[];
  }[];
  components?: { components: { custom_id: string; label: string }[] }[];
};

/** A passage full of things that must not ping, format or link anyone. */
export const hostile = passage(1, {
  highlight: 'Officials warned @everyone that <@123> would **escalate** [now](https://evil.example).',
  citation: citation({ id: 'h1', title: 'Warnings # at the border', url: 'https://example.com/border' }),
  alsoReportedBy: [citation({ source: 'Reuters', url: 'https://reuters.example/b' })],
  corroboration: { outlets: 4, names: ['ABC News', 'Reuters', 'AP', 'BBC News'] },
  newer: citation({
    id: 'n1',
    source: 'The Guardian',
    date: '2022-03-15',
    url: 'https://guardian.example/n1',
  }),
});

/** Eleven events for /timeline (two pages), the second quoting a hostile sentence and carried by three outlets. */
export const events = Array.from({ length: 11 }, (_, i) => {
  const date = `2022-03-${String(i + 1).padStart(2, '0')}`;
  return i === 1
    ? timelineEvent(date, {
        sentence: 'Officials told @everyone to **run** <@123>.',
        alsoReportedBy: [citation({ source: 'Reuters' }), citation({ source: 'AP' })],
        corroboration: { outlets: 3, names: ['ABC News', 'Reuters', 'AP'] },
      })
    : timelineEvent(date);
});

/** The engine both suites ask: five passages, "cake" is off-topic, "explode" makes the search throw. */
export const engine = fakeEngine({
  passages: [hostile, passage(2), passage(3), passage(4), passage(5)],
  offTopicWord: 'cake',
  failWord: 'explode',
  events,
});

/** A harness whose `stop` also stops its service; `serviceLines` are the service's JSON log lines. */
export type ModeHarness = Harness & { serviceLines: string[] };

/** The bot over `searched`: directly, or through a search service started for it (button state and cooldowns there too). */
export async function startBot(
  mode: EngineMode,
  searched: Engine,
  options: { askCooldownSeconds?: number; shutdownGraceMs?: number } = {},
): Promise<ModeHarness> {
  if (mode === 'in-process')
    return Object.assign(await startHarness(fakeHost(searched), options), { serviceLines: [] });
  const served = await serveEngine(searched, { shutdownGraceMs: options.shutdownGraceMs ?? 10_000 });
  const h = await startHarness(remoteEngineHost(served.client, served.url), {
    ...options,
    service: served.client,
  });
  return {
    ...h,
    serviceLines: served.lines,
    async stop() {
      await h.stop();
      await served.close();
    },
  };
}

export interface E2e {
  h: ModeHarness;
  mode: EngineMode;
  /** A new user id per call, so cooldowns never couple two tests. */
  user(): string;
  app(): string;
}

export async function startE2e(mode: EngineMode = 'in-process'): Promise<E2e> {
  const h = await startBot(mode, engine);
  let nextUser = 1;
  return {
    h,
    mode,
    user: () => `40000000000000${String(nextUser++).padStart(4, '0')}`,
    app: () => h.fake.applicationId,
  };
}
