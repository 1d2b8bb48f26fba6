/**
 * The shapes that cross module boundaries. Everything here is plain data, so the bot, the CLI and the tests
 * can build and inspect values without any library.
 */

/** One news article as ingested: no chunking yet. */
/** What an index was built from: files and folders, and feed URLs (kept in its manifest; src/index/corpus.ts). */
export interface CorpusRecord {
  /** Files and folders, relative to the working folder when inside it (so a moved clone still finds them). */
  paths: string[];
  feeds: string[];
}

export interface Article {
  /** Stable id: the record's own id, else derived from the file path (and line for JSON Lines). */
  id: string;
  title: string;
  /** The body that is indexed: headline, metadata lines and trailing boilerplate removed. */
  text: string;
  /** Outlet name, e.g. "ABC News"; null when nothing says. */
  source: string | null;
  /** ISO date (YYYY-MM-DD); null when unknown. */
  date: string | null;
  url: string | null;
  /** The file it came from, relative to the indexed root's parent, e.g. `seeds/000_702bbf34b719751d.txt`. */
  path: string;
}

/** A sentence-aligned span of an article. Offsets are UTF-16 indexes into `Article.text`. */
export interface Chunk {
  /** `${articleId}#${ordinal}` */
  id: string;
  articleId: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
}

/** Where a passage comes from: everything a reader needs to find the article. */
export interface Citation {
  id: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  path: string;
}

/** One ranked answer passage. */
export interface Passage {
  /** 1-based position in the full ranking (also with an offset). */
  rank: number;
  /** Fused relevance in [0, 1]; comparable within one answer only. */
  score: number;
  /** The whole passage, quoted verbatim from the article. */
  text: string;
  /** The sentence(s) of `text` that best answer the question (a substring of `text`). */
  highlight: string;
  /** Character offsets of `highlight` inside `text`. */
  highlightStart: number;
  highlightEnd: number;
  /** Offsets of `text` inside the article body. */
  start: number;
  end: number;
  chunkId: string;
  citation: Citation;
  /** Other outlets that carried the same passage (wire copy), best first. */
  alsoReportedBy: Citation[];
  /** Distinct outlets reporting what this passage says: its own, wire copies and near-duplicates. */
  corroboration: Corroboration;
  /** The newest later article on the same story among the candidates, or null when none is newer. */
  newer: Citation | null;
}

/** How many distinct outlets report the same thing; one outlet's copies of its own text count once. */
export interface Corroboration {
  outlets: number;
  /** Outlet names, the passage's own first. */
  names: string[];
}

/** The dates a question was searched with, and where they came from. */
export interface AppliedTime {
  /** Articles dated on or after this day (YYYY-MM-DD), or null. */
  after: string | null;
  /** Articles dated on or before this day, or null. */
  before: string | null;
  /** Newer reporting ranked higher (the question asked for the latest). */
  recency: boolean;
  /** `question`: read from its words; `options`: the after/before options, which win over the question. */
  source: 'question' | 'options';
}

/** Filters and paging for a question. */
export interface AskOptions {
  /** Passages to return; default 3. */
  k?: number;
  /** Passages to skip (for "More results"); default 0. */
  offset?: number;
  /** Only this outlet (case-insensitive exact name). */
  source?: string;
  /** Only articles dated on or after this day (YYYY-MM-DD). */
  after?: string;
  /** Only articles dated on or before this day (YYYY-MM-DD). */
  before?: string;
  /** Leave out articles from these outlets (case-insensitive exact names), e.g. a server's excluded outlets. */
  excludeSources?: readonly string[];
  /** Only these article ids (e.g. what a feed just added, for /watch); unknown ids are ignored. */
  ids?: readonly string[];
}

export interface Answer {
  question: string;
  /** True only when `confidence` is `answer`. */
  answered: boolean;
  /**
   * `answer`: a passage answers the question. `related`: on-topic reporting exists but no passage answers this
   * exact question; `passages` are the closest. `none`: nothing relevant; `passages` is empty.
   */
  confidence: 'answer' | 'related' | 'none';
  /** One-line notes on how the question was read (e.g. the dates applied, the language); shown above the passages. */
  notes: string[];
  /** The dates applied, or null when neither the question nor the options set any. */
  time: AppliedTime | null;
  passages: Passage[];
  /** True when more passages exist past `offset + k`. */
  hasMore: boolean;
  /** Articles that the filters left in play. */
  articlesConsidered: number;
  /** The reader (cross-encoder) that re-read the best passages, by id; null or absent when none ran. */
  reader?: string | null;
}

/** Filters for a timeline; the topic's own words can also carry dates, which these options override. */
export interface TimelineOptions {
  source?: string;
  after?: string;
  before?: string;
  /** Leave out articles from these outlets (a server's /settings). */
  excludeSources?: string[];
  /** Events at most; default 40. */
  limit?: number;
}

