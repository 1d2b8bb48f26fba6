/**
 * /watch (Manage Channels, servers only): standing queries. `add` watches a query in this channel: after each
 * feed update, new articles that answer it (the same test as /ask) are posted here, one message per story;
 * `list` shows the server's watches; `remove` stops one. Stored through the context's WatchStore.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import {
  formatWatchAdded,
  formatWatchList,
  formatWatchRemoved,
  maxWatchQuery,
} from '../src/bot/format/watch.ts';
import { plain } from '../src/bot/format/escape.ts';
import { inputRefusal } from '../src/bot/options.ts';
import { reply } from '../src/bot/respond.ts';
import { WatchLimitError } from '../src/state/watch-store.ts';

const data = new SlashCommandBuilder()
  .setName('watch')
  .setDescription('Post new articles from the feeds that answer a query in this channel')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Watch a query in this channel')
      .addStringOption((o) =>
        o
          .setName('query')
          .setDescription('A question, as you would /ask it')
          .setRequired(true)
          .setMinLength(3)
          .setMaxLength(maxWatchQuery),
      )
      .addStringOption((o) => o.setName('source').setDescription('Only this outlet').setMaxLength(100)),
  )
  .addSubcommand((s) => s.setName('list').setDescription("This server's watches"))
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Stop a watch')
      .addStringOption((o) =>
        o.setName('id').setDescription('The id /watch list shows').setRequired(true).setMaxLength(20),
      ),
  );

export default {
  data,
  async execute(interaction, context) {
    if (!interaction.inGuild())
      return reply(interaction, { content: '/watch works in a server only.' }, { ephemeral: true });
    const sub = interaction.options.getSubcommand();
    // Discord enforces the default permission, but a server can loosen it: changing a channel's watches stays
    // with those who manage channels.
    if (sub !== 'list' && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels)) {
      return reply(
        interaction,
        { content: 'Adding and removing watches needs the Manage Channels permission.' },
        { ephemeral: true },
      );
    }
    if (sub === 'add') {
      const query = interaction.options.getString('query', true).trim();
      const source = interaction.options.getString('source')?.trim() || null;
      // A watch /ask would refuse would never post: refuse it now, in the same words.
      const refusal = await inputRefusal(context.engine(), query, source === null ? {} : { source });
      if (refusal !== null) return reply(interaction, { content: plain(refusal) }, { ephemeral: true });
      const watch = await context.watches
        .add({
          guildId: interaction.guildId,
          channelId: interaction.channelId,
          query,
          source,
          createdBy: interaction.user.id,
        })
        .catch((error: unknown) => {
          if (error instanceof WatchLimitError) return error;
          throw error;
        });
      if (watch instanceof WatchLimitError)
        return reply(interaction, { content: `${watch.line}; remove one first.` }, { ephemeral: true });
      context.logger.info(`crisis-desk: watch ${watch.id} added in channel ${watch.channelId}`);
      return reply(interaction, formatWatchAdded(watch));
    }
    if (sub === 'remove') {
      const id = interaction.options.getString('id', true).trim();
      return reply(
        interaction,
        formatWatchRemoved(id, await context.watches.remove(interaction.guildId, id)),
        { ephemeral: true },
      );
    }
    await reply(
      interaction,
      formatWatchList(await context.watches.forGuild(interaction.guildId), interaction.channelId),
      { ephemeral: true },
    );
  },
} satisfies Command;
