/**
 * npm run bench:ack: how long the bot takes to acknowledge /ask (the deferral Discord must see within 3 s) and to
 * answer it, with no feed run and during a FEEDS poll of a feed with hostile pages (src/bench/hostile-site.ts);
 * optionally with extraction on the main thread, as before issue 21, for comparison. The real bot (discord.js,
 * loader, dispatcher, commands) answers through the fake Discord of the tests, over the real EngineHost.
 *
 * Asks are sent on a fixed schedule (one every --every ms) and timed from when each was due, not from when it
 * went out: the fake Discord shares the bot's process, so a blocked event loop delays the sending too, and
 * timing from the send would hide exactly the stall being measured. See docs/feeds.md.
 */
import 'dotenv/config';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { SiteArticle } from '../src/bench/feed-site.ts';
import { loadArticles } from '../src/bench/feeds.ts';
import { HOSTILE_PAGES, startHostileSite } from '../src/bench/hostile-site.ts';
import { round, summarizeLatencies } from '../src/bench/stats.ts';
import { defineCommand } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { int } from '../src/cli/values.ts';
import { chooseModel } from '../src/host/model-choice.ts';
import { loadEngineConfig } from '../src/config.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { FakeEmbedder } from '../src/embed/fake.ts';
import { createBackgroundEmbedder, createEmbedder } from '../src/embed/factory.ts';
import type { PageExtractor } from '../src/feeds/extract-pool.ts';
import { extractArticle } from '../src/feeds/extract.ts';
import { indexPaths } from '../src/host/index-paths.ts';
import type { SearchParams } from '../src/search/engine.ts';
import { openEngineHost } from '../src/host/engine-host.ts';
import type { IndexSummary } from '../src/types.ts';
import { startHarness } from '../tests/helpers/bot-harness.ts';
import { FAKE_SEARCH_PARAMS } from '../tests/helpers/fake-params.ts';
import { chatInput } from '../tests/helpers/interactions.ts';

const command = defineCommand({
  usage: [
    'npm run bench:ack -- [--articles 20] [--corpus <file.jsonl>] [--every 250] [--asks 60] [--comb 60000]',
    '                     [--main-thread-comb N] [--fake-embedder]',
  ],
  summary: [
    "The bot's acknowledgement and answer times for /ask (p50, p95, max) with no feed run and during a FEEDS poll",
    'of a local feed with hostile pages (a page Readability needs minutes for, nested-div bombs, binary, 6 MB, a',
    'slow drip) and --articles ordinary ones (synthetic, or the first of --corpus); one /ask every --every ms,',
    'timed from when it was due. --main-thread-comb N adds a run with extraction on the main thread (as before',
    'the worker) and a comb page of N paragraphs. The configured model embeds, or the test embedder with',
    "--fake-embedder. Runs the real bot against the tests' fake Discord on 127.0.0.1; see docs/feeds.md.",
  ].join('\n'),
  options: {
    articles: {
      type: 'string',
      value: 'N',
      parse: int(0, 10_000),
      default: 20,
      help: 'ordinary articles in the feed',
    },
    corpus: {
      type: 'string',
      value: '<file.jsonl>',
      help: 'take them from this corpus (default: synthetic)',
    },
    asks: { type: 'string', value: 'N', parse: int(1, 10_000), default: 60, help: '/ask interactions a run' },
    every: {
      type: 'string',
      value: 'MS',
      parse: int(10, 60_000),
      default: 250,
      help: 'one /ask every MS ms',
    },
    comb: {
      type: 'string',
      value: 'N',
      parse: int(1, 200_000),
      default: 60_000,
      help: "the comb page's paragraphs",
    },
    'main-thread-comb': {
      type: 'string',
      value: 'N',
      parse: int(0, 200_000),
      default: 0,
      help: 'also a run extracting on the main thread, with a comb of N paragraphs (0: none)',
    },
    'fake-embedder': { type: 'boolean', help: 'the test embedder instead of the configured model' },
  },
});

const SEEDS = fileURLToPath(new URL('../seeds', import.meta.url));
const QUESTIONS = [
  'Why did Blinken cancel the meeting with Lavrov?',
  'Who did Kuleba meet in Washington?',
  'Where will Blinken meet Lavrov?',
  'What did Blinken say about diplomacy?',
];

