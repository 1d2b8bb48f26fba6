/** npm run bench:service -- --data-dir D [--shards 1,2,4] [--workers 1,2] [--askers 8] [--passes 3] [--json] */
import 'dotenv/config';
import { formatServiceBench, runServiceBench } from '../bench/service/run.ts';
import { intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';

const list = (value: string | boolean | undefined, name: string): number[] | undefined =>
  value === undefined
    ? undefined
    : String(value)
        .split(',')
        .map((v) => intFlag(v, name, 1, 64)!);

runMain(async () => {
  const { flags } = parseArgs(process.argv.slice(2), {
    'data-dir': 'string',
    shards: 'string',
    workers: 'string',
    askers: 'string',
    passes: 'string',
    json: 'boolean',
  });
  const dataDir = stringFlag(flags['data-dir']);
  if (dataDir === undefined)
    throw new UsageError('--data-dir: expected an index folder (it is only read), got nothing');
  const report = await runServiceBench({
    dataDir,
    shards: list(flags.shards, 'shards') ?? [1, 2, 4],
    workers: list(flags.workers, 'workers') ?? [1, 2],
    askers: intFlag(flags.askers, 'askers', 1, 256) ?? 8,
    passes: intFlag(flags.passes, 'passes', 1, 100) ?? 3,
    log: (line) => console.error(line),
  });
  console.log(flags.json ? JSON.stringify(report) : formatServiceBench(report));
});
