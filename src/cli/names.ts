/** npm run names -- count <corpus paths…> [--top 200] [--min-count 3] [--loose] [--json]: names and spelling variants. */
import { ingestPaths } from '../ingest/read-paths.ts';
import { foldSpelling } from '../names/aliases.ts';
import { aliasStatus, countNames, groupsForTop } from '../names/count.ts';
import { bundledAliases } from '../names/table.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { intFlag, parseArgs, runMain, UsageError } from './args.ts';

runMain(async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    top: 'string',
    'min-count': 'string',
    loose: 'boolean',
    json: 'boolean',
  });
  const [verb, ...paths] = positional;
  if (verb !== 'count' || paths.length === 0) {
    throw new UsageError(`expected "count <corpus paths…>", got ${JSON.stringify(positional.join(' '))}`);
  }
  const top = intFlag(flags.top, 'top', 1, 100_000) ?? 200;
  const minCount = intFlag(flags['min-count'], 'min-count', 1, 1_000_000) ?? 3;
  const read = await ingestPaths(paths);
  if (read.articles.length === 0) {
    throw new UsageError(
      `no articles read from ${paths.join(', ')}${read.issues[0] ? `: ${read.issues[0].path}: ${read.issues[0].reason}` : ''}`,
    );
  }
  const counts = countNames(
    read.articles.map((a) => `${a.title}\n${a.text}`),
    { top, minCount, mode: flags.loose ? 'loose' : 'strict' },
  );
  const table = bundledAliases();
  const nameOf = (spelling: string): string | undefined => table.groupOf(foldSpelling(spelling))?.english[0];
  const groups = groupsForTop(counts).map((g) => ({ ...g, aliases: aliasStatus(g, nameOf) }));
  if (flags.json) {
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
