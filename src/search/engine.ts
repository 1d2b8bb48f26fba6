/**
 * Question → ranked, de-duplicated, cited passages over one loaded index generation. BM25 and dense
 * candidates are fused by min-max weighted scores; a decision fit on data (./decision.ts, ./fitted.ts) says
 * whether the best passages answer the question, only relate to it, or have nothing to do with it.
 */
import type { Embedder } from '../embed/embedder.ts';
import { CrisisDeskError } from '../errors.ts';
import { DEFAULT_MODEL_NAME } from '../models/catalog.ts';
import { type NameOptions, NameSeam } from './name-seam.ts';
import { checkCompatible } from '../index/manifest.ts';
import { type IndexData, readGeneration } from '../index/store.ts';
import type {
  Answer,
  AppliedTime,
  AskOptions,
  CorpusStats,
  DocumentInfo,
  Engine,
  Timeline,
  TimelineOptions,
} from '../types.ts';
import {
  type Confidence,
  decide,
  type DecisionFeatures,
  decisionFeatures,
  type DecisionParams,
} from './decision.ts';
import type { CandidateSource } from './candidates.ts';
import type { DocFilter, DocFilterSpec } from '../index/doc-filter.ts';
import { type IndexView, MemoryView } from './index-view.ts';
import { ChunkFeatures } from './chunk-features.ts';
import { QueryMatcher } from './match.ts';
import { answerPage, type PageSource } from './answer-page.ts';
import { digest, type DigestSource } from './digest.ts';
import { onTopic } from './topic.ts';
import { corpusStats, documentsOf } from './corpus-stats.ts';
import { resolveAskOptions, type ResolvedAskOptions } from './options.ts';
import { docFilterFor } from './filters.ts';
import { citationOf, type CopyGroup, mergeCopies } from './passages.ts';
import { fitted } from './fitted.ts';
import { fittedFor, readerFitFor } from './tuning.ts';
import { fuse, type FusionWeights, minMax, type WeightedTerm } from './ranking.ts';
import { preferRecent, RECENCY_WEIGHT, rangeNote, timeScope } from './scope.ts';
import { Stories } from './stories.ts';
import { defaultStoryRule, type StoryRule } from './story.ts';
import { type CorpusSpan, readTime, withoutTime } from './time.ts';
import { buildTimeline } from './timeline.ts';
import type { Reader } from '../read/reader.ts';
import { type ReaderBlend, readerRerank } from './reading.ts';
import { type QuestionKind, questionKind } from './question-kind.ts';

/** Ranking knobs; the weights and the decision are fit by `npm run fit` (see docs/decision/<model>.md). */
export interface SearchParams {
  /** BM25 candidates per question. Default 100. */
  lexicalCandidates: number;
  /** HNSW vectors per question. Default 100. */
  denseCandidates: number;
  /** Weights of min-max normalized BM25, dense cosine and question coverage. Default: fitted. */
  weights: FusionWeights;
  /** Top candidates the answer/related/none decision looks at. Default 10. */
  decisionDepth: number;
  decision: DecisionParams;
  /** Shingle containment above which two passages from different articles are one (wire copy). Default 0.6. */
  duplicateThreshold: number;
  /** When passages report the same thing or story (./story.ts). Default: measured for bge-small. */
  story: StoryRule;
  /**
   * Whether the question's time words ("in March 2022") stay in the text BM25, the model and the decision see:
   * always, never, or left out only while the question's own range is applied as a filter (which already says
   * what they say). Default 'strip-filtered': measured, docs/time.md.
   */
  timeWords: 'keep' | 'strip' | 'strip-filtered';
  /** Read dates and "latest" from the question at all (false: only the options filter; for measuring). Default true. */
  readTime: boolean;
  /** What recency adds to the fused score when the question asks for the latest (./scope.ts). */
  recencyWeight: number;
  /** How names are read: the alias table and the dense side's spelling (see ./name-seam.ts). Default: bundled. */
  names?: NameOptions;
  /** The cross-encoder that re-reads the best candidates (src/read/). Default none: the engine ranks alone. */
  reader?: Reader | null;
  /** How deep the reader reads and how its score blends in. Default: fitted for the embedder and reader. */
  readerBlend?: ReaderBlend;
  /** The decision used when the reader ran (it sees the reader's scores). Default: fitted with the blend. */
  readerDecision?: DecisionParams;
  /** Weight of the reader's probability for a sentence when choosing the highlight (0: idf rule alone). Default: fitted. */
  readerHighlight?: number;
}

