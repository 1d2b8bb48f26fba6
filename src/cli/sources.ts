/** npm run sources -- [--json] [--data-dir D] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { describeCorpus } from '../index/corpus.ts';
import { outletLabels } from '../outlets/labels.ts';
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
    const labels = outletLabels();
    const outlets = stats.outlets.map((o) => {
      const l = labels.lookup(o.source);
      return { ...o, name: l.reviewed ? l.name : o.source, label: l.label, kind: l.kind, country: l.country };
    });
    if (flags.json) {
      console.log(jsonLine({ documents, outlets, stats }));
      return;
    }
    console.log(
      stripToLine(
        `${stats.articles} articles, ${stats.chunks} passages, ${stats.firstDate ?? '?'} to ${stats.lastDate ?? '?'} (index of ${stats.indexedAt}, ${stats.embedder})`,
      ),
    );
    // What `npm run index` and /reindex re-read when given no paths.
    console.log(
      stripToLine(
        stats.corpus
          ? `corpus: ${describeCorpus(stats.corpus)} (npm run index and /reindex re-read it; name other paths or set CORPUS to change it)`
          : 'corpus: not recorded (an index built before it was kept): npm run index and /reindex read seeds/ and FEEDS',
      ) + '\n',
    );
    for (const d of documents) console.log(`- ${citationLine(d)}  [${d.chunks} passages]`);
    console.log('\nArticles per outlet (labels: src/outlets/outlets.json):');
    for (const o of outlets)
      console.log(`  ${String(o.articles).padStart(5)}  ${stripToLine(`${o.source} · ${o.label}`)}`);
  } finally {
    await embedder.close();
  }
});
