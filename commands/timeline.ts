/**
 * /timeline: a topic's story in date order, one line per distinct event, paged with Previous/Next. Uses the
 * same relevance decision as /ask, so a topic the corpus does not cover gets "nothing found".
 */
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { sourceChoices } from '../src/bot/format/autocomplete.ts';
import { cooldownMessage, expiredButtonMessage } from '../src/bot/format/messages.ts';
import { formatTimeline } from '../src/bot/format/timeline.ts';
import { afterOption, beforeOption, inputRefusal, readFilters, sourceOption } from '../src/bot/options.ts';
import { plain } from '../src/bot/format/escape.ts';
import { appliedSettings, visibleOutlets } from '../src/bot/server-settings.ts';
import { defer, editReply, reply, suggest, update } from '../src/bot/respond.ts';

const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('The story of a topic in date order, one line per event, from the news corpus')
  .addStringOption((o) =>
    o
      .setName('topic')
      .setDescription('What to follow, e.g. Zaporizhzhia nuclear plant')
      .setRequired(true)
      .setMinLength(3)
      .setMaxLength(200),
  )
  .addStringOption(afterOption)
  .addStringOption(beforeOption)
  .addStringOption(sourceOption)
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the timeline'));

export default {
  data,
  async execute(interaction, context) {
    const filters = readFilters(interaction);
    const topic = interaction.options.getString('topic', true).trim();
    const refusal = await inputRefusal(context.engine(), topic, filters);
    if (refusal !== null) return reply(interaction, { content: plain(refusal) }, { ephemeral: true });
    // The server's /settings apply as to /ask: excluded outlets, private by default, its cooldown.
    const settings = await appliedSettings(context, interaction.guildId);
    const verdict = await context.cooldowns.take(interaction.user.id, settings.cooldownSeconds ?? undefined);
    if (!verdict.ok)
      return reply(interaction, cooldownMessage(verdict.retryAt, verdict.retryInSeconds), {
        ephemeral: true,
      });
    const isPrivate = interaction.options.getBoolean('private') ?? settings.private;
    await defer(interaction, { ephemeral: isPrivate });
    const engine = context.engine();
    const excluded = settings.excludeSources.length > 0 ? { excludeSources: settings.excludeSources } : {};
    const options = { ...filters, ...excluded };
    const timeline = await engine.timeline(topic, options);
    // Stored with the server's exclusions too, so a page built again on another shard leaves out the same outlets.
    const stateId = await context.timelines.save({
      timeline,
      filters: options,
      private: isPrivate,
      userId: interaction.user.id,
    });
    await editReply(
      interaction,
      formatTimeline(timeline, {
        stateId,
        page: 0,
        filters,
        indexedArticles: (await engine.stats()).articles,
      }),
    );
  },
  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'source') return suggest(interaction, []);
    // The outlets this server excluded are left out here as in /ask: /timeline leaves them out of its events too.
    await suggest(
      interaction,
      sourceChoices(await visibleOutlets(context, interaction.guildId), focused.value),
    );
  },
  async button(interaction, context, [action, stateId = '', pageText = '0']) {
    const state = action === 'page' ? await context.timelines.get(stateId) : null;
    if (state === null) return reply(interaction, expiredButtonMessage(), { ephemeral: true });
    const page = Number.parseInt(pageText, 10) || 0;
    // Turning a page edits the message in place: a timeline is one list, not a thread of answers.
    await update(
      interaction,
      formatTimeline(state.timeline, {
        stateId,
        page,
        filters: state.filters,
        indexedArticles: (await context.engine().stats()).articles,
      }),
    );
  },
} satisfies Command;