/** Defaults apart from the fitted weights and decision, which depend on the embedding model (see `paramsFor`). */
const defaultSearchParams: Readonly<Omit<SearchParams, 'weights' | 'decision'>> = Object.freeze({
  lexicalCandidates: 100,
  denseCandidates: 100,
  decisionDepth: 10,
  duplicateThreshold: 0.6,
  story: defaultStoryRule,
  timeWords: 'strip-filtered',
  readTime: true,
  recencyWeight: RECENCY_WEIGHT,
});

/**
 * The parameters for an embedder: what `npm run fit` fit for its model, else the default model's (a model that
 * was never fit still ranks sensibly, but its answer/abstain line is a guess: fit it).
 */
export function paramsFor(embedderId: string): SearchParams {
  const tuned = fittedFor(embedderId) ?? fitted[DEFAULT_MODEL_NAME]!;
  return { ...defaultSearchParams, weights: tuned.fusion, decision: tuned.decision };
}

/** Candidates considered for the page and for wire-copy grouping; deeper ones never surface in practice. */
const MAX_SHOWN_CANDIDATES = 60;

/** How a candidate is scored; `lexical` and `dense` exist for evaluation. */
export type RankMode = 'hybrid' | 'lexical' | 'dense';

export interface RankedChunk {
  chunk: number;
  score: number;
  /** Raw BM25 score. */
  lexical: number;
  /** BM25 over the most the question could score. */
  lexicalShare: number;
  /** Cosine of the chunk's best vector with the question. */
  dense: number;
  /** Share of the question's idf mass in the passage, and in its best sentence. */
  coverage: number;
  focus: number;
  /** Holds the question's rarest word that the corpus uses. */
  hasRarest: boolean;
  /** The reader's probability that this passage answers; absent when the reader did not read it. */
  reader?: number;
}

/** One question's ranking and what the decision made of it. */
export interface Assessment {
  ranked: RankedChunk[];
  features: DecisionFeatures;
  confidence: Confidence;
}

export class SearchEngine implements Engine {
  private readonly params: SearchParams;
  /** Reads a question's names in every spelling (src/names/). */
  private readonly names: NameSeam;
  /** The generation as the engine reads it: in memory, or question by question from PostgreSQL (./index-view.ts). */
  readonly view: IndexView;
  /** Which passages report the same thing or story (corroboration, newer reporting, timeline events). */
  readonly stories: Stories;
  /** Each chunk's sentences, words and shingles, read once (./chunk-features.ts). */
  readonly features: ChunkFeatures;
  /** What a page of passages and a date's digest read of the engine (./answer-page.ts, ./digest.ts). */
  private readonly assembly: PageSource & DigestSource;

  /**
   * `index`: a loaded generation or a view of one. `candidates`: where rank() finds chunks to score in a loaded
   * generation (default: its in-memory indexes).
   */
  constructor(
    index: IndexData | IndexView,
    private readonly embedder: Embedder,
    params: Partial<SearchParams> = {},
    candidates?: CandidateSource,
  ) {
    checkCompatible(index.manifest, { embedderId: embedder.id, dimensions: embedder.dimensions });
    this.view = 'vectors' in index ? new MemoryView(index, candidates) : index;
    const view = this.view;
    this.params = { ...paramsFor(embedder.id), ...params };
    this.stories = new Stories(view, this.params.story, citationOf);
    this.features = new ChunkFeatures(view.manifest.counts.chunks, (i) => view.chunk(i).text);
    this.names = new NameSeam(view.lexical, this.params.names);
    this.assembly = {
      view,
      stories: this.stories,
      merge: (ranked, limit) =>
        mergeCopies(view, this.features, this.params.duplicateThreshold, ranked, limit),
      dimensions: embedder.dimensions,
    };
  }

  /** The generation in memory (file store; evaluation and tests). An engine over PostgreSQL holds none. */
  get data(): Omit<IndexData, 'vectors'> {
    if (this.view instanceof MemoryView) return this.view.data;
    throw new CrisisDeskError(
      'InvariantError',
      'this engine reads its index from PostgreSQL question by question and holds no generation in memory',
    );
  }

  /** Loads the current generation under `dataDir` and checks it was built with this embedder. */
  static async open(
    dataDir: string,
    embedder: Embedder,
    params?: Partial<SearchParams>,
  ): Promise<SearchEngine> {
    return new SearchEngine(await readGeneration(dataDir), embedder, params);
  }

  get generation(): string {
    return this.view.generation;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    // Every row this question loads stays readable until it is answered (./index-view.ts, `hold`).
    return this.view.hold(() => this.answer(question, options));
  }

