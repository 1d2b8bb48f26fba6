/**
 * npm run eval:aliases -- --index D --qa <file.jsonl> [--check <files…>] [--out F.md] [--json]: how often each
 * spelling of a name finds the canonical spelling's top passage, with the aliases off (as before), lexical only,
 * and lexical + canonical embedding; `--check` files are ordinary questions scored under each, for regressions.
 */
import 'dotenv/config';
import { readFile, writeFile } from 'node:fs/promises';
import { loadEngineConfig } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { createEmbedder } from '../embed/factory.ts';
import { runVariants, summarizeVariants, type VariantRow } from '../eval/aliases.ts';
import { variantsMarkdown, type CheckResult, type ConfigResult } from '../eval/aliases-report.ts';
import { parseQaFile, qaRows, summarize } from '../eval/qa.ts';
import type { QaItem } from '../types.ts';
import { readGeneration } from '../index/store.ts';
import type { NameOptions } from '../search/name-seam.ts';
import { AliasTable, bundledAliases } from '../names/table.ts';
import { SearchEngine } from '../search/engine.ts';
import { jsonLine } from '../terminal.ts';
import { defineCommand, UsageError } from './args.ts';
import { readOnlyIndexOption } from './options.ts';
import { runCommand } from './run.ts';
import { chooseModel } from '../host/model-choice.ts';

/** The configurations compared: what main did, aliases for BM25 and coverage only, and both sides. */
const CONFIGS: { name: string; names: () => NameOptions }[] = [
  { name: 'before (no aliases)', names: () => ({ aliases: AliasTable.empty, embed: 'question' }) },
  { name: 'aliases, lexical side only', names: () => ({ aliases: bundledAliases(), embed: 'question' }) },
  {
    name: 'aliases + canonical spelling embedded',
    names: () => ({ aliases: bundledAliases(), embed: 'canonical' }),
  },
];

/** Embeds each distinct question once across the configurations (they ask the same texts). */
function memoized(inner: Embedder): Embedder {
  const cache = new Map<string, Float32Array>();
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    maxTokens: inner.maxTokens,
    unit: inner.unit,
    countTokens: (text) => inner.countTokens(text),
    embed: (texts) => inner.embed(texts),
    async embedQueries(questions) {
      const missing = [...new Set(questions.filter((q) => !cache.has(q)))];
      if (missing.length) (await inner.embedQueries(missing)).forEach((v, i) => cache.set(missing[i]!, v));
      return questions.map((q) => cache.get(q)!);
    },
    close: () => inner.close(),
  };
}

export const command = defineCommand({
  usage: ['npm run eval:aliases -- --index D --qa <file.jsonl> [--check <files…>] [--out F.md] [--json]'],
  summary: [
    'Asks each question with every spelling of the names in it and reports how often the top passage is the',
    "canonical spelling's: with aliases off, on the lexical side only, and on both sides. Opens the index",
    'read-only.',
  ].join('\n'),
  options: {
    index: readOnlyIndexOption,
    qa: { type: 'string', value: '<file.jsonl>', help: 'questions whose names have spelling variants' },
    check: {
      type: 'list',
      value: '<files…>',
      noun: 'question files',
      help: 'ordinary question files, scored under each configuration (for regressions)',
    },
    out: { type: 'string', value: 'F.md', help: 'also write the Markdown report here' },
    json: { type: 'boolean', help: 'print one JSON object instead of the Markdown' },
  },
});

runCommand(command, async ({ values }) => {
  const { index: dataDir, qa: qaPath, check: checks } = values;
  if (!dataDir || !qaPath)
    throw new UsageError(
      'expected --index <index folder> and --qa <questions.jsonl>, e.g. --index data --qa eval/news-aliases.jsonl',
    );
  const items = parseQaFile(await readFile(qaPath, 'utf8'), qaPath);
  const checkSets = await Promise.all(
    checks.map(async (f) => ({ file: f, items: parseQaFile(await readFile(f, 'utf8'), f) })),
  );
  const settings = loadEngineConfig();
  const config = await chooseModel(settings, dataDir, {
    purpose: 'open',
    log: (line) => console.error(line),
  });
  const inner = await createEmbedder(config, 'query');
  const embedder = memoized(inner);
  const index = await readGeneration(dataDir);
  const results: ConfigResult[] = [];
  try {
    for (const c of CONFIGS) {
      const engine = new SearchEngine(index, embedder, { names: c.names() });
      console.error(`${c.name}: ${items.length} questions and their spellings…`);
      const rows: VariantRow[] = await runVariants(engine, items, bundledAliases());
      const checked: CheckResult[] = [];
      for (const set of checkSets)
        checked.push({ file: set.file, report: await scoreSet(engine, set.items) });
      results.push({ name: c.name, summary: summarizeVariants(rows), rows, checks: checked });
    }
  } finally {
    await inner.close();
  }
  const meta = {
    index: dataDir,
    embedder: inner.id,
    articles: index.manifest.documents.length,
    qa: qaPath,
    questions: items.length,
  };
  if (values.json) {
    console.log(
      jsonLine({
        ...meta,
        configs: results.map((r) => ({
          name: r.name,
          ...r.summary,
          checks: r.checks.map((c) => ({ file: c.file, ...c.report, rows: undefined })),
        })),
      }),
    );
  }
  const markdown = variantsMarkdown(meta, results);
  const { out } = values;
  if (out) await writeFile(out, markdown);
  if (!values.json) console.log(markdown);
});

async function scoreSet(
  engine: SearchEngine,
  items: readonly QaItem[],
): Promise<ReturnType<typeof summarize>> {
  const rows = await qaRows(engine, items, (answer) => answer.passages[0]?.chunkId ?? '(abstained)');
  return summarize(rows, 5);
}
