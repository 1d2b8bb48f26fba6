/** Parsing of slash-command option values that Discord cannot validate for us (dates). */
import type { ChatInputCommandInteraction, SlashCommandStringOption } from 'discord.js';
import type { AskOptions } from '../types.ts';
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

/** The `source`, `after` and `before` options of /ask and /timeline, or a message saying what is wrong. */
export function readFilters(interaction: ChatInputCommandInteraction): AskFilters | string {
  const source = interaction.options.getString('source')?.trim() || undefined;
  const after = parseDay(interaction.options.getString('after'), 'after');
  const before = parseDay(interaction.options.getString('before'), 'before');
  for (const day of [after, before]) if (day.error !== undefined) return day.error;
  if (after.day !== undefined && before.day !== undefined && after.day > before.day) {
    return `The \`after\` day (${after.day}) is later than the \`before\` day (${before.day}); swap them or widen the range.`;
  }
  return {
    ...(source === undefined ? {} : { source }),
    ...(after.day === undefined ? {} : { after: after.day }),
    ...(before.day === undefined ? {} : { before: before.day }),
  };
}

/** The `source`, `after` and `before` options as /ask and /timeline declare them (read back by readFilters). */
export const sourceOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('source').setDescription('Only this outlet').setAutocomplete(true).setMaxLength(100);
export const afterOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('after').setDescription('Only articles on or after this day (YYYY-MM-DD)').setMaxLength(10);
export const beforeOption = (o: SlashCommandStringOption): SlashCommandStringOption =>
  o.setName('before').setDescription('Only articles on or before this day (YYYY-MM-DD)').setMaxLength(10);
