/**
 * /reindex (Manage Server or the server's admin role, checked at run time; servers only): an incremental re-index in the background. The reply is
 * edited with progress, at most every few seconds to stay clear of rate limits, and /ask keeps answering
 * from the old index until the host swaps the new one in. A second run while one is going is refused.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { ReindexBusyError } from '../src/bot/context.ts';
import { ReindexElsewhereError } from '../src/host/contract.ts';
import {
  formatBusy,
  formatProgress,
  formatReindexElsewhere,
  formatReindexFailed,
  formatStarting,
  formatSummary,
} from '../src/bot/format/reindex.ts';
import type { ReplyDraft } from '../src/bot/limits.ts';
import { adminRefusal } from '../src/bot/permissions.ts';
import { defer, editReply, reply } from '../src/bot/respond.ts';

/** Minimum pause between two progress edits. */
export const progressEditIntervalMs = 3000;

const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Re-index the news corpus in the background (server managers only)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export default {
  data,
  async execute(interaction, context) {
    if (!interaction.inGuild())
      return reply(interaction, { content: '/reindex works in a server only.' }, { ephemeral: true });
    const refusal = adminRefusal(interaction, context.community.settings(interaction.guildId), '/reindex');
    if (refusal !== null) return reply(interaction, { content: refusal }, { ephemeral: true });
    if (context.isReindexing()) return reply(interaction, formatBusy(), { ephemeral: true });
    await defer(interaction, { ephemeral: true });
    await editReply(interaction, formatStarting());

    const startedAt = context.now();
    let lastEditAt = 0;
    // Edits are chained so they arrive in order; a failed edit (expired token) is logged, never fatal.
    let edits: Promise<void> = Promise.resolve();
    const queueEdit = (draft: ReplyDraft): Promise<void> =>
      (edits = edits
        .then(() => editReply(interaction, draft))
        .catch((error: unknown) =>
          context.logger.warn('crisis-desk: could not edit /reindex progress', { error }),
        ));

    try {
      const summary = await context.reindex((progress) => {
        const now = context.now();
        if (now - lastEditAt < progressEditIntervalMs) return;
        lastEditAt = now;
        void queueEdit(formatProgress(progress, (now - startedAt) / 1000));
      });
      context.logger.info('crisis-desk: re-index finished', { ...summary, skipped: summary.skipped.length });
      await queueEdit(formatSummary(summary));
    } catch (error) {
      if (error instanceof ReindexBusyError) return void (await queueEdit(formatBusy()));
      if (error instanceof ReindexElsewhereError) return void (await queueEdit(formatReindexElsewhere()));
      context.logger.error(`crisis-desk: re-index failed (interaction ${interaction.id})`, { error });
      await queueEdit(formatReindexFailed());
    }
  },
} satisfies Command;
