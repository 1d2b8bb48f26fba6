/** npm run report -- gaps | feedback | export --qa <file>: the community loop's reports, from the state database. */
import 'dotenv/config';
import { existsSync, writeFileSync } from 'node:fs';
import { loadEngineConfig } from '../config.ts';
import { openStateDb, stateDbFile } from '../state/db.ts';
import { FeedbackStore } from '../state/feedback.ts';
import { defaultMinOverlap, groupGaps } from '../state/gaps.ts';
import { feedbackByDay, votedUpAsQa } from '../state/reports.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { defineCommand, UsageError } from './args.ts';
import { dataDirOption } from './options.ts';
import { runCommand } from './run.ts';

function parseSince(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--since: expected a day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

function parseOverlap(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1))
    throw new UsageError(
      `--min-overlap: expected a number above 0 and at most 1, got ${JSON.stringify(value)}`,
    );
  return n;
}

const pct = (rate: number | null) => (rate === null ? '   –' : `${Math.round(rate * 100)}%`.padStart(4));

export const command = defineCommand({
  usage: [
    'npm run report -- gaps [--since YYYY-MM-DD] [--min-overlap 0.5] [--json] [--data-dir D]',
    'npm run report -- feedback [--since YYYY-MM-DD] [--json] [--data-dir D]',
    'npm run report -- export --qa <file.jsonl> [--since YYYY-MM-DD] [--data-dir D]',
  ],
  summary: [
    "Reports over the Discord bot's state database (DATA_DIR/bot/state.sqlite):",
    '  gaps             questions the bot declined (related or none) or members voted down, grouped by shared',
    '                   content words (Jaccard of Porter stems without stop words ≥ --min-overlap), with counts and dates',
    '  feedback         answers, votes up and down and the up rate per day, and votes down per reason',
    '  export --qa F    voted-up answers as a question file in the eval format (npm run eval -- --qa F)',
  ].join('\n'),
  options: {
    since: {
      type: 'string',
      value: 'D',
      parse: parseSince,
      help: 'only questions asked (votes cast) on or after this day',
    },
    'min-overlap': {
      type: 'string',
      value: 'X',
      parse: parseOverlap,
      default: defaultMinOverlap,
      help: 'gaps: the share of content words two questions share to be one gap, above 0 and at most 1',
    },
    json: { type: 'boolean', help: 'gaps and feedback: print one JSON object' },
    qa: { type: 'string', value: 'F', help: 'export: the question file to write' },
    'data-dir': dataDirOption,
  },
});

runCommand(command, async ({ values, positionals }) => {
  const [report, ...extra] = positionals;
  if (!['gaps', 'feedback', 'export'].includes(report ?? '') || extra.length > 0)
    throw new UsageError(
      `expected one report: gaps, feedback or export --qa <file>; got ${JSON.stringify(positionals.join(' '))}`,
    );
  const since = values.since ?? '';
  const file = stateDbFile(values['data-dir'] ?? loadEngineConfig().dataDir);
  if (!existsSync(file))
    throw new UsageError(
      `no bot state database at ${file}; the bot creates it when it first starts (npm start)`,
    );
  const db = openStateDb(file);
  // Reports never vote, so they need no member key.
  const store = new FeedbackStore(db, Buffer.alloc(0));
  try {
    if (report === 'gaps') {
      const groups = groupGaps(store.gapCandidates({ since }), values['min-overlap']);
      if (values.json) return console.log(jsonLine({ since: since || null, groups }));
      if (groups.length === 0) return console.log('No declined or voted-down questions.');
      for (const g of groups) {
        console.log(
          stripToLine(
            `${String(g.count).padStart(4)}×  ${g.question}  [${g.declined} declined, ${g.downvotes} down; ${g.firstAsked.slice(0, 10)} – ${g.lastAsked.slice(0, 10)}]`,
          ),
        );
        for (const v of g.variants) console.log(stripToLine(`        also: ${v}`));
      }
      return;
    }
    if (report === 'feedback') {
      const { days, total } = feedbackByDay(store, since);
      if (values.json) return console.log(jsonLine({ since: since || null, days, total }));
      const reasons = Object.keys(total.reasons);
      console.log(
        ['day       ', 'answers', '   up', ' down', '  up%', ...reasons.map((r) => r.padStart(13))].join(' '),
      );
      for (const d of [...days, total])
        console.log(
          [
            d.day.padEnd(10),
            String(d.answers).padStart(7),
            String(d.up).padStart(5),
            String(d.down).padStart(5),
            ` ${pct(d.upRate)}`,
            ...reasons.map((r) => String(d.reasons[r as keyof typeof d.reasons]).padStart(13)),
          ].join(' '),
        );
      return;
    }
    const out = values.qa;
    if (out === undefined)
      throw new UsageError('export: expected --qa <file.jsonl> to write the questions to');
    const items = votedUpAsQa(store, since);
    writeFileSync(out, items.map((i) => JSON.stringify(i)).join('\n') + (items.length > 0 ? '\n' : ''));
    console.log(
      stripToLine(
        `Wrote ${items.length} voted-up question${items.length === 1 ? '' : 's'} to ${out} (evaluate with: npm run eval -- --qa ${out})`,
      ),
    );
  } finally {
    db.close();
  }
});