interface Engines {
  name: string;
  query: Embedder;
  index: () => Promise<Embedder>;
  search: Partial<SearchParams>;
  close(): Promise<void>;
}

interface Scenario {
  label: string;
  /** Null: no feed run; the asks are sent `asks` times. */
  feed: null | { extractor?: PageExtractor; combParagraphs: number };
}

interface Outcome {
  label: string;
  asks: number;
  ackMs: number[];
  answerMs: number[];
  loopP99Ms: number;
  loopMaxMs: number;
  run: IndexSummary | null;
  runSeconds: number | null;
}

/** What issue 21 replaced: Readability on the bot's own thread (with today's size and depth checks). */
const mainThreadExtractor: PageExtractor = {
  async extract(html, url) {
    try {
      const article = extractArticle(html, url);
      return article ? { kind: 'article', ...article } : { kind: 'none' };
    } catch (error) {
      return { kind: 'unusable', reason: (error as Error).message };
    }
  },
  close: async () => {},
};

function syntheticArticles(n: number): SiteArticle[] {
  const topics = [
    'grain exports',
    'the power grid',
    'refugee convoys',
    'sanctions talks',
    'the front near Kharkiv',
  ];
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length]!;
    const text = Array.from(
      { length: 8 },
      (_, p) =>
        `Report ${i + 1}, paragraph ${p + 1}: officials and residents described ${topic} in detail to correspondents, who checked each account.`,
    ).join('\n');
    return { slug: `story-${i + 1}`, title: `Update ${i + 1} on ${topic}`, text, date: '2022-07-20' };
  });
}

async function openEngines(fake: boolean): Promise<Engines> {
  if (fake) {
    const embedder = new FakeEmbedder();
    return {
      name: embedder.id,
      query: embedder,
      index: async () => embedder,
      search: FAKE_SEARCH_PARAMS,
      close: async () => {},
    };
  }
  const settings = loadEngineConfig();
  const config = await chooseModel(settings, settings.dataDir, {
    purpose: 'build',
    rebuild: true,
    log: (l) => console.error(l),
  });
  const query = await createEmbedder(config, 'query');
  return {
    name: query.id,
    query,
    // As the bot does (src/cli/start.ts): re-index embeddings on a worker thread.
    index: () => createBackgroundEmbedder(config, query),
    search: {},
    close: () => query.close(),
  };
}

async function runScenario(
  s: Scenario,
  engines: Engines,
  o: { articles: SiteArticle[]; asks: number; everyMs: number },
): Promise<Outcome> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crisis-desk-bench-ack-'));
  const site = await startHostileSite({ articles: o.articles, combParagraphs: s.feed?.combParagraphs ?? 1 });
  try {
    await indexPaths({ inputs: [SEEDS], dataDir, embedder: engines.index });
    const host = await openEngineHost({
      dataDir,
      embedder: engines.query,
      indexEmbedder: engines.index,
      corpus: [SEEDS],
      pollMs: 0,
      search: engines.search,
      feeds: s.feed ? [site.feedUrl] : [],
      // The bot's politeness (2 per host, 500 ms apart); loopback allowed as FEED_ALLOW_HOSTS=127.0.0.1 would.
      feedHttp: { allow: ['127.0.0.1'] },
      ...(s.feed?.extractor ? { feedExtractor: s.feed.extractor } : {}),
    });
    const h = await startHarness(host);
    try {
      const app = h.fake.applicationId;
      const due = new Map<string, number>();
      const ackMs: number[] = [];
      const answerMs: number[] = [];
      const answered = new Set<string>();
      h.fake.on('request', (r: { method: string; path: string }) => {
        const token = [...due.keys()].find((t) => r.path.includes(t));
        if (token === undefined) return;
        const ms = performance.now() - due.get(token)!;
        if (r.method === 'POST' && r.path.endsWith('/callback')) ackMs.push(ms);
        else if (r.method === 'PATCH' && !answered.has(token)) {
          answered.add(token);
          answerMs.push(ms);
        }
      });
      // Warm: the model, the engine's caches, discord.js' first REST calls; not measured.
      for (const question of QUESTIONS) {
        const i = chatInput(app, 'ask', { question });
        h.fake.sendInteraction(i);
        await h.edit(i);
      }
      ackMs.length = 0;
      answerMs.length = 0;

      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const start = performance.now();
      let running = s.feed !== null;
      let runSeconds: number | null = null;
      const run = s.feed
        ? host
            .pollFeeds()
            .finally(() => ((running = false), (runSeconds = (performance.now() - start) / 1000)))
        : null;
      let sent = 0;
      // Open loop: ask k is due at start + k × every, whatever happened to the ones before.
      while (running || (s.feed === null && sent < o.asks)) {
        const dueAt = start + sent * o.everyMs;
        const wait = dueAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (s.feed !== null && !running) break;
        const i = chatInput(app, 'ask', { question: QUESTIONS[sent % QUESTIONS.length]! });
        due.set(i.token, dueAt);
        h.fake.sendInteraction(i);
        sent++;
      }
      const summary = run ? await run : null;
      await h.fake.waitForRequest(() => answered.size === sent, `answers to all ${sent} asks`, 300_000);
      loop.disable();
      return {
        label: s.label,
        asks: sent,
        ackMs,
        answerMs,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
        run: summary,
        runSeconds,
      };
    } finally {
      await h.stop();
      await host.close();
    }
  } finally {
    await site.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number): string => (Number.isNaN(x) ? '–' : `${round(x)}`);

