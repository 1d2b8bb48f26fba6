/** npm run timeline -- "topic" [--after D] [--before D] [--source S] [--limit N] [--data-dir D] [--json] */
import 'dotenv/config';
import { jsonLine } from '../terminal.ts';
import type { TimelineOptions } from '../types.ts';
import { defineCommand, UsageError } from './args.ts';
import { dataDirOption, filterOptions, givenFilters, jsonOption } from './options.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';
import { withEngine } from './open-engine.ts';
import { timelineJson, timelineText } from './render-timeline.ts';

export const command = defineCommand({
  usage: [
    'npm run timeline -- "topic" [--after YYYY-MM-DD] [--before YYYY-MM-DD] [--source S] [--limit N] [--data-dir D] [--json]',
  ],
  summary: [
    'The story of a topic in date order: one line per distinct event (wire copies and near-duplicates merged)',
    'with its date, outlets, key sentence and link; "nothing found" when the corpus does not cover the topic.',
    '--after and --before win over dates in the topic.',
  ].join('\n'),
  options: {
    after: filterOptions.after,
    before: filterOptions.before,
    source: filterOptions.source,
    limit: { type: 'string', value: 'N', parse: int(1, 100), help: 'events at most, 1 to 100 (default 40)' },
    'data-dir': dataDirOption,
    json: jsonOption,
  },
});

runCommand(command, async ({ values, positionals }) => {
  if (positionals.length !== 1)
    throw new UsageError(
      'expected one topic in quotes, e.g. npm run timeline -- "Zaporizhzhia nuclear plant"',
    );
  const options: TimelineOptions = givenFilters(values);
  if (values.limit !== undefined) options.limit = values.limit;
  await withEngine(values['data-dir'], async (engine) => {
    const timeline = await engine.timeline(positionals[0]!, options);
    console.log(values.json ? jsonLine(timelineJson(timeline)) : timelineText(timeline));
  });
});
