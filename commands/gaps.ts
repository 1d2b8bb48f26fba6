/**
 * /gaps (Manage Server or the server's admin role, checked at run time; servers only): the questions this server's members asked that the bot declined or
 * voted down, grouped by similar wording — what the corpus lacks, for the admins who feed it.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { formatGaps, settingsUnavailable } from '../src/bot/format/settings.ts';
import { parseDay } from '../src/bot/options.ts';
import { adminRefusal } from '../src/bot/permissions.ts';
import { defer, editReply, reply } from '../src/bot/respond.ts';
import { CommunityUnavailableError } from '../src/state/community.ts';

const data = new SlashCommandBuilder()
  .setName('gaps')
  .setDescription('Questions the bot could not answer or members voted down (server managers only)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o
      .setName('since')
      .setDescription('Only questions asked on or after this day (YYYY-MM-DD)')
      .setMaxLength(10),
  );

export default {
  data,
  async execute(interaction, context) {
    if (!interaction.inGuild())
      return reply(interaction, { content: '/gaps works in a server only.' }, { ephemeral: true });
    const refusal = adminRefusal(interaction, context.community.settings(interaction.guildId), '/gaps');
    if (refusal !== null) return reply(interaction, { content: refusal }, { ephemeral: true });
    const since = parseDay(interaction.options.getString('since'), 'since');
    if (since.error !== undefined) return reply(interaction, { content: since.error }, { ephemeral: true });
    // Grouping thousands of questions can take longer than Discord's 3-second window for a first reply.
    await defer(interaction, { ephemeral: true });
    try {
      const groups = context.community.gaps({
        guildId: interaction.guildId,
        ...(since.day === undefined ? {} : { since: since.day }),
      });
      await editReply(interaction, formatGaps(groups, since.day ?? null));
    } catch (error) {
      if (error instanceof CommunityUnavailableError)
        return editReply(interaction, settingsUnavailable(error.memberReason));
      throw error;
    }
  },
} satisfies Command;