  private async answer(question: string, options: AskOptions): Promise<Answer> {
    const opts = resolveAskOptions(question, options);
    const kind = this.kindOf(question);
    if (kind === 'digest') {
      const news = await digest(this.assembly, question, opts);
      if (news) return news;
    }
    const scoped = await this.scoped(question, opts);
    const { matcher, vector: q } = scoped;
    let { ranked, confidence } = scoped;
    const topicNotes: string[] = [];
    const topic =
      kind === 'topic' ? onTopic(question, ranked, this.span(), (r) => this.dateOfChunk(r.chunk)) : null;
    if (topic) {
      ranked = topic.ranked;
      confidence = 'answer';
      topicNotes.push(topic.note);
    }
    // "related" still shows the closest reporting, worded as such by the CLI and the bot; "none" shows nothing.
    const shown = confidence === 'none' ? [] : ranked.slice(0, MAX_SHOWN_CANDIDATES);
    const reading = this.reading;
    const page = await answerPage(
      this.assembly,
      shown,
      opts,
      { question, matcher, vector: q },
      { reader: reading?.reader ?? null, weight: this.params.readerHighlight ?? reading?.highlight ?? 0 },
    );
    return {
      question,
      answered: confidence === 'answer' && page.passages.length > 0,
      confidence: page.passages.length > 0 || opts.offset > 0 ? confidence : 'none',
      notes: [...this.names.notes(question), ...scoped.notes, ...topicNotes, ...page.notes],
      time: scoped.time,
      passages: page.passages,
      hasMore: page.hasMore,
      articlesConsidered: scoped.considered,
      ...(this.reading ? { reader: this.reading.reader.id } : {}),
    };
  }

  /** Fact question, bare topic, or a date's news (./question-kind.ts). */
  kindOf(question: string): QuestionKind {
    const span = this.params.readTime ? this.span() : null;
    const time = span ? readTime(question, span) : null;
    return questionKind(question, time && time.phrases.length > 0 ? withoutTime(question, time) : null);
  }

  /**
   * Applies what the question (or the options, which win) say about time, ranks and decides. When the
   * question's own dates leave nothing on topic, it searches every date instead and says so.
   */
  async scoped(
    question: string,
    opts: ResolvedAskOptions,
    /** `naming`: also find every passage naming all of the text (see `chunksNaming`); a range holding one is on topic. */
    extra: { naming?: boolean } = {},
  ): Promise<
    Assessment & {
      /** Articles the filters of the run that was kept left in play. */
      considered: number;
      notes: string[];
      time: AppliedTime | null;
      matcher: QueryMatcher;
      vector: Float32Array;
      /** The text that was ranked (the question, less its time words while its own range filters). */
      text: string;
      /** The article filter of the run that was kept; undefined when every article is in play. */
      filter: DocFilterSpec | undefined;
      /** With `extra.naming`: `chunksNaming` of the text within the filter; else empty. */
      naming: number[];
    }
  > {
    const span = this.params.readTime ? this.span() : null;
    const scope = timeScope(question, opts, span);
    const questionRange =
      scope.time?.source === 'question' && (scope.time.after !== null || scope.time.before !== null);
    const strip = (filtered: boolean): boolean =>
      this.params.timeWords === 'strip' || (this.params.timeWords === 'strip-filtered' && filtered);
    const textFor = (filtered: boolean): string =>
      strip(filtered) && span ? withoutTime(question, readTime(question, span)) : question;
    // A retry over every date with the same text reuses its vector and matcher.
    let read: { text: string; vector: Float32Array; matcher: QueryMatcher } | null = null;
    const run = async (time: AppliedTime | null, text: string) => {
      if (read?.text !== text) {
        await this.prepare(text);
        const [vector] = await this.embedder.embedQueries([this.names.embedText(text)]);
        read = { text, vector: vector!, matcher: new QueryMatcher(this.weightedTerms(text)) };
      }
      const { vector, matcher } = read;
      const filter = docFilterFor(this.view, {
        ...opts,
        after: time?.after ?? null,
        before: time?.before ?? null,
      });
      const a = await this.assess(text, { vector, matcher, ...(filter ? { filter } : {}) });
      const naming = extra.naming ? await this.chunksNaming(text, filter) : [];
      return { ...a, filter, matcher, vector, text, naming };
    };
    const onTopic = (r: { confidence: Confidence; naming: number[]; matcher: QueryMatcher }) =>
      r.confidence !== 'none' || r.naming.some((c) => this.namesAll(c, r.matcher));
    let time = scope.time;
    let notes = scope.notes;
    let result = await run(time, textFor(questionRange));
    if (!onTopic(result) && questionRange) {
      // Searched over every date, the time words count again: they are all that says which reporting is meant.
      const wide = time!.recency ? { ...time!, after: null, before: null } : null;
      const retry = await run(wide, textFor(false));
      if (onTopic(retry)) {
        result = retry;
        notes = [
          `Nothing in the ${rangeNote(scope.label!).replace(/^Articles/, 'articles')} is about this; showing reporting from every date.`,
          ...notes.slice(1),
        ];
        time = wide;
      }
    }
    // Articles end before the time asked about: they may be related (the lead-up), never its answer.
    if (scope.afterSpan && result.confidence === 'answer') result.confidence = 'related';
    if (time?.recency && span)
      result.ranked = preferRecent(
        result.ranked,
        (r) => this.dateOfChunk(r.chunk),
        span,
        this.params.recencyWeight,
      );
    // A timeline reads every chunk (and the headline) of the candidates' articles, synchronously: load them.
    if (extra.naming) await this.view.load(this.articleChunks(result.ranked.map((r) => r.chunk)));
    const considered = await this.view.countDocuments(result.filter);
    return { ...result, considered, notes, time };
  }

