/** npm run report -- gaps | feedback | export --qa <file>: the community loop's reports, from the state database. */
import 'dotenv/config';
import { existsSync, writeFileSync } from 'node:fs';
import { loadEngineConfig } from '../config.ts';
import { openStateDb, stateDbFile } from '../state/db.ts';
import { FeedbackStore } from '../state/feedback.ts';
import { defaultMinOverlap, groupGaps } from '../state/gaps.ts';
import { feedbackByDay, votedUpAsQa } from '../state/reports.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { parseArgs, runMain, stringFlag, UsageError } from './args.ts';

function parseSince(value: string | undefined): string {
  if (value === undefined) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--since: expected a day as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

function parseOverlap(value: string | undefined): number {
  if (value === undefined) return defaultMinOverlap;
  const n = Number(value);
  if (!(n > 0 && n <= 1))
    throw new UsageError(
      `--min-overlap: expected a number above 0 and at most 1, got ${JSON.stringify(value)}`,
    );
  return n;
}

const pct = (rate: number | null) => (rate === null ? '   –' : `${Math.round(rate * 100)}%`.padStart(4));

runMain(async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    since: 'string',
    json: 'boolean',
    qa: 'string',
    'min-overlap': 'string',
    'data-dir': 'string',
  });
  const [report, ...extra] = positional;
  if (!['gaps', 'feedback', 'export'].includes(report ?? '') || extra.length > 0)
    throw new UsageError(
      `expected one report: gaps, feedback or export --qa <file>; got ${JSON.stringify(positional.join(' '))}`,
    );
  const since = parseSince(stringFlag(flags.since));
  const file = stateDbFile(stringFlag(flags['data-dir']) ?? loadEngineConfig().dataDir);
  if (!existsSync(file))
    throw new UsageError(
      `no bot state database at ${file}; the bot creates it when it first starts (npm start)`,
    );
  const db = openStateDb(file);
  // Reports never vote, so they need no member key.
  const store = new FeedbackStore(db, Buffer.alloc(0));
  try {
    if (report === 'gaps') {
      const groups = groupGaps(
        store.gapCandidates({ since }),
        parseOverlap(stringFlag(flags['min-overlap'])),
      );
      if (flags.json) return console.log(jsonLine({ since: since || null, groups }));
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
      if (flags.json) return console.log(jsonLine({ since: since || null, days, total }));
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
    const out = stringFlag(flags.qa);
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
