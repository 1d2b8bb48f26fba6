/**
 * Plain-object stand-ins for the engine: passages and documents built from a few fields, and an Engine
 * whose `ask` answers from a fixed list (or throws) so bot tests need no index.
 */
import type {
  Answer,
  AskOptions,
  Citation,
  CorpusStats,
  DocumentInfo,
  Engine,
  IndexProgress,
  IndexSummary,
  Passage,
  Timeline,
  TimelineEvent,
  TimelineOptions,
} from '../../src/types.ts';

export function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    id: 'a1',
    title: 'Russia recognises breakaway regions',
    source: 'ABC News',
    date: '2022-02-21',
    url: 'https://example.com/news/a1',
    path: 'seeds/000_a1.txt',
    ...overrides,
  };
}

/** A passage whose highlight is `highlight` inside `before + highlight + after`. */
export function passage(
  rank: number,
  overrides: Partial<Passage> & { before?: string; after?: string } = {},
): Passage {
  const { before = 'Context before the answer. ', after = ' Context after the answer.', ...rest } = overrides;
  const highlight = rest.highlight ?? `Highlighted answer number ${rank}.`;
  const text = rest.text ?? `${before}${highlight}${after}`;
  const highlightStart = rest.highlightStart ?? text.indexOf(highlight);
  return {
    rank,
    score: 1 / rank,
    text,
    highlight,
    highlightStart,
    highlightEnd: rest.highlightEnd ?? highlightStart + highlight.length,
    start: 100 * rank,
    end: 100 * rank + text.length,
    chunkId: `a${rank}#0`,
    citation: citation({
      id: `a${rank}`,
      path: `seeds/00${rank}_a${rank}.txt`,
      url: `https://example.com/news/a${rank}`,
    }),
    alsoReportedBy: [],
    corroboration: { outlets: 1, names: ['ABC News'] },
    newer: null,
    ...rest,
  };
}

export function documentInfo(i: number, overrides: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    ...citation({
      id: `d${i}`,
      title: `Article ${i}`,
      path: `seeds/d${i}.txt`,
      url: `https://example.com/d${i}`,
    }),
    chunks: 3,
    characters: 2400,
    ...overrides,
  };
}

export function stats(overrides: Partial<CorpusStats> = {}): CorpusStats {
  return {
    articles: 12,
    chunks: 40,
    outlets: [
      { source: 'ABC News', articles: 7 },
      { source: 'Reuters', articles: 4 },
      { source: 'Al Jazeera', articles: 1 },
    ],
    firstDate: '2022-02-01',
    lastDate: '2022-03-15',
    indexedAt: '2022-03-16T10:00:00.000Z',
    embedder: 'fake-hash-64',
    ...overrides,
  };
}

export interface FakeEngineOptions {
  /** All passages the engine knows, best first; `ask` pages through them. */
  passages?: Passage[];
  /** Questions containing this word get no answer. */
  offTopicWord?: string;
  /** Questions containing this word get their passages as closest reporting (confidence `related`). */
  relatedWord?: string;
  /** Questions containing this word make `ask` throw. */
  failWord?: string;
  /** Notes every answer carries (how the question was read). Default none. */
  notes?: string[];
  documents?: DocumentInfo[];
  stats?: CorpusStats;
  /** Events every timeline returns (topics with `offTopicWord` get none). Default: three dated events. */
  events?: TimelineEvent[];
}

/** One timeline event, dated `date`, quoting `sentence`. */
export function timelineEvent(date: string, overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  const own = citation({ id: `e${date}`, date, url: `https://example.com/e/${date}` });
  return {
    date,
    sentence: `What happened on ${date}.`,
    citation: own,
    alsoReportedBy: [],
    corroboration: { outlets: 1, names: [own.source ?? 'Unknown outlet'] },
    ...overrides,
  };
}

/** An Engine over fixed data; `calls` records every ask for assertions on filters and paging. */
/** An Answer as the engine gives it: `passages` are shown unless the confidence is `none`. */
export function answerOf(
  question: string,
  confidence: Answer['confidence'] = 'answer',
  passages: Passage[] = [passage(1), passage(2)],
): Answer {
  return {
    question,
    answered: confidence === 'answer',
    confidence,
    passages: confidence === 'none' ? [] : passages,
    hasMore: false,
    articlesConsidered: 9,
    notes: [],
    time: null,
  };
}

export function fakeEngine(options: FakeEngineOptions = {}): Engine & {
  calls: { question: string; options: AskOptions }[];
  timelineCalls: { topic: string; options: TimelineOptions }[];
} {
  const all = options.passages ?? [1, 2, 3, 4, 5].map((r) => passage(r));
  const calls: { question: string; options: AskOptions }[] = [];
  const timelineCalls: { topic: string; options: TimelineOptions }[] = [];
  return {
    calls,
    timelineCalls,
    async timeline(topic, timelineOptions = {}): Promise<Timeline> {
      timelineCalls.push({ topic, options: timelineOptions });
      if (options.failWord !== undefined && topic.includes(options.failWord)) {
        throw new Error('crisis-desk: the timeline failed on purpose (test)');
      }
      const off = options.offTopicWord !== undefined && topic.includes(options.offTopicWord);
      const events = off
        ? []
        : (options.events ?? ['2022-02-21', '2022-02-24', '2022-03-02'].map((d) => timelineEvent(d)));
      return {
        topic,
        confidence: off ? 'none' : 'answer',
        notes: [],
        time: null,
        events,
        articlesConsidered: 12,
      };
    },
    async ask(question, askOptions = {}): Promise<Answer> {
      calls.push({ question, options: askOptions });
      if (options.failWord !== undefined && question.includes(options.failWord)) {
        throw new Error('crisis-desk: the search failed on purpose (test)');
      }
      const k = askOptions.k ?? 3;
      const offset = askOptions.offset ?? 0;
      const off = options.offTopicWord !== undefined && question.includes(options.offTopicWord);
      const passages = off
        ? []
        : all.slice(offset, offset + k).map((p, i) => ({ ...p, rank: offset + i + 1 }));
      const related = options.relatedWord !== undefined && question.includes(options.relatedWord);
      return {
        question,
        answered: passages.length > 0 && !related,
        confidence: passages.length === 0 ? 'none' : related ? 'related' : 'answer',
        notes: options.notes ?? [],
        time: null,
        passages,
        hasMore: !off && offset + k < all.length,
        articlesConsidered: off ? 12 : 9,
      };
    },
    documents: async () => options.documents ?? Array.from({ length: 23 }, (_, i) => documentInfo(i + 1)),
    stats: async () => options.stats ?? stats(),
  };
}

/** A host for createBotContext: re-indexing resolves when the test says so. */
export function fakeHost(engine: Engine) {
  let release: ((summary: IndexSummary) => void) | null = null;
  let running = false;
  return {
    current: () => engine,
    isReindexing: () => running,
    async reindex(onProgress: (p: IndexProgress) => void): Promise<IndexSummary> {
      running = true;
      onProgress({ stage: 'reading', done: 0, total: 1 });
      try {
        return await new Promise<IndexSummary>((resolve) => (release = resolve));
      } finally {
        running = false;
      }
    },
    finish(summary: Partial<IndexSummary> = {}): void {
      release?.({
        added: 1,
        changed: 0,
        moved: 0,
        removed: 0,
        unchanged: 4,
        kept: 0,
        skipped: [],
        warnings: [],
        articles: 5,
        chunks: 20,
        embedded: 3,
        seconds: 1.5,
        generation: 'g2',
        ...summary,
      });
    },
  };
}