  /**
   * The chunks the filter accepts whose headline and text together hold every word of the text in some spelling,
   * however low they rank, best BM25 first: the candidates for passages that name a topic, found from the postings
   * of its words (no pass over the corpus). `namesAll` says which name all of it in the passage itself.
   */
  async chunksNaming(text: string, filter?: DocFilter): Promise<number[]> {
    await this.prepare(text);
    const groups = this.names.termGroups(text);
    const found = await this.view.withEvery(groups, filter);
    // Loaded with every chunk of their articles: the timeline reads those (headline and passages) synchronously.
    await this.view.load(found);
    await this.view.load(this.articleChunks(found));
    const score = new Map(found.map((c) => [c, this.view.lexical.scoreDocGroups(groups, c)]));
    return found.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
  }

  /** Every chunk of the articles of these (loaded) chunks. */
  private articleChunks(chunks: readonly number[]): number[] {
    const docs = new Set(chunks.map((c) => this.view.chunk(c).doc));
    return [...docs].flatMap((d) => [...this.chunksOf(d)]);
  }

  /** Does the passage hold all of the matcher's words in some spelling (coverage 1, what a bare topic's passages are in `ask`)? */
  namesAll(chunk: number, matcher: QueryMatcher): boolean {
    return matcher.matchFeature(this.features.get(chunk), this.features.vocabulary).passage >= 1 - 1e-9;
  }

  /** The chunks of one article (loaded), in order. */
  chunksOf(doc: number): readonly number[] {
    return this.view.chunksOf(doc);
  }

  /** The story of a topic in date order (./timeline.ts). */
  async timeline(topic: string, options: TimelineOptions = {}): Promise<Timeline> {
    return this.view.hold(() => buildTimeline(this, topic, options));
  }

  /** First and last article dates, the span a day or month without a year is placed in; null when undated. */
  span(): CorpusSpan | null {
    return this.view.span();
  }

  dateOfChunk(chunk: number): string | null {
    return this.view.document(this.view.chunk(chunk).doc).date;
  }

  /** Ranks the candidates and decides whether they answer the question (exposed for evaluation and fitting). */
  async assess(
    question: string,
    options: { filter?: DocFilter; vector?: Float32Array; matcher?: QueryMatcher } = {},
  ): Promise<Assessment> {
    await this.prepare(question);
    const vector = options.vector ?? (await this.embedder.embedQueries([this.names.embedText(question)]))[0]!;
    const matcher = options.matcher ?? new QueryMatcher(this.weightedTerms(question));
    const fused = await this.rank(question, { ...options, mode: 'hybrid', vector, matcher });
    const read = await this.read(question, fused);
    const ranked = read?.ranked ?? fused;
    const features = decisionFeatures(ranked, this.params.decisionDepth, matcher.unknownShare, read?.signals);
    const decision = read ? read.decision : this.params.decision;
    return { ranked, features, confidence: ranked.length === 0 ? 'none' : decide(features, decision) };
  }

  /** The reader that runs, and how, or null when none does (no reader, or none fit for this embedder). */
  get reading(): { reader: Reader; blend: ReaderBlend; decision: DecisionParams; highlight: number } | null {
    const reader = this.params.reader;
    if (!reader) return null;
    const fit = readerFitFor(this.embedder.id, reader.id);
    const blend = this.params.readerBlend ?? fit?.blend;
    const decision = this.params.readerDecision ?? fit?.decision;
    if (!blend || !decision || blend.depth <= 0) return null;
    return { reader, blend, decision, highlight: fit?.highlight ?? 0 };
  }

