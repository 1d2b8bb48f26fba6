/** npm run ask -- "question" [--k N] [--source S] [--after D] [--before D] [--data-dir D] [--json [-]] */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { loadEngineConfig } from '../config.ts';
import { jsonLine } from '../terminal.ts';
import type { AskOptions } from '../types.ts';
import { filterFlags, intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';
import { openEngine } from './open-engine.ts';
import { answerJson, answerText } from './render.ts';
import { userLine } from '../errors.ts';

runMain(async () => {
  const spec = {
    k: 'string',
    source: 'string',
    after: 'string',
    before: 'string',
    'data-dir': 'string',
    json: 'boolean',
  } as const;
  const { flags, positional } = parseArgs(process.argv.slice(2), spec);
  const fromStdin = flags.json === true && positional.length === 1 && positional[0] === '-';
  if (!fromStdin && positional.length !== 1) {
    throw new UsageError(
      'expected one question in quotes, e.g. npm run ask -- "Who did Kuleba meet in Washington?" (or --json - to read questions from stdin)',
    );
  }
  const options: AskOptions = filterFlags(flags);
  const k = intFlag(flags.k, 'k', 1, 50);
  if (k !== undefined) options.k = k;
  const config = loadEngineConfig();
  const { engine, embedder } = await openEngine(config, stringFlag(flags['data-dir']) ?? config.dataDir);
  try {
    if (!fromStdin) {
      const answer = await engine.ask(positional[0]!, options);
      console.log(
        flags.json ? jsonLine(answerJson(answer)) : answerText(answer, process.stdout.isTTY === true),
      );
      return;
    }
    // One object per input line, so output line n answers input line n; a bad question (an empty line too)
    // gets an error object on its line and the rest go on.
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      try {
        console.log(jsonLine(answerJson(await engine.ask(line, options))));
      } catch (error) {
        console.log(jsonLine({ question: line, error: userLine(error as Error) }));
      }
    }
  } finally {
    await embedder.close();
  }
});
