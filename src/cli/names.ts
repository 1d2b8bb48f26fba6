/** npm run names -- count <corpus paths…> [--top 200] [--min-count 3] [--loose] [--json]: names and spelling variants. */
import { ingestPaths } from '../ingest/read-paths.ts';
import { foldSpelling } from '../names/aliases.ts';
import { aliasStatus, countNames, groupsForTop } from '../names/count.ts';
import { bundledAliases } from '../names/table.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { defineCommand, UsageError } from './args.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';

export const command = defineCommand({
  usage: ['npm run names -- count <corpus paths…> [--top 200] [--min-count 3] [--loose] [--json]'],
  summary: [
    'Counts named entities (runs of capitalised words) and groups their spelling variants (Kiev/Kyiv) by a',
    'transliteration skeleton, so a curator can decide what goes into src/names/aliases.txt; each group says',
    'whether that file already makes its spellings one name (aliased), some of them (partly) or none (absent).',
  ].join('\n'),
  options: {
    top: { type: 'string', value: 'N', parse: int(1, 100_000), default: 200, help: 'entities to list' },
    'min-count': {
      type: 'string',
      value: 'N',
      parse: int(1, 1_000_000),
      default: 3,
      help: 'spellings seen fewer times are left out of the variant groups',
    },
    loose: {
      type: 'boolean',
      help: 'group by consonants alone (also pairs Vladimir/Volodymyr, and many unrelated words)',
    },
    json: {
      type: 'boolean',
      help: 'print one JSON object: {articles, entities, groups (for the top entities), allGroups}',
    },
  },
});

runCommand(command, async ({ values, positionals }) => {
  const [verb, ...paths] = positionals;
  if (verb !== 'count' || paths.length === 0) {
    throw new UsageError(`expected "count <corpus paths…>", got ${JSON.stringify(positionals.join(' '))}`);
  }
  const { top, 'min-count': minCount } = values;
  const read = await ingestPaths(paths);
  if (read.articles.length === 0) {
    throw new UsageError(
      `no articles read from ${paths.join(', ')}${read.issues[0] ? `: ${read.issues[0].path}: ${read.issues[0].reason}` : ''}`,
    );
  }
  const counts = countNames(
    read.articles.map((a) => `${a.title}\n${a.text}`),
    { top, minCount, mode: values.loose ? 'loose' : 'strict' },
  );
  const table = bundledAliases();
  const nameOf = (spelling: string): string | undefined => table.groupOf(foldSpelling(spelling))?.english[0];
  const groups = groupsForTop(counts).map((g) => ({ ...g, aliases: aliasStatus(g, nameOf) }));
  if (values.json) {
    console.log(
      jsonLine({ articles: counts.articles, entities: counts.entities, groups, allGroups: counts.groups }),
    );
    return;
  }
  console.log(`${counts.articles} articles; the ${counts.entities.length} most frequent capitalised runs:\n`);
  counts.entities.forEach((e, i) =>
    console.log(`${String(i + 1).padStart(4)}. ${String(e.count).padStart(6)}  ${stripToLine(e.text)}`),
  );
  console.log(
    `\nSpelling variants among their words (same transliteration skeleton; ${groups.length} groups),`,
  );
  console.log(
    'and whether src/names/aliases.txt makes them one name (aliased), some of them (partly) or none (absent):\n',
  );
  for (const g of groups)
    console.log(
      `  ${g.aliases.padEnd(8)} ${stripToLine(g.variants.map((v) => `${v.text} ${v.count}`).join(' / '))}`,
    );
});
