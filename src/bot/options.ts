/** Parsing and checking of slash-command option values that Discord cannot validate for us (dates, outlets). */
import type { ChatInputCommandInteraction, SlashCommandStringOption } from 'discord.js';
import { resolveAskOptions, unknownSourceError } from '../search/options.ts';
import type { AskOptions, Engine } from '../types.ts';
import { inputErrorLine, userLine } from '../errors.ts';
import { plain } from './format/escape.ts';

export type AskFilters = Pick<AskOptions, 'source' | 'after' | 'before'>;

/**
 * Accepts a real calendar day written YYYY-MM-DD. Returns `{}` for no value, `{ day }` when valid, or
 * `{ error }` with a message for the user naming the option, what was expected and what arrived.
 */
export function parseDay(value: string | null | undefined, option: string): { day?: string; error?: string } {
  const raw = value?.trim();
  if (raw === undefined || raw === '') return {};
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date =
    match === null ? null : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date === null || date.toISOString().slice(0, 10) !== raw) {
    return {
      error: `The \`${option}\` option expects a day written YYYY-MM-DD, such as 2022-02-24; got “${plain(raw)}”.`,
    };
  }
  return { day: raw };
}

/** The `source`, `after` and `before` options of /ask and /timeline as typed; `inputRefusal` checks them. */
export function readFilters(interaction: ChatInputCommandInteraction): AskFilters {
  const filters: AskFilters = {};
  for (const key of ['source', 'after', 'before'] as const) {
    const value = interaction.options.getString(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** How stats() names the articles without an outlet; not a name `source` can pick. */
const UNKNOWN_OUTLET = 'unknown outlet';

/**
 * What the engine would refuse in a request, in the words the CLI prints (`error: <these words>`); null when it
 * would accept it. Run before deferring: a deferred reply keeps the visibility it was deferred with, so only a
 * refusal sent as the first reply can be ephemeral. A typed outlet is checked against the indexed ones here.
 */
export async function inputRefusal(
  engine: Engine,
  text: string,
  options: AskOptions,
): Promise<string | null> {
  try {
    resolveAskOptions(text, options);
  } catch (error) {
    const line = inputErrorLine(error);
    if (line === null) throw error;
    return line;
  }
  const source = options.source?.trim();
  if (!source) return null;
  const outlets = (await engine.stats()).outlets.filter((o) => o.source !== UNKNOWN_OUTLET);
  if (outlets.some((o) => o.source.toLowerCase() === source.toLowerCase())) return null;
  return userLine(unknownSourceError(outlets, source));
}

/** The `source`, `after` and `before` options as /ask and /timeline declare them (read back by readFilters). */
export const sourceOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('source').setDescription('Only this outlet').setAutocomplete(true).setMaxLength(100);
export const afterOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('after').setDescription('Only articles on or after this day (YYYY-MM-DD)').setMaxLength(10);
export const beforeOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('before').setDescription('Only articles on or before this day (YYYY-MM-DD)').setMaxLength(10);