function report(
  outcomes: readonly Outcome[],
  engines: Engines,
  o: { articles: number; everyMs: number },
): string[] {
  const cpu = os.cpus();
  const out = [
    `CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}; Node ${process.version}; embedder ${engines.name}; ` +
      `one /ask every ${o.everyMs} ms; feed: ${HOSTILE_PAGES.length} hostile items (${HOSTILE_PAGES.join(', ')}) and ${o.articles} ordinary ones.`,
    '',
    '| scenario | asks | ack p50 ms | ack p95 ms | ack max ms | answer p50 ms | answer p95 ms | event loop delay p99 / max ms | feed run |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of outcomes) {
    const ack = summarizeLatencies(r.ackMs);
    const answer = summarizeLatencies(r.answerMs);
    const f = r.run?.feeds?.[0];
    const run =
      r.run === null
        ? '–'
        : `${r.runSeconds?.toFixed(1)} s; ${f?.added ?? 0} items, ${f?.summaries ?? 0} from summaries`;
    out.push(
      `| ${r.label} | ${r.asks} | ${ms(ack.p50)} | ${ms(ack.p95)} | ${ms(ack.max)} | ${ms(answer.p50)} | ${ms(answer.p95)} | ` +
        `${ms(r.loopP99Ms)} / ${ms(r.loopMaxMs)} | ${run} |`,
    );
  }
  const problems = outcomes.flatMap((r) =>
    (r.run?.feeds?.[0]?.pageProblems ?? []).map(
      (p) => `- ${r.label}: ${p.path.replace(/^.*\/news\//, '')}: ${p.reason}`,
    ),
  );
  return problems.length ? [...out, '', 'Pages indexed from their summaries:', ...problems] : out;
}

runCommand(command, async ({ values }) => {
  const { articles: count, corpus, comb, 'main-thread-comb': mainComb } = values;
  const articles = corpus ? await loadArticles(corpus, count) : syntheticArticles(count);
  const o = { articles, asks: values.asks, everyMs: values.every };
  const engines = await openEngines(values['fake-embedder']);
  const load0 = os.loadavg();
  const scenarios: Scenario[] = [
    { label: 'no feed run', feed: null },
    {
      label: `FEEDS poll, hostile pages (comb of ${comb} paragraphs), extraction in the worker`,
      feed: { combParagraphs: comb },
    },
    ...(mainComb > 0
      ? [
          {
            label: `FEEDS poll, hostile pages (comb of ${mainComb} paragraphs), extraction on the main thread`,
            feed: { combParagraphs: mainComb, extractor: mainThreadExtractor },
          },
        ]
      : []),
  ];
  const outcomes: Outcome[] = [];
  try {
    for (const s of scenarios) {
      console.error(`bench:ack: ${s.label}…`);
      outcomes.push(await runScenario(s, engines, o));
    }
  } finally {
    await engines.close();
  }
  const load1 = os.loadavg();
  const fmt = (l: number[]): string => l.map((x) => x.toFixed(2)).join(', ');
  console.log(
    [
      ...report(outcomes, engines, { articles: articles.length, everyMs: o.everyMs }),
      '',
      `Load average (1, 5, 15 min): ${fmt(load0)} at the start, ${fmt(load1)} at the end.`,
    ].join('\n'),
  );
});
