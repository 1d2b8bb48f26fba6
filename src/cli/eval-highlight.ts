/**
 * npm run eval:highlight -- --squad <file> [--limit N] [--data-dir D] [--json]
 *
 * Indexes SQuAD paragraphs (one article each) and asks every question: when a shown passage from the question's
 * own paragraph holds the answer, does its highlighted sentence hold it too?
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { parseSquad } from '../eval/fit/squad.ts';
import { type HighlightRow, scoreHighlight, summarizeHighlights } from '../eval/highlight.ts';
import { buildIndex } from '../index/indexer.ts';
import { SearchEngine } from '../search/engine.ts';
import { intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';
import { chooseModel } from './model-choice.ts';

runMain(async () => {
  const { flags } = parseArgs(process.argv.slice(2), { squad: 'string', limit: 'string', 'data-dir': 'string', json: 'boolean' });
  const file = stringFlag(flags.squad);
  if (!file) throw new UsageError('expected --squad <file>, e.g. --squad ../shared/datasets/squad/squad-dev-half-a.json');
  const limit = intFlag(flags.limit, 'limit', 1, 1_000_000);
  const settings = loadEngineConfig();
  const dataDir = stringFlag(flags['data-dir']) ?? path.join(settings.dataDir, 'eval-squad');
  const config = await chooseModel(settings, dataDir, { purpose: 'build', log: (l) => console.error(l) });
  const set = parseSquad(await readFile(file, 'utf8'), file);
  const indexer = await createEmbedder(config, 'index');
  try {
    await buildIndex({ dataDir, embedder: indexer, articles: set.articles, log: (m) => console.error(m) });
  } finally {
    await indexer.close();
  }
  const embedder = await createEmbedder(config, 'query');
  try {
    const engine = await SearchEngine.open(dataDir, embedder);
    const rows: HighlightRow[] = [];
    for (const q of set.questions.slice(0, limit)) {
      rows.push(scoreHighlight(await engine.ask(q.question, { k: 3 }), q.paragraph, q.answers));
    }
    const s = summarizeHighlights(rows);
    if (flags.json) return console.log(JSON.stringify({ squad: file, embedder: embedder.id, ...s }));
    console.log(`${s.questions} SQuAD questions (${embedder.id}): own paragraph's answer passage shown for ${s.goldShown}; its highlight holds the answer for ${s.highlightHolds} (${(100 * s.share).toFixed(1)} %).`);
  } finally {
    await embedder.close();
  }
});
