/**
 * /sources: the full citations of your latest /ask in this channel; with no earlier ask, an overview of the
 * knowledge base (outlets with their labels and counts, marked where this server excludes them); with `query`,
 * the matching documents. Everything comes from memory, so no defer is needed.
 * Replies are ephemeral: citations are a personal follow-up, not something to post to the channel.
 */
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import type { BotContext } from '../src/bot/context.ts';
import { appliedSettings } from '../src/bot/server-settings.ts';
import { unknownButtonMessage } from '../src/bot/format/messages.ts';
import {
  formatCitations,
  formatDocumentMatches,
  formatOverview,
  matchDocuments,
  maxSourcesQuery,
} from '../src/bot/format/sources.ts';
import { reply, update } from '../src/bot/respond.ts';

const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('Citations of your latest /ask here, or an overview of the knowledge base')
  .addStringOption((o) =>
    o
      .setName('query')
      .setDescription('Find indexed documents by title, outlet, file or URL')
      .setMaxLength(maxSourcesQuery),
  );

export default {
  data,
  async execute(interaction, context) {
    const engine = context.engine();
    const query = interaction.options.getString('query')?.trim();
    if (query) {
      const draft = formatDocumentMatches(query, matchDocuments(await engine.documents(), query), 0);
      return reply(interaction, draft, { ephemeral: true });
    }
    const last = context.asks.lastAsk(interaction.channelId, interaction.user.id);
    const draft =
      last === null
        ? formatOverview(
            await engine.stats(),
            await engine.documents(),
            0,
            await context.feeds(),
            await excludedHere(interaction.guildId, context),
          )
        : formatCitations(last.question, last.passages);
    await reply(interaction, draft, { ephemeral: true });
  },
  async button(interaction, context, [action, pageText = '0', ...queryParts]) {
    const engine = context.engine();
    const page = Number.parseInt(pageText, 10) || 0;
    if (action === 'page') {
      // From a citations reply the overview is new content; from an overview it is a page turn in place.
      const draft = formatOverview(
        await engine.stats(),
        await engine.documents(),
        page,
        await context.feeds(),
        await excludedHere(interaction.guildId, context),
      );
      if (interaction.message.embeds[0]?.title === 'Sources')
        return reply(interaction, draft, { ephemeral: true });
      return update(interaction, draft);
    }
    if (action === 'find') {
      const query = queryParts.join(':');
      return update(
        interaction,
        formatDocumentMatches(query, matchDocuments(await engine.documents(), query), page),
      );
    }
    await reply(interaction, unknownButtonMessage(), { ephemeral: true });
  },
} satisfies Command;

/** This server's excluded outlets, lower-cased, so the overview can mark them. */
async function excludedHere(guildId: string | null, context: BotContext): Promise<Set<string>> {
  return new Set((await appliedSettings(context, guildId)).excludeSources.map((s) => s.toLowerCase()));
}
