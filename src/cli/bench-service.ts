/** npm run bench:service -- --data-dir D [--shards 1,2,4] [--workers 1,2] [--askers 8] [--passes 3] [--json] */
import 'dotenv/config';
import { formatServiceBench, runServiceBench } from '../bench/service/run.ts';
import { defineCommand } from './args.ts';
import { benchIndexOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';

export const command = defineCommand({
  usage: [
    'npm run bench:service -- --data-dir D [--shards 1,2,4] [--workers 1,2] [--askers 8] [--passes 3] [--json]',
  ],
  summary: [
    'Scaling: RSS of N simulated shards each holding the index vs N sharing one search service, and questions/s',
    'with concurrent askers in-process, through npm run serve with 1 and 2 worker threads, and through two',
    'single-engine service processes. D is only read. See docs/scaling.md.',
  ].join('\n'),
  options: {
    'data-dir': benchIndexOption,
    shards: {
      type: 'string',
      value: 'L',
      parse: ints(1, 64),
      default: [1, 2, 4],
      help: 'simulated shard counts',
    },
    workers: {
      type: 'string',
      value: 'L',
      parse: ints(1, 64),
      default: [1, 2],
      help: 'service worker threads tried',
    },
    askers: { type: 'string', value: 'N', parse: int(1, 256), default: 8, help: 'concurrent askers' },
    passes: { type: 'string', value: 'N', parse: int(1, 100), default: 3, help: 'passes over the questions' },
    json: { type: 'boolean', help: 'print one JSON object instead of the table' },
  },
});

runCommand(command, async ({ values }) => {
  const { shards, workers, askers, passes } = values;
  const report = await runServiceBench({
    dataDir: values['data-dir'],
    shards,
    workers,
    askers,
    passes,
    log: (line) => console.error(line),
  });
  console.log(values.json ? JSON.stringify(report) : formatServiceBench(report));
});