  /** The text a reader sees for a chunk: its article's headline, then the chunk. */
  readerText(chunk: number): string {
    const c = this.view.chunk(chunk);
    return `${this.view.document(c.doc).title}. ${c.text}`;
  }

  /** The reader's re-ranking of the best candidates (./reading.ts, readerRerank); null when no reader runs. */
  private async read(question: string, fused: RankedChunk[]) {
    const reading = this.reading;
    if (!reading || fused.length === 0) return null;
    const read = await readerRerank(reading.reader, reading.blend, question, fused, (r) =>
      this.readerText(r.chunk),
    );
    return { ...read, decision: reading.decision };
  }

  /**
   * Scores candidate chunks, best first. The lexical and dense candidate lists are unioned and every
   * candidate gets both scores, so fusion never compares a score with a missing one.
   */
  async rank(
    question: string,
    options: {
      mode?: RankMode;
      /** Only chunks of the articles this accepts (see ../index/doc-filter.ts). */
      filter?: DocFilter;
      limit?: number;
      /** The question's embedding and matcher, when the caller already has them. */
      vector?: Float32Array;
      matcher?: QueryMatcher;
    } = {},
  ): Promise<RankedChunk[]> {
    const mode = options.mode ?? 'hybrid';
    await this.prepare(question);
    const q = options.vector ?? (await this.embedder.embedQueries([this.names.embedText(question)]))[0];
    const groups = this.names.termGroups(question);
    const candidates = new Set<number>();
    if (mode !== 'dense') {
      for (const c of await this.view.candidates.lexical(
        groups,
        this.params.lexicalCandidates,
        options.filter,
      ))
        candidates.add(c);
    }
    if (mode !== 'lexical') {
      for (const c of await this.view.candidates.dense(q!, this.params.denseCandidates, options.filter))
        candidates.add(c);
    }
    const list = [...candidates];
    await this.view.load(list);
    const lexical = list.map((c) => this.view.lexical.scoreDocGroups(groups, c));
    const dense = list.map((c) => this.denseScore(q!, c));
    const lexN = minMax(lexical);
    const denseN = minMax(dense);
    const matcher = options.matcher ?? new QueryMatcher(this.weightedTerms(question));
    const weights: FusionWeights =
      mode === 'lexical'
        ? { lexical: 1, dense: 0, coverage: 0 }
        : mode === 'dense'
          ? { lexical: 0, dense: 1, coverage: 0 }
          : this.params.weights;
    const ceiling = this.view.lexical.ceilingGroups(groups);
    const out = list.map((chunk, i): RankedChunk => {
      const m = matcher.matchFeature(this.features.get(chunk), this.features.vocabulary);
      // The best sentence's coverage rewards question words that stand together, as an answer's do.
      const focus = Math.max(0, ...m.sentences);
      return {
        chunk,
        score: fuse(lexN[i]!, denseN[i]!, (m.passage + focus) / 2, weights),
        lexical: lexical[i]!,
        lexicalShare: ceiling > 0 ? lexical[i]! / ceiling : 0,
        dense: dense[i]!,
        coverage: m.passage,
        focus,
        hasRarest: m.hasRarest,
      };
    });
    out.sort((a, b) => b.score - a.score || a.chunk - b.chunk);
    return options.limit ? out.slice(0, options.limit) : out;
  }

  async documents(): Promise<DocumentInfo[]> {
    return documentsOf(this.view);
  }

  async stats(): Promise<CorpusStats> {
    return corpusStats(this.view);
  }

  /** Fetches the corpus statistics that weigh this question's words (a database view asks for them; memory has them). */
  private async prepare(question: string): Promise<void> {
    const terms = this.names.read(question).terms;
    await this.view.lexical.prepare(
      terms.map((t) => t.terms),
      terms.flatMap((t) => t.stems),
    );
  }

  /** Query terms with idf over chunks (a name's spellings as one); a term the corpus never saw gets the highest idf. */
  weightedTerms(question: string): WeightedTerm[] {
    return this.names.weightedTerms(question, (stem) => this.view.lexical.isKnown(stem));
  }

  private denseScore(q: Float32Array, chunk: number): number {
    let best = -1;
    for (const row of this.view.chunk(chunk).windows) best = Math.max(best, this.view.dot(q, row));
    return best;
  }

  /** Folds wire copies among `ranked` into groups, at most `limit` of them (./passages.ts, mergeCopies). */
  mergeDuplicates(ranked: RankedChunk[], limit: number): { groups: CopyGroup<RankedChunk>[]; more: boolean } {
    return this.assembly.merge(ranked, limit);
  }
}
