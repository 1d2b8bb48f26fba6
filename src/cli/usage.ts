/** What `--help` prints for each command, keyed by its entry file; README's Scripts table says the same. */

const DATA_DIR = '  --data-dir D     the index folder (default: DATA_DIR, else data/)';

export const USAGE: Readonly<Record<string, string>> = Object.freeze({
  'index-cmd.ts': [
    'npm run index -- [paths…] [--feed URL]… [--data-dir D] [--rebuild] [--prune]',
    '',
    'Reads articles from files and folders (default seeds/, or none when feeds are given) and from news feeds',
    '(RSS, Atom, JSON Feed), and indexes them incrementally.',
    '  --feed URL       read this feed too (repeatable, or several URLs after one --feed); adds to FEEDS.',
    '                   New and changed items are fetched from their pages; known, unchanged ones are not.',
    DATA_DIR,
    '  --rebuild        ignore the previous index and embed everything again (also repairs a damaged index)',
    '  --prune          remove every indexed article that this run did not read; without it an article is',
    '                   removed only when the file or folder that held it was read and it is gone',
  ].join('\n'),
  'ask.ts': [
    'npm run ask -- "question" [--k N] [--source S] [--after YYYY-MM-DD] [--before YYYY-MM-DD] [--data-dir D] [--json]',
    'npm run ask -- --json -      one question per line on standard input, one JSON object per line out',
    '',
    'Answers with cited passages from the index (built from seeds/ first when the index folder does not exist yet).',
    '  --k N            passages to show, 1 to 50 (default 3)',
    '  --source S       only this outlet',
    '  --after D, --before D   only articles dated on or after / on or before this day',
    DATA_DIR,
    '  --json           print one JSON object',
  ].join('\n'),
  'timeline.ts': [
    'npm run timeline -- "topic" [--after YYYY-MM-DD] [--before YYYY-MM-DD] [--source S] [--limit N] [--data-dir D] [--json]',
    '',
    'The story of a topic in date order: one line per distinct event (wire copies and near-duplicates merged)',
    'with its date, outlets, key sentence and link; "nothing found" when the corpus does not cover the topic.',
    '  --after D, --before D   only articles dated on or after / on or before this day (win over dates in the topic)',
    '  --source S       only this outlet',
    '  --limit N        events at most, 1 to 100 (default 40)',
    DATA_DIR,
    '  --json           print one JSON object',
  ].join('\n'),
  'sources.ts': [
    'npm run sources -- [--json] [--data-dir D]',
    '',
    'Lists the indexed articles and the articles per outlet.',
    DATA_DIR,
  ].join('\n'),
  'start.ts': [
    'npm start',
    '',
    'Starts the Discord bot. Settings come from the environment and .env (see .env.example).',
    'SEARCH_URL searches through `npm run serve` instead of in-process; SHARDS=auto|N starts a sharding manager.',
  ].join('\n'),
  'serve.ts': [
    'npm run serve',
    '',
    'Serves the index over HTTP for bots and shards (SEARCH_URL): POST /v1/ask, GET /v1/documents, /v1/stats,',
    '/v1/health. Settings: SERVE_HOST (default 127.0.0.1), SERVE_PORT (8787), SEARCH_TOKEN (bearer token; required',
    'off loopback), SERVE_WORKERS (threads that each hold the index; default: the cores), SERVE_MAX_BODY_BYTES,',
    'SERVE_RATE_LIMIT (requests/s per address), DATA_DIR. Logs are JSON lines on stderr.',
  ].join('\n'),
  'deploy-commands.ts': [
    'npm run deploy-commands',
    '',
    'Registers the slash commands: in DISCORD_GUILD_ID when set (instant), else globally.',
  ].join('\n'),
  'eval.ts': [
    'npm run eval -- --qa <file.jsonl> [--corpus <paths…>] [--k 5] [--seeds <folder>] [--data-dir D] [--json]',
    '',
    'Answer quality on questions with gold phrases: hit@1/3/5, MRR@10, answered/related/none and a per-question table.',
    '  --data-dir D     the evaluation index (default DATA_DIR/eval-seeds or eval-corpus): it is made to hold exactly',
    '                   the seeds and --corpus, so never point it at an index you keep',
  ].join('\n'),
  'eval-beir.ts': [
    'npm run eval:beir -- <dir> [--split test] [--limit-queries N] [--data-dir D] [--candidates N] [--with-titles] [--json]',
    '',
    'nDCG@10 and Recall@100 of lexical, dense and hybrid ranking on a BEIR folder.',
  ].join('\n'),
  'bench-feeds.ts': [
    'npm run bench:feeds -- --corpus <file.jsonl> [--limit 200] [--jsdom <module path>] [--dom-only]',
    '',
    'Serves the first N articles of a JSON Lines corpus as HTML pages and an RSS feed on 127.0.0.1 and measures',
    'the feed reader: fetch + extract speed, linkedom vs jsdom, indexing end to end with the configured model,',
    'and what a second run fetches; see docs/feeds.md. jsdom is no dependency (it needs Node 22): --jsdom names',
    'where to import it from for the comparison; --dom-only stops after the comparison.',
  ].join('\n'),
  'bench.ts': [
    'npm run bench -- --corpus <file> [--limit N] [--sizes 500,1000] [--out bench-out] [--data-dir D]',
    '                 [--query-index DIR] [--skip-indexing] [--rounds 3] [--json]',
    '',
    'Indexing and query performance; see docs/benchmarks.md.',
  ].join('\n'),
  'bench-service.ts': [
    'npm run bench:service -- --data-dir D [--shards 1,2,4] [--workers 1,2] [--askers 8] [--passes 3] [--json]',
    '',
    'Scaling: RSS of N simulated shards each holding the index vs N sharing one search service, and questions/s',
    'with concurrent askers in-process, through npm run serve with 1 and 2 worker threads, and through two',
    'single-engine service processes. D is only read. See docs/scaling.md.',
  ].join('\n'),
  'models.ts': [
    'npm run models -- list',
    'npm run models -- fetch [name] [--if-missing] [--for-tests]',
    '',
    'The embedding models Crisis Desk knows, and fetching one (sha256-verified) into TRANSFORMERS_LOCAL_MODELS.',
    '  --if-missing     do nothing when the model is already there',
    '  --for-tests      --if-missing, and when no source works say the real-model tests will be skipped (exit 0)',
  ].join('\n'),
  'fit.ts': [
    'npm run fit -- --squad <file> [--beir <dir>] [--news <corpus> --news-qa <files…>] [--work D] [--write]',
    '',
    'Fits the fusion weights and the answer/related/none decision for the configured model, holding part out.',
    '  --work D         where indexes and recorded questions are cached (default DATA_DIR/fit)',
    '  --write          update src/search/fitted.ts, docs/decision/<model>.md and its chart',
  ].join('\n'),
  'names.ts': [
    'npm run names -- count <corpus paths…> [--top 200] [--min-count 3] [--loose] [--json]',
    '',
    'Counts named entities (runs of capitalised words) and groups their spelling variants (Kiev/Kyiv) by a',
    'transliteration skeleton, so a curator can decide what goes into src/names/aliases.txt; each group says',
    'whether that file already makes its spellings one name (aliased), some of them (partly) or none (absent).',
    '  --top N          entities to list (default 200)',
    '  --min-count N    spellings seen fewer times are left out of the variant groups (default 3)',
    '  --loose          group by consonants alone (also pairs Vladimir/Volodymyr, and many unrelated words)',
    '  --json           print one JSON object: {articles, entities, groups (for the top entities), allGroups}',
  ].join('\n'),
  'eval-aliases.ts': [
    'npm run eval:aliases -- --index D --qa <file.jsonl> [--check <files…>] [--out F.md] [--json]',
    '',
    'Asks each question with every spelling of the names in it and reports how often the top passage is the',
    "canonical spelling's: with aliases off, on the lexical side only, and on both sides. Opens the index",
    'read-only. --check scores ordinary question files under each configuration; --out writes the Markdown.',
  ].join('\n'),
  'eval-highlight.ts': [
    'npm run eval:highlight -- --squad <file> [--limit N] [--data-dir D] [--json]',
    '',
    'How often the highlighted sentence holds the answer, on SQuAD.',
  ].join('\n'),
});

/** True when the arguments ask for help (`--help` or `-h` before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