/** One distinct event of a timeline: the earliest report of it, and every outlet that carried it. */
export interface TimelineEvent {
  date: string | null;
  /** The key sentence, quoted verbatim from the article. */
  sentence: string;
  citation: Citation;
  /** Other articles reporting the same thing (wire copies and near-duplicates), earliest first. */
  alsoReportedBy: Citation[];
  corroboration: Corroboration;
}

export interface Timeline {
  topic: string;
  /** The same decision as /ask: `none` means the corpus does not cover the topic and `events` is empty. */
  confidence: 'answer' | 'related' | 'none';
  notes: string[];
  time: AppliedTime | null;
  /** Oldest first; undated events last. */
  events: TimelineEvent[];
  articlesConsidered: number;
}

/** One indexed document, as /sources and `npm run sources` list it. */
export interface DocumentInfo extends Citation {
  chunks: number;
  characters: number;
}

export interface OutletCount {
  source: string;
  articles: number;
}

export interface CorpusStats {
  articles: number;
  chunks: number;
  outlets: OutletCount[];
  firstDate: string | null;
  lastDate: string | null;
  /** When this index generation was written (ISO timestamp). */
  indexedAt: string;
  embedder: string;
  /**
   * What the index was built from (re-read by `npm run index` and /reindex without paths); null for an index
   * written before it was recorded; absent from engines that do not say.
   */
  corpus?: CorpusRecord | null;
}

/** What a reader of an index can do; the bot and CLI depend on this, never on the index internals. */
export interface Engine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The story of a topic in date order, one entry per distinct event (see src/search/timeline.ts). */
  timeline(topic: string, options?: TimelineOptions): Promise<Timeline>;
  /** Async because a remote engine (src/service/remote.ts) fetches them; the in-process one resolves at once. */
  documents(): Promise<DocumentInfo[]>;
  stats(): Promise<CorpusStats>;
}

/** One problem found while reading input; the rest still gets indexed. */
export interface IngestIssue {
  path: string;
  /** 1-based line (JSON Lines) or row (CSV) when the problem is local to it. */
  line?: number;
  reason: string;
}

/** Progress of an indexing run, for progress bars and /reindex. */
export interface IndexProgress {
  stage: 'reading' | 'chunking' | 'embedding' | 'indexing' | 'writing' | 'done';
  /** Units done and in all: files while reading, articles, texts to embed, … */
  done: number;
  total: number;
}

/** The final summary of an indexing run. */
export interface IndexSummary {
  added: number;
  changed: number;
  /** Same content under another path or id (a renamed file): nothing re-embedded. */
  moved: number;
  removed: number;
  unchanged: number;
  /** Previous documents from places this run did not read (another folder, a missing or unreadable file), kept as they were. */
  kept: number;
  skipped: IngestIssue[];
  /** Read and indexed, but not entirely as given (e.g. a date that is not a date). */
  warnings: IngestIssue[];
  articles: number;
  chunks: number;
  /** Texts sent to the embedder in this run (new or changed windows, after de-duplication). */
  embedded: number;
  seconds: number;
  generation: string;
  /** Feeds read in this run, one report each (absent when the run read no feeds). */
  feeds?: FeedReport[];
  /** Ids of the articles this run's feeds added to the index: what /watch looks at. */
  newFeedArticles?: string[];
}

/** What happened to one feed in one indexing run (src/feeds/read.ts). */
export interface FeedReport {
  url: string;
  title: string | null;
  /** `ok`: read; `not-modified`: the server said nothing changed (304); `failed`: see `error`. */
  status: 'ok' | 'not-modified' | 'failed';
  error: string | null;
  /** Items the feed lists. */
  items: number;
  added: number;
  changed: number;
  /** Items known and unchanged (no request made), or re-read with the same text. */
  unchanged: number;
  /** Items indexed from the feed's summary because their page could not be used. */
  summaries: number;
  /** Item pages requested (those robots.txt or the address policy stopped are not: see below). */
  fetched: number;
  /** Item pages not requested because the site's robots.txt disallows them. */
  blocked: number;
  /** Item pages not requested because their address is not public (see FEED_ALLOW_HOSTS). */
  refused: number;
  /** Item pages that could not be used, with the reason. */
  pageProblems: IngestIssue[];
}

/** A feed as /sources shows it: where it is and when it was last read. */
export interface FeedStatus {
  url: string;
  title: string | null;
  /** ISO time of the last successful read; null before the first. */
  lastSuccess: string | null;
  /** Why the last attempt failed; null when it worked. */
  lastError: string | null;
  /** Articles indexed from it. */
  articles: number;
}

/** Where the answer is: a seed file by name or an article by id, and words the answering passage holds. */
export interface GoldSpan {
  /** File name of the seed article, e.g. `000_702bbf34b719751d.txt`. */
  seed?: string;
  /** Article id, for corpora in one file (JSON Lines). */
  article?: string;
  phrase: string;
}

/** One evaluation question: src/eval/qa.ts reads them, and the community report writes voted-up answers as them. */
export interface QaItem {
  id: string;
  question: string;
  answerable: boolean;
  gold: GoldSpan[];
}
