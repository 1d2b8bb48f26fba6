/** npm run sources -- [--json] [--data-dir D] */
import 'dotenv/config';
import { describeCorpus } from '../index/corpus.ts';
import { outletLabels } from '../outlets/labels.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { defineCommand } from './args.ts';
import { dataDirOption } from './options.ts';
import { runCommand } from './run.ts';
import { withEngine } from './open-engine.ts';
import { citationLine } from './render.ts';

export const command = defineCommand({
  usage: ['npm run sources -- [--json] [--data-dir D]'],
  summary: 'Lists the indexed articles and the articles per outlet.',
  options: {
    json: { type: 'boolean', help: 'print one JSON object: {documents, outlets, stats}' },
    'data-dir': dataDirOption,
  },
});

runCommand(command, async ({ values }) => {
  await withEngine(values['data-dir'], async (engine) => {
    const documents = await engine.documents();
    const stats = await engine.stats();
    const labels = outletLabels();
    const outlets = stats.outlets.map((o) => {
      const l = labels.lookup(o.source);
      return { ...o, name: l.reviewed ? l.name : o.source, label: l.label, kind: l.kind, country: l.country };
    });
    if (values.json) {
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
  });
});
