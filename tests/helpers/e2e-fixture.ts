/** What the end-to-end bot tests share: wire types, a hostile passage, the fake engine and a started harness. */
import { startHarness, type Harness } from './bot-harness.ts';
import { citation, fakeEngine, fakeHost, passage, timelineEvent } from './fake-engine.ts';

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
  newer: citation({ id: 'n1', source: 'The Guardian', date: '2022-03-15', url: 'https://guardian.example/n1' }),
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

export interface E2e {
  h: Harness;
  /** A new user id per call, so cooldowns never couple two tests. */
  user(): string;
  app(): string;
}

export async function startE2e(): Promise<E2e> {
  const h = await startHarness(fakeHost(engine));
  let nextUser = 1;
  return {
    h,
    user: () => `40000000000000${String(nextUser++).padStart(4, '0')}`,
    app: () => h.fake.applicationId,
  };
}
