/** npm run sources -- [--json] [--data-dir D] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { parseArgs, runMain, stringFlag } from './args.ts';
import { openEngine } from './open-engine.ts';
import { citationLine } from './render.ts';

runMain(async () => {
  const { flags } = parseArgs(process.argv.slice(2), { json: 'boolean', 'data-dir': 'string' });
  const config = loadEngineConfig();
  const { engine, embedder } = await openEngine(config, stringFlag(flags['data-dir']) ?? config.dataDir);
  try {
    const documents = await engine.documents();
    const stats = await engine.stats();
    if (flags.json) {
      console.log(jsonLine({ documents, outlets: stats.outlets, stats }));
      return;
    }
    console.log(stripToLine(`${stats.articles} articles, ${stats.chunks} passages, ${stats.firstDate ?? '?'} to ${stats.lastDate ?? '?'} (index of ${stats.indexedAt}, ${stats.embedder})`) + '\n');
    for (const d of documents) console.log(`- ${citationLine(d)}  [${d.chunks} passages]`);
    console.log('\nArticles per outlet:');
    for (const o of stats.outlets) console.log(`  ${String(o.articles).padStart(5)}  ${stripToLine(o.source)}`);
  } finally {
    await embedder.close();
  }
});
