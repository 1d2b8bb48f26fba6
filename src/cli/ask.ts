/** npm run ask -- "question" [--k N] [--source S] [--after D] [--before D] [--data-dir D] [--json [-]] */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { jsonLine } from '../terminal.ts';
import type { AskOptions } from '../types.ts';
import { defineCommand, UsageError } from './args.ts';
import { dataDirOption, filterOptions, givenFilters, jsonOption } from './options.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';
import { withEngine } from './open-engine.ts';
import { answerJson, answerText } from './render.ts';
import { userLine } from '../errors.ts';

export const command = defineCommand({
  usage: [
    'npm run ask -- "question" [--k N] [--source S] [--after YYYY-MM-DD] [--before YYYY-MM-DD] [--data-dir D] [--json]',
    'npm run ask -- --json -      one question per line on standard input, one JSON object per line out',
  ],
  summary:
    'Answers with cited passages from the index (built from seeds/ first when the index folder does not exist yet).',
  options: {
    k: { type: 'string', value: 'N', parse: int(1, 50), help: 'passages to show, 1 to 50 (default 3)' },
    ...filterOptions,
    'data-dir': dataDirOption,
    json: jsonOption,
  },
});

runCommand(command, async ({ values, positionals }) => {
  const fromStdin = values.json && positionals.length === 1 && positionals[0] === '-';
  if (!fromStdin && positionals.length !== 1) {
    throw new UsageError(
      'expected one question in quotes, e.g. npm run ask -- "Who did Kuleba meet in Washington?" (or --json - to read questions from stdin)',
    );
  }
  const options: AskOptions = givenFilters(values);
  if (values.k !== undefined) options.k = values.k;
  await withEngine(values['data-dir'], async (engine) => {
    if (!fromStdin) {
      const answer = await engine.ask(positionals[0]!, options);
      console.log(
        values.json ? jsonLine(answerJson(answer)) : answerText(answer, process.stdout.isTTY === true),
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
  });
});
