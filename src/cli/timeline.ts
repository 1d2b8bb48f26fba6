/** npm run timeline -- "topic" [--after D] [--before D] [--source S] [--limit N] [--data-dir D] [--json] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { jsonLine } from '../terminal.ts';
import type { TimelineOptions } from '../types.ts';
import { filterFlags, intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';
import { openEngine } from './open-engine.ts';
import { timelineJson, timelineText } from './render-timeline.ts';

runMain(async () => {
  const spec = {
    after: 'string',
    before: 'string',
    source: 'string',
    limit: 'string',
    'data-dir': 'string',
    json: 'boolean',
  } as const;
  const { flags, positional } = parseArgs(process.argv.slice(2), spec);
  if (positional.length !== 1)
    throw new UsageError(
      'expected one topic in quotes, e.g. npm run timeline -- "Zaporizhzhia nuclear plant"',
    );
  const options: TimelineOptions = filterFlags(flags);
  const limit = intFlag(flags.limit, 'limit', 1, 100);
  if (limit !== undefined) options.limit = limit;
  const config = loadEngineConfig();
  const { engine, embedder } = await openEngine(config, stringFlag(flags['data-dir']) ?? config.dataDir);
  try {
    const timeline = await engine.timeline(positional[0]!, options);
    console.log(flags.json ? jsonLine(timelineJson(timeline)) : timelineText(timeline));
  } finally {
    await embedder.close();
  }
});
